// Schema errors (src/validate): each malformed form is one schema diagnostic at the offending key
// or value, with a did-you-mean hint where a near name exists. A document the schema refuses must
// never pass without a diagnostic (nested alternatives used to cancel each other out).

import { describe, expect, it } from 'vitest';
import { checkFiles, MINIMAL } from '../helpers.js';

const swap = (from: string, to: string): string => {
  if (!MINIMAL.includes(from)) throw new Error(`test bug: ${JSON.stringify(from)} not in MINIMAL`);
  return MINIMAL.replace(from, to);
};
const AGENT = '    name: Agent\n';

describe('schema errors: rule, path, position and hint', () => {
  it.each([
    ['an unknown top-level key, at the key, with the near name', `${MINIMAL}titel: X\n`, '/titel', 15, 1, 'title'],
    ['an unknown key in a role, at the key', swap(AGENT, `${AGENT}    nmae: Agent\n`), '/roles/agent/nmae', 13, 5, 'name'],
    ['an unknown key with / and ~, escaped in the path; no near name lists the keys', `${MINIMAL}limits:\n  "a/b~c": 1\n`, '/limits/a~1b~0c', 16, 3, 'maxRoles'],
    ['a missing required key, at the mapping', swap(AGENT, '    kind: builtin\n'), '/roles/agent', 12, 5, null],
    ['a key that is no valid id, at the key', swap('  billing: { label: Billing, scale: toggle }', '  "Bad Id": { label: Billing, scale: toggle }'), '/permissions/Bad Id', 8, 3, null],
    ['a value that is no valid id, at the value', swap(AGENT, `${AGENT}    inherits: ["Bad Id"]\n`), '/roles/agent/inherits/0', 13, 16, null],
    ['a value outside an enum, with the near name', swap(AGENT, `${AGENT}    kind: ownr\n`), '/roles/agent/kind', 13, 11, 'owner'],
    ['a number outside an enum, without a hint', swap(AGENT, `${AGENT}    kind: 5\n`), '/roles/agent/kind', 13, 11, null],
    ['a limit of the wrong form', `${MINIMAL}limits:\n  maxRoles: many\n`, '/limits/maxRoles', 16, 13, 'expected a whole number or a mapping'],
    ['a scale with both levels and actions (oneOf)', swap('toggle: { levels: [off, on] }', 'toggle: { levels: [off, on], actions: [x] }'), '/scales/toggle', 5, 11, null],
    ['a deeper error inside an alternative wins over the alternative', swap('tickets: edit', 'tickets: { default: edit, allowed: 5 }'), '/roles/agent/grants/tickets/allowed', 14, 42, 'expected "any" or a list'],
    ['a number as a grant (two nested alternatives at one path): a value of the wrong scale', swap('tickets: edit', 'tickets: 5'), '/roles/agent/grants/tickets', 14, 16, 'valid values: off, read, edit', 'invalid-level'],
    ['a misspelt key in a grant object (two nested alternatives at one path): reported at the key', swap('tickets: edit', 'tickets: { default: edit, alowed: [read] }'), '/roles/agent/grants/tickets/alowed', 14, 33, 'did you mean "allowed"'],
    ['a document that is no mapping', '# yaml-language-server: $schema=../../schema/policy.schema.json\n- a\n- b\n', '', 2, 1, null],
  ] as [string, string, string, number, number, string | null, string?][])('%s', (_name, text, path, line, column, hint, rule = 'schema') => {
    const r = checkFiles({ 'policy.yaml': text });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => ({ rule: d.rule, path: d.path, line: d.line, column: d.column }))).toEqual([{ rule, path, line, column }]);
    const d = r.diagnostics[0]!;
    expect(d.message.trim()).not.toBe('');
    if (hint === null) expect(d.hint).toBeUndefined();
    else expect(d.hint).toContain(hint);
  });
});

// Not the wording, but the facts each message carries: where (as a path), the key or value, the
// allowed values, and the schema's own description of the expected form.
describe('schema errors name the facts', () => {
  it.each([
    ['an unknown top-level key', `${MINIMAL}titel: X\n`, ['"titel"', 'in the document']],
    ['an unknown key in a role', swap(AGENT, `${AGENT}    nmae: Agent\n`), ['"nmae"', 'in roles/agent']],
    ['a missing required key', swap(AGENT, '    kind: builtin\n'), ['roles/agent is missing', '"name"']],
    ['a key that is no valid id', swap('  billing: { label: Billing, scale: toggle }', '  "Bad Id": { label: Billing, scale: toggle }'), ['"Bad Id" is not a valid key in permissions (A permission id']],
    ['a value that is no valid id', swap(AGENT, `${AGENT}    inherits: ["Bad Id"]\n`), ['roles/agent/inherits/0: "Bad Id" is not valid (An identifier']],
    ['a value outside an enum', swap(AGENT, `${AGENT}    kind: ownr\n`), ['roles/agent/kind must be one of "owner", "builtin", "custom"']],
    ['a value of the wrong form', `${MINIMAL}limits:\n  maxRoles: many\n`, ['limits/maxRoles has the wrong form: Most roles in total']],
    ['a oneOf of the wrong form', swap('toggle: { levels: [off, on] }', 'toggle: { levels: [off, on], actions: [x] }'), ['scales/toggle has the wrong form: An ordered scale']],
    ['a document that is no mapping', '# yaml-language-server: $schema=../../schema/policy.schema.json\n- a\n', ['the document must be a mapping']],
  ] as const)('%s', (_name, text, facts) => {
    const messages = checkFiles({ 'policy.yaml': text }).diagnostics.map((d) => d.message);
    expect(messages.some((m) => facts.every((f) => m.includes(f))), `${JSON.stringify(messages)} carries ${JSON.stringify(facts)}`).toBe(true);
  });
});
