// The library reads no templates from disk: they are embedded in src/emit/templates.generated.ts,
// as the rules' help is in src/diagnostics/help.generated.ts. These tests fail when a template or
// docs/diagnostics.md changed without `npm run embed`, and when the emitter imports the file system.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { embeddedModules, parseRuleHelp } from '../../src/cli/embed-assets.js';
import { RULES } from '../../src/diagnostics/catalogue.js';
import { ROOT } from '../helpers.js';

describe('embedded assets', () => {
  const fresh = embeddedModules(pathToFileURL(ROOT.endsWith('/') ? ROOT : `${ROOT}/`));

  it.each([...fresh.keys()])('%s matches its sources (run npm run embed if not)', (path) => {
    expect(readFileSync(join(ROOT, path), 'utf8')).toBe(fresh.get(path));
  });

  it('every template file is embedded', () => {
    const module = fresh.get('src/emit/templates.generated.ts')!;
    const names = readdirSync(join(ROOT, 'src/emit/templates')).filter((f) => f.endsWith('.hbs'));
    expect(names.length).toBeGreaterThan(1);
    for (const n of names) expect(module).toContain(JSON.stringify(n));
  });

  it('every rule of the catalogue has a description and a fix in docs/diagnostics.md', () => {
    const help = parseRuleHelp(readFileSync(join(ROOT, 'docs/diagnostics.md'), 'utf8'));
    expect([...help.keys()].sort()).toEqual([...RULES].sort());
    for (const h of help.values()) {
      expect(h.description.length).toBeGreaterThan(20);
      expect(h.fix.length).toBeGreaterThan(10);
      expect(h.fix).not.toMatch(/\*\*/);
    }
  });

  it('a section without a fix is refused by the parser', () => {
    expect(() => parseRuleHelp('### PC1001 yaml-syntax\n\n**What triggers it.** Bad.\n\n## Next\n')).toThrow(/How to fix it/);
  });

  it.each(['emit-docs.ts', 'emit-policy.ts', 'escape.ts', ...readdirSync(join(ROOT, 'src/emit/docs')).map((f) => `docs/${f}`)])('src/emit/%s imports nothing that reads files', (file) => {
    const text = readFileSync(join(ROOT, 'src/emit', file), 'utf8');
    expect(text).not.toMatch(/from 'node:fs'|from 'fs'|readFileSync|import\.meta\.url/);
  });
});
