// Renders diagnostics as a SARIF 2.1.0 log, the format code-scanning services (GitHub code scanning,
// Azure DevOps, IDE viewers) import. One run; every catalogue entry is a rule, so a viewer can show
// a rule's summary, description and fix even for codes that did not fire. The description and fix
// are those of docs/diagnostics.md, embedded by `npm run embed`.

import { CATALOGUE, RULES } from './catalogue.js';
import type { Diagnostic } from './diagnostic.js';
import { HELP } from './help.generated.js';

export interface SarifOptions {
  /** policyc's version, shown as the tool's version (the library does not read package.json). */
  toolVersion: string;
}

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export function formatSarif(list: readonly Diagnostic[], opts: SarifOptions): string {
  const ruleIndex = new Map(RULES.map((r, i) => [r, i]));
  const rules = RULES.map((r) => ({
    id: CATALOGUE[r].code,
    name: r,
    shortDescription: { text: CATALOGUE[r].summary },
    fullDescription: { text: plain(HELP[r].description), markdown: HELP[r].description },
    help: { text: plain(HELP[r].fix), markdown: HELP[r].fix },
    defaultConfiguration: { level: CATALOGUE[r].severity },
  }));
  const results = list.map((d) => {
    const physicalLocation: Record<string, unknown> = { artifactLocation: { uri: fileUri(d.file) } };
    // Line 0 marks a diagnostic about a folder rather than a place in a file: no region then.
    if (d.line > 0) physicalLocation.region = { startLine: d.line, startColumn: Math.max(1, d.column) };
    const properties: Record<string, string> = { rule: d.rule, path: d.path };
    if (d.hint !== undefined) properties.hint = d.hint;
    return {
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.rule)!,
      level: d.severity,
      message: { text: d.hint ? `${d.message} (hint: ${d.hint})` : d.message },
      locations: [{ physicalLocation }],
      properties,
    };
  });
  const log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'policyc', version: opts.toolVersion, rules } },
        // Columns come from the YAML parser's offsets into JavaScript strings.
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** The documentation's Markdown as plain text: code spans and emphasis without their marks. */
function plain(markdown: string): string {
  return markdown.replace(/`([^`]*)`/g, '$1').replace(/\*\*([^*]+)\*\*/g, '$1').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
}

/**
 * Diagnostics name files relative to the working directory, which is how code-scanning services
 * expect them (relative to the repository root); a path outside it is shown absolute and becomes
 * a file: URI. Each segment is percent-encoded so spaces, "#" or non-ASCII names stay valid.
 */
function fileUri(file: string): string {
  const encoded = file.split('/').map(encodeURIComponent).join('/');
  return file.startsWith('/') ? `file://${encoded}` : encoded;
}
