// The published JSON Schema: compiles in ajv's strict mode, documents every property for editor
// hover help, and every policy file in the repository points at it on its first line.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_LINE } from '../../src/load/load-yaml.js';
import { loadSchema, schemaValidator } from '../../src/validate/validate-schema.js';
import { ROOT } from '../helpers.js';

type Schema = { [k: string]: unknown };

function walk(node: unknown, path: string, visit: (s: Schema, path: string) => void): void {
  if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${path}/${i}`, visit));
  else if (node && typeof node === 'object') {
    visit(node as Schema, path);
    for (const [k, v] of Object.entries(node)) walk(v, `${path}/${k}`, visit);
  }
}

describe.each(['policy.schema.json', 'policy-test.schema.json'])('schema/%s', (name) => {
  const schema = loadSchema(name);

  it('is draft 2020-12 and compiles in ajv strict mode', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(() => schemaValidator(name)).not.toThrow();
  });

  it('has a description on every property (directly or on the definition it refers to)', () => {
    const defs = schema.$defs as Record<string, Schema>;
    const missing: string[] = [];
    walk(schema, '#', (s, path) => {
      const props = s.properties as Record<string, Schema> | undefined;
      if (!props || typeof props !== 'object') return;
      for (const [name, p] of Object.entries(props)) {
        if (p === (true as unknown)) continue; // "present" markers inside oneOf branches
        const ref = typeof p.$ref === 'string' ? defs[p.$ref.replace('#/$defs/', '')] : undefined;
        if (typeof p.description !== 'string' && typeof ref?.description !== 'string') missing.push(`${path}/properties/${name}`);
      }
    });
    expect(missing).toEqual([]);
  });
});

describe('policy files', () => {
  const files: string[] = [];
  const collect = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) collect(p);
      else if (/\.ya?ml$/.test(e)) files.push(p);
    }
  };
  collect(join(ROOT, 'policies'));
  collect(join(ROOT, 'test/fixtures/golden'));

  it.each(files.map((f) => [relative(ROOT, f)]))('%s starts with a $schema line that resolves to the schema', (rel) => {
    const text = readFileSync(join(ROOT, rel), 'utf8');
    const first = text.split('\n')[0]!;
    expect(first).toMatch(SCHEMA_LINE);
    const target = first.replace(/^# yaml-language-server: \$schema=/, '');
    const schema = rel.split('/').includes('tests') ? 'policy-test.schema.json' : 'policy.schema.json';
    expect(join(ROOT, rel, '..', target)).toBe(join(ROOT, 'schema', schema));
  });
});
