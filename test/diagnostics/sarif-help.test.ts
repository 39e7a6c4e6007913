// SARIF rules carry the catalogue's summary, and the description and fix that docs/diagnostics.md
// gives for each rule, so that code-scanning viewers can explain a finding.

import { describe, expect, it } from 'vitest';
import { CATALOGUE, RULES } from '../../src/diagnostics/catalogue.js';
import { formatSarif } from '../../src/diagnostics/format-sarif.js';
import { HELP } from '../../src/diagnostics/help.generated.js';

interface Rule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string; markdown: string };
  help: { text: string; markdown: string };
}

const log = JSON.parse(formatSarif([], { toolVersion: '0.0.0' })) as { runs: { tool: { driver: { rules: Rule[] } } }[] };
const rules = log.runs[0]!.tool.driver.rules;

describe('SARIF rules', () => {
  it('one per catalogue entry', () => {
    expect(rules.map((r) => r.name)).toEqual(RULES);
  });

  it.each(RULES)('%s has shortDescription, fullDescription and help', (rule) => {
    const r = rules.find((x) => x.name === rule)!;
    expect(r.id).toBe(CATALOGUE[rule].code);
    expect(r.shortDescription.text).toBe(CATALOGUE[rule].summary);
    expect(r.fullDescription.markdown).toBe(HELP[rule].description);
    expect(r.help.markdown).toBe(HELP[rule].fix);
    // The plain-text forms drop Markdown marks but keep the words.
    for (const t of [r.fullDescription.text, r.help.text]) {
      expect(t.trim().length).toBeGreaterThan(10);
      expect(t).not.toMatch(/`|\*\*/);
    }
  });
});
