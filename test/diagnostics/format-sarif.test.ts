// `--format sarif`: the log validates against the SARIF 2.1.0 schema (vendored in
// test/fixtures/sarif) and carries the same codes and positions as the json format.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, RULES } from '../../src/diagnostics/catalogue.js';
import { cli, MINIMAL, ROOT, writeTree } from '../helpers.js';

// The schema is JSON Schema 2020-12. Its anyOf branches require properties declared one level up,
// which ajv's strict mode flags (strictRequired) although the schema is valid; formats are checked
// with small patterns because ajv-formats is not a dependency.
const ajv = new Ajv2020({
  strict: true,
  strictRequired: false,
  allErrors: true,
  formats: {
    uri: /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/,
    'uri-reference': /^[^\s%]*(?:%[0-9A-Fa-f]{2}[^\s%]*)*$/,
    'date-time': true,
    uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  },
});
const validateSarif = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'test/fixtures/sarif/sarif-2.1.0.json'), 'utf8')));
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function expectValid(log: unknown): void {
  const ok = validateSarif(log);
  expect(validateSarif.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

const BROKEN = MINIMAL.replace('tickets: edit', 'tickets: admin');

interface Log {
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; rules: { id: string; name: string; defaultConfiguration: { level: string } }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn: number } } }[];
    }[];
  }[];
}

describe('check --format sarif', () => {
  it('the schema check itself rejects a malformed log', () => {
    expect(validateSarif({ version: '2.1.0', runs: [{ results: [] }] })).toBe(false);
    expect(validateSarif({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a b.yaml' } } }] }] }] })).toBe(false);
  });

  it('reports every diagnostic with its code, level and position, relative to the repository', async () => {
    const cwd = writeTree({ 'policies/p/policy.yaml': BROKEN });
    const sarif = await cli(['check', '--format', 'sarif'], cwd);
    const json = await cli(['check', '--format', 'json'], cwd);
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.stdout) as Log;
    expectValid(log);
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe('policyc');
    expect(run.tool.driver.version).toBe(VERSION);
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(RULES.map((r) => CATALOGUE[r].code));
    const expected = (JSON.parse(json.stdout) as { code: string; rule: string; severity: string; file: string; line: number; column: number }[]).map((d) => [
      d.code,
      d.rule,
      d.severity,
      d.file,
      d.line,
      d.column,
    ]);
    expect(expected.length).toBeGreaterThan(0);
    expect(
      run.results.map((r) => {
        const loc = r.locations[0]!.physicalLocation;
        return [r.ruleId, run.tool.driver.rules[r.ruleIndex]!.name, r.level, loc.artifactLocation.uri, loc.region?.startLine, loc.region?.startColumn];
      }),
    ).toEqual(expected);
    expect(run.results[0]!.message.text).toMatch(/is not a level of tickets .*\(hint: use one of: off, read, edit\)$/);
  });

  it('a policy without problems gives a valid log with no results and exit 0', async () => {
    const cwd = writeTree({ 'policies/p/policy.yaml': MINIMAL });
    const r = await cli(['check', '--format', 'sarif'], cwd);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const log = JSON.parse(r.stdout) as Log;
    expectValid(log);
    expect(log.runs[0]!.results).toEqual([]);
  });

  it('percent-encodes awkward file names and leaves out the region of folder-level problems', async () => {
    const cwd = writeTree({
      'policies/p/policy.yaml': MINIMAL,
      'policies/p/roles/équipe #1.yaml': 'roles: [\n',
      'policies/q/members.yaml': 'members: {}\n',
    });
    const r = await cli(['check', '--format', 'sarif'], cwd);
    const log = JSON.parse(r.stdout) as Log;
    expectValid(log);
    const uris = log.runs[0]!.results.map((x) => x.locations[0]!.physicalLocation);
    expect(uris).toContainEqual(expect.objectContaining({ artifactLocation: { uri: 'policies/p/roles/%C3%A9quipe%20%231.yaml' }, region: expect.anything() }));
    expect(uris).toContainEqual({ artifactLocation: { uri: 'policies/q' } });
  });

  it('build accepts --format sarif too', async () => {
    const cwd = writeTree({ 'policies/p/policy.yaml': BROKEN });
    const r = await cli(['build', '--format', 'sarif'], cwd);
    expect(r.code).toBe(1);
    expectValid(JSON.parse(r.stdout));
  });
});
