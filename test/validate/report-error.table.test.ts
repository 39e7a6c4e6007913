// The schema stage end to end in-process, without YAML: validateDocument on a document given as a
// value, and the diagnostics it reports. Each row a fragment of the minimal policy and the exact
// diagnostics: rule, JSON path, whether they sit at a key, and the facts of the message and the hint
// (the key or value, where, the expected forms, the allowed values, the near name).

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticBag, type Origin } from '../../src/diagnostics/diagnostic.js';
import { levelContext, NO_LEVELS } from '../../src/validate/level-context.js';
import { compileSchemaSource, schemaValidator, standaloneFile, validateDocument } from '../../src/validate/validate-schema.js';
import { ROOT } from '../helpers.js';

/** The minimal policy of test/helpers.ts as a value; `edit` changes a copy of it. */
function minimal(edit: (d: Record<string, any>) => void = () => {}): Record<string, unknown> {
  const d: Record<string, any> = {
    title: 'Minimal',
    scales: { access: { levels: ['off', 'read', 'edit'] }, toggle: { levels: ['off', 'on'] } },
    permissions: { tickets: { label: 'Tickets', scale: 'access' }, billing: { label: 'Billing', scale: 'toggle' } },
    roles: { owner: { name: 'Owner', kind: 'owner' }, agent: { name: 'Agent', grants: { tickets: 'edit' } } },
  };
  edit(d);
  return d;
}

interface Want {
  rule?: string;
  path: string;
  key?: boolean;
  /** Texts the message contains, in order (a first one starting with ^ opens it). */
  message: readonly string[];
  /** Texts the hint contains, or null for no hint. */
  hint: readonly string[] | null;
}

/** Validates one document; the diagnostics with the origin each was reported at. */
function run(doc: unknown, levels = false, schema?: string) {
  const origins: Origin[] = [];
  const bag = new DiagnosticBag((o) => {
    origins.push(o);
    return { line: 1, column: 1 };
  });
  const ok = validateDocument('p.yaml', doc, bag, schema, levels ? levelContext([doc]) : NO_LEVELS);
  return { ok, diagnostics: bag.all(), origins };
}

function expectDiagnostics(doc: unknown, want: readonly Want[], levels = false): void {
  const r = run(doc, levels);
  expect(r.ok).toBe(false);
  expect(r.diagnostics.map((d) => [d.rule, d.path])).toEqual(want.map((w) => [w.rule ?? 'schema', w.path]));
  want.forEach((w, i) => {
    const d = r.diagnostics[i]!;
    expect(d.file).toBe('p.yaml');
    expect(r.origins.find((o) => o.path === d.path)?.key ?? false, `key: ${d.path}`).toBe(w.key ?? false);
    expect(d.message).toMatch(pattern(w.message));
    if (w.hint === null) expect(d.hint).toBeUndefined();
    else expect(d.hint).toMatch(pattern(w.hint));
  });
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The texts in order; a first text starting with ^ must open the string. */
const pattern = (texts: readonly string[]): RegExp =>
  new RegExp(texts.map((s, i) => (i === 0 && s.startsWith('^') ? `^${escape(s.slice(1))}` : escape(s))).join('.*'));

describe('validateDocument', () => {
  it('accepts the minimal policy and reports nothing', () => {
    const r = run(minimal());
    expect(r.ok).toBe(true);
    expect(r.diagnostics).toEqual([]);
  });

  it.each<[string, Record<string, unknown> | unknown, Want[]]>([
    ['an unknown top-level key, with the near name', minimal((d) => (d.titel = 'x')), [{ path: '/titel', key: true, message: ['unknown key "titel" in the document'], hint: ['did you mean "title"'] }]],
    [
      'an unknown key with no near name: the allowed keys',
      minimal((d) => (d.roles.agent.zzzzzz = 1)),
      [{ path: '/roles/agent/zzzzzz', key: true, message: ['unknown key "zzzzzz" in roles/agent'], hint: ['allowed keys: ', 'name, ', 'grants'] }],
    ],
    ['an unknown key with / and ~: escaped in the path', minimal((d) => (d['a/b~c'] = 1)), [{ path: '/a~1b~0c', key: true, message: ['unknown key "a/b~c" in the document'], hint: ['allowed keys: title'] }]],
    ['a missing required key, at the mapping', minimal((d) => delete d.roles.agent.name), [{ path: '/roles/agent', message: ['roles/agent is missing the required key "name"'], hint: null }]],
    ['a missing key of a permission', minimal((d) => delete d.permissions.tickets.scale), [{ path: '/permissions/tickets', message: ['permissions/tickets is missing the required key "scale"'], hint: null }]],
    [
      'a key that is no valid id: at the key, with the description',
      minimal((d) => (d.scales['Bad Id'] = { levels: ['a', 'b'] })),
      [{ path: '/scales/Bad Id', key: true, message: ['"Bad Id" is not a valid key in scales (An identifier'], hint: null }],
    ],
    [
      'a value that is no valid id: at the value, with the description',
      minimal((d) => (d.roles.agent.inherits = ['Bad Id'])),
      [{ path: '/roles/agent/inherits/0', message: ['roles/agent/inherits/0: "Bad Id" is not valid (An identifier'], hint: null }],
    ],
    ['a value outside an enum, with the near name', minimal((d) => (d.roles.agent.kind = 'ownr')), [{ path: '/roles/agent/kind', message: ['roles/agent/kind must be one of "owner", "builtin", "custom"'], hint: ['did you mean "owner"'] }]],
    ['a value outside an enum with no near name', minimal((d) => (d.roles.agent.kind = 'zzzzzzzz')), [{ path: '/roles/agent/kind', message: ['must be one of "owner"'], hint: null }]],
    ['a number outside an enum: no hint', minimal((d) => (d.roles.agent.kind = 5)), [{ path: '/roles/agent/kind', message: ['must be one of'], hint: null }]],
    ['a number for a text', minimal((d) => (d.title = 5)), [{ path: '/title', message: ['title must be a text, not the number 5'], hint: null }]],
    ['true for a text', minimal((d) => (d.title = true)), [{ path: '/title', message: ['title must be a text, not the value true'], hint: null }]],
    ['nothing for a text', minimal((d) => (d.title = null)), [{ path: '/title', message: ['title must be a text, not an empty value'], hint: null }]],
    ['a list for a text', minimal((d) => (d.title = ['a'])), [{ path: '/title', message: ['title must be a text, not a list'], hint: null }]],
    ['a mapping for a text', minimal((d) => (d.title = { a: 1 })), [{ path: '/title', message: ['title must be a text, not a mapping'], hint: null }]],
    ['a text for a mapping', minimal((d) => (d.roles = 'none')), [{ path: '/roles', message: ['roles must be a mapping, not the text "none"'], hint: null }]],
    ['a text for a list', minimal((d) => (d.roles.agent.inherits = 'owner')), [{ path: '/roles/agent/inherits', message: ['roles/agent/inherits must be a list, not the text "owner"'], hint: null }]],
    ['a text for true or false', minimal((d) => (d.roles.agent.admin = 'yes')), [{ path: '/roles/agent/admin', message: ['roles/agent/admin must be true or false, not the text "yes"'], hint: null }]],
    ['a document that is no mapping', ['a'], [{ path: '', message: ['the document must be a mapping, not a list'], hint: null }]],
    [
      'a limit of the wrong form: the alternative, with the expected forms',
      minimal((d) => (d.limits = { maxRoles: 'many' })),
      [{ path: '/limits/maxRoles', message: ['limits/maxRoles has the wrong form: Most roles'], hint: ['expected a whole number or a mapping, not the text "many"'] }],
    ],
    [
      'a scale with both levels and actions (oneOf)',
      minimal((d) => (d.scales.toggle = { levels: ['off', 'on'], actions: ['x'] })),
      [{ path: '/scales/toggle', message: ['scales/toggle has the wrong form: An ordered scale'], hint: null }],
    ],
    ['a keyword without its own wording: ajv\'s message', minimal((d) => (d.limits = { minOwners: -1 })), [{ path: '/limits/minOwners', message: ['limits/minOwners must be >= '], hint: null }]],
  ])('%s', (_name, doc, want) => {
    expectDiagnostics(doc, want);
  });

  it.each<[string, Record<string, unknown>, Want[]]>([
    [
      'a grant that is no level of its scale, with the near level',
      minimal((d) => (d.roles.agent.grants.tickets = 'Edit')),
      [{ rule: 'invalid-level', path: '/roles/agent/grants/tickets', message: ['roles/agent/grants/tickets: the text "Edit" is not a value of the scale "access" of tickets'], hint: ['did you mean "edit"', 'valid values: off, read, edit'] }],
    ],
    [
      'a grant far from every level: the values only',
      minimal((d) => (d.roles.agent.grants.tickets = 'Zzzzzz')),
      [{ rule: 'invalid-level', path: '/roles/agent/grants/tickets', message: ['the text "Zzzzzz" is not a value'], hint: ['^valid values: off, read, edit'] }],
    ],
    [
      'a level in capitals with spaces: the near level of the trimmed, lower-case text',
      minimal((d) => (d.roles.agent.grants.tickets = ' EDIT ')),
      [{ rule: 'invalid-level', path: '/roles/agent/grants/tickets', message: ['the text " EDIT " is not a value'], hint: ['^did you mean "edit"', 'valid values: off, read, edit'] }],
    ],
    [
      'an implied value that is no level',
      minimal((d) => (d.permissions.billing.implies = { tickets: 3 })),
      [{ rule: 'invalid-level', path: '/permissions/billing/implies/tickets', message: ['the number 3 is not a value of the scale "access" of tickets'], hint: ['^valid values: off, read, edit'] }],
    ],
    [
      'a number as grant',
      minimal((d) => (d.roles.agent.grants.tickets = 2)),
      [{ rule: 'invalid-level', path: '/roles/agent/grants/tickets', message: ['the number 2 is not a value of the scale "access"'], hint: ['valid values: off, read, edit'] }],
    ],
    [
      'nothing as grant',
      minimal((d) => (d.roles.agent.grants.tickets = null)),
      [{ rule: 'invalid-level', path: '/roles/agent/grants/tickets', message: ['an empty value is not a value of the scale "access"'], hint: ['valid values: off, read, edit'] }],
    ],
    [
      'a mapping as grant is a schema error, not a level',
      minimal((d) => (d.roles.agent.grants.tickets = { default: 'read', alowed: ['edit'] })),
      [{ path: '/roles/agent/grants/tickets/alowed', key: true, message: ['unknown key "alowed"'], hint: ['did you mean "allowed"'] }],
    ],
    [
      'a level of the scale that is no valid id: the schema error',
      minimal((d) => {
        d.scales.access.levels = ['off', 'Read'];
        d.roles.agent.grants.tickets = 'Read';
      }),
      [
        { path: '/roles/agent/grants/tickets', message: ['"Read" is not valid'], hint: null },
        { path: '/scales/access/levels/1', message: ['"Read" is not valid'], hint: null },
      ],
    ],
  ])('with the levels of the document: %s', (_name, doc, want) => {
    expectDiagnostics(doc, want, true);
  });

  it.each<[string, Record<string, unknown>, [string, string, string]]>([
    ['a list for the cases', { cases: 'none' }, ['schema', '/cases', 'cases must be a list, not the text "none"']],
    [
      'a type of two forms: both named',
      { cases: [{ name: 'c', permission: 'tickets', expect: 'allow' }], resources: { r1: { kind: 'x', assignee: 5 } } },
      ['schema', '/resources/r1/assignee', 'resources/r1/assignee must be a text or nothing, not the number 5'],
    ],
  ])('the test schema: %s', (_name, doc, want) => {
    const r = run(doc, false, 'policy-test.schema.json');
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => [d.rule, d.path, d.message])).toEqual([want]);
  });
});

describe('the validators of the schemas', () => {
  const sha256 = (name: string): string => createHash('sha256').update(readFileSync(join(ROOT, 'schema', name), 'utf8')).digest('hex');

  it.each(['policy.schema.json', 'policy-test.schema.json'])('%s: the build precompiles it to dist/validate/', (name) => {
    expect(standaloneFile(name).pathname).toBe(join(ROOT, 'dist/validate', name.replace(/\.json$/, '.validate.cjs')));
  });

  it.each(['policy.schema.json', 'policy-test.schema.json'])('%s: the precompiled validator is used when built from the schema as it is', (name) => {
    // npm test builds first, so the precompiled validators are current.
    expect((schemaValidator(name) as { schemaHash?: string }).schemaHash).toBe(sha256(name));
  });

  it('a schema that does not exist is an error, not a validator', () => {
    expect(() => schemaValidator('nothing.schema.json')).toThrow(/ENOENT/);
  });

  it('compiled at run time: strict, every error, with the value and the schema of each', () => {
    const c = compileSchemaSource('policy.schema.json');
    expect(c.hash).toBe(sha256('policy.schema.json'));
    expect(c.ajv.opts.strict).toBe(true);
    expect(c.ajv.opts.code.source).toBeUndefined();
    expect(compileSchemaSource('policy.schema.json', { source: true }).ajv.opts.code.source).toBe(true);
    expect(c.validate(minimal())).toBe(true);
    const bad = minimal((d) => {
      d.title = 5;
      d.roles.agent.kind = 'ownr';
    });
    expect(c.validate(bad)).toBe(false);
    const errors = c.validate.errors!;
    expect(errors.map((e) => [e.keyword, e.instancePath, e.data])).toEqual([
      ['type', '/title', 5],
      ['enum', '/roles/agent/kind', 'ownr'],
    ]);
    expect(errors.every((e) => typeof e.parentSchema === 'object')).toBe(true);
    // The same errors as the precompiled validator.
    const pre = schemaValidator('policy.schema.json');
    expect(pre(bad)).toBe(false);
    expect(pre.errors!.map((e) => [e.keyword, e.instancePath, e.data])).toEqual(errors.map((e) => [e.keyword, e.instancePath, e.data]));
  });
});
