// Resolution to the IR: inheritance (highest wins), implication closure, action-set closure,
// allowed values, owner roles, and merging of several files.

import { describe, expect, it } from 'vitest';
import { checkFiles, SCHEMA_LINE } from '../helpers.js';

const HEAD = `${SCHEMA_LINE(2)}scales:
  access: { levels: [off, read, edit] }
  toggle: { levels: [off, on] }
  crud: { actions: [read, create, update, delete], implies: { create: [read], update: [read], delete: [update] } }
permissions:
  a: { label: A, scale: access }
  b: { label: B, scale: access }
  c: { label: C, scale: toggle }
  d: { label: D, scale: crud }
roles:
  owner: { name: Owner, kind: owner }
`;

function resolve(roles: string, extraPermissions = '') {
  const text = HEAD.replace('roles:\n', `${extraPermissions}roles:\n`) + roles;
  const r = checkFiles({ 'policy.yaml': text });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.ir!;
}

describe('inheritance', () => {
  it('takes the highest value over the own grant and every parent', () => {
    const ir = resolve(`  p1: { name: P1, grants: { a: read, b: edit } }
  p2: { name: P2, grants: { a: edit, d: [create] } }
  child: { name: Child, inherits: [p1, p2], grants: { a: off, b: read, d: [delete] } }
`);
    expect(ir.roles.child!.grants).toEqual({ a: 'edit', b: 'edit', c: 'off', d: ['create', 'delete', 'read', 'update'] });
  });

  it('a child resolves after its parents whatever the declaration order', () => {
    const ir = resolve(`  child: { name: Child, inherits: [mid] }
  mid: { name: Mid, inherits: [base] }
  base: { name: Base, grants: { c: on } }
`);
    expect(ir.roles.child!.grants.c).toBe('on');
    expect(Object.keys(ir.roles)).toEqual(['owner', 'child', 'mid', 'base']);
  });
});

describe('implications', () => {
  it('are transitive and apply to every role holding the source above its lowest value', () => {
    const ir = resolve(
      `  r: { name: R, grants: { a: read } }
  s: { name: S }
`,
      '',
    );
    expect(ir.roles.s!.grants).toEqual({ a: 'off', b: 'off', c: 'off', d: [] });
    const ir2 = checkFiles({
      'policy.yaml': HEAD.replace('  a: { label: A, scale: access }', '  a: { label: A, scale: access, implies: { b: read } }').replace(
        '  b: { label: B, scale: access }',
        '  b: { label: B, scale: access, implies: { c: on, d: [update] } }',
      ) + '  r: { name: R, grants: { a: read } }\n',
    }).ir!;
    expect(ir2.roles.r!.grants).toEqual({ a: 'read', b: 'read', c: 'on', d: ['read', 'update'] });
  });

  it('close action sets over their own implications', () => {
    const ir = resolve('  r: { name: R, grants: { d: [delete] } }\n');
    expect(ir.roles.r!.grants.d).toEqual(['delete', 'read', 'update']);
  });
});

describe('allowed values', () => {
  it.each([
    ['a fixed grant', '{ name: R, grants: { a: read } }', 'a', ['read']],
    ['alternatives', '{ name: R, grants: { a: { default: read, allowed: [edit] } } }', 'a', ['read', 'edit']],
    ['any', '{ name: R, grants: { a: { default: read, allowed: any } } }', 'a', ['off', 'read', 'edit']],
    ['customizable role, plain grant', '{ name: R, customizable: true, grants: { a: read } }', 'a', ['off', 'read', 'edit']],
    ['customizable role, locked grant', '{ name: R, customizable: true, grants: { a: { default: read, allowed: [] } } }', 'a', ['read']],
    ['customizable role, ungranted', '{ name: R, customizable: true }', 'c', ['off', 'on']],
    ['ungranted', '{ name: R }', 'c', ['off']],
    ['action set alternatives', '{ name: R, grants: { d: { default: [read], allowed: [[create]] } } }', 'd', [['read'], ['create', 'read']]],
  ])('%s', (_name, role, perm, want) => {
    const ir = resolve(`  r: ${role}\n`);
    expect(ir.roles.r!.allowed[perm]).toEqual(want);
  });

  it('never go below what a parent forces', () => {
    const ir = resolve(`  base: { name: Base, grants: { a: read } }
  r: { name: R, inherits: [base], grants: { a: { default: edit, allowed: any } } }
`);
    expect(ir.roles.r!.allowed.a).toEqual(['read', 'edit']);
  });

  it('customizable never opens an admin-only or owner-only permission', () => {
    const text = HEAD.replace('  c: { label: C, scale: toggle }', '  c: { label: C, scale: toggle, adminOnly: true }') + '  r: { name: R, customizable: true }\n';
    const r = checkFiles({ 'policy.yaml': text });
    expect(r.diagnostics).toEqual([]);
    expect(r.ir!.roles.r!.allowed.c).toEqual(['off']);
    expect(r.ir!.roles.r!.allowed.a).toEqual(['off', 'read', 'edit']);
  });
});

describe('owner roles', () => {
  it('hold every permission at its highest value, fixed', () => {
    const ir = resolve('');
    expect(ir.roles.owner!.grants).toEqual({ a: 'edit', b: 'edit', c: 'on', d: ['create', 'delete', 'read', 'update'] });
    expect(ir.roles.owner!.allowed.a).toEqual(['edit']);
    expect(ir.roles.owner!.protected).toBe(true);
  });
});

describe('several files', () => {
  it('merge, and a definition made twice is reported at both places', () => {
    const role = (name: string) => `${SCHEMA_LINE(3)}roles:\n  agent: { name: ${name} }\n`;
    const r = checkFiles({ 'policy.yaml': HEAD, 'roles/a.yaml': role('Agent A'), 'roles/b.yaml': role('Agent B') });
    expect(r.diagnostics.map((d) => [d.rule, d.file, d.line, d.column])).toEqual([
      ['duplicate-definition', 'policies/p/roles/a.yaml', 3, 3],
      ['duplicate-definition', 'policies/p/roles/b.yaml', 3, 3],
    ]);
  });

  it('the IR does not depend on how the policy is split into files', () => {
    const whole = checkFiles({ 'policy.yaml': HEAD + '  agent: { name: Agent, grants: { a: read } }\n' });
    const split = checkFiles({ 'policy.yaml': HEAD, 'roles/agent.yaml': `${SCHEMA_LINE(3)}roles:\n  agent: { name: Agent, grants: { a: read } }\n` });
    expect(split.ir).toEqual(whole.ir);
  });
});

describe('broken references do not cascade', () => {
  it('a permission with an unknown scale is reported once, not at every grant', () => {
    const text = HEAD.replace('  a: { label: A, scale: access }', '  a: { label: A, scale: acess }') + '  r: { name: R, grants: { a: read } }\n';
    const r = checkFiles({ 'policy.yaml': text });
    expect(r.diagnostics.map((d) => [d.rule, d.message, d.hint])).toEqual([['unknown-reference', 'unknown scale "acess"', 'did you mean "access"?']]);
  });
});

describe('switches', () => {
  const SWITCHES = 'switches:\n  explore: { label: Explore, on: true }\n  privacy: { label: Privacy add-on }\n';
  it('a switch is off unless the policy says on; requires keeps the order written', () => {
    const ir = checkFiles({ 'policy.yaml': HEAD.replace('permissions:\n', `${SWITCHES}permissions:\n`).replace('c: { label: C, scale: toggle }', 'c: { label: C, scale: toggle, requires: [privacy, explore] }') }).ir!;
    expect(ir.switches).toEqual({ explore: { label: 'Explore', description: null, on: true }, privacy: { label: 'Privacy add-on', description: null, on: false } });
    expect(ir.permissions.c!.requires).toEqual(['privacy', 'explore']);
    expect(ir.permissions.a!.requires).toEqual([]);
  });

  it('an unknown switch in requires is reported at its list entry, with a hint', () => {
    const r = checkFiles({ 'policy.yaml': HEAD.replace('permissions:\n', `${SWITCHES}permissions:\n`).replace('c: { label: C, scale: toggle }', 'c: { label: C, scale: toggle, requires: [explore, privcy] }') });
    expect(r.diagnostics.map((d) => [d.rule, d.message, d.hint, d.path])).toEqual([['unknown-reference', 'unknown switch "privcy"', 'did you mean "privacy"?', '/permissions/c/requires/1']]);
    expect(r.ir!.permissions.c!.requires).toEqual(['explore']);
  });
});

describe('contexts', () => {
  const CONTEXTS = 'contexts:\n  ui: { label: Screens }\n  api: { label: API }\n';
  it('contexts keep their order; a permission keeps the contexts it is limited to, or none', () => {
    const ir = checkFiles({ 'policy.yaml': HEAD.replace('permissions:\n', `${CONTEXTS}permissions:\n`).replace('c: { label: C, scale: toggle }', 'c: { label: C, scale: toggle, contexts: [api] }') }).ir!;
    expect(Object.keys(ir.contexts)).toEqual(['ui', 'api']);
    expect(ir.contexts.api).toEqual({ label: 'API', description: null });
    expect(ir.permissions.c!.contexts).toEqual(['api']);
    expect(ir.permissions.a!.contexts).toEqual([]);
  });

  it('an unknown context is reported at its list entry, with a hint', () => {
    const r = checkFiles({ 'policy.yaml': HEAD.replace('permissions:\n', `${CONTEXTS}permissions:\n`).replace('c: { label: C, scale: toggle }', 'c: { label: C, scale: toggle, contexts: [ui, apj] }') });
    expect(r.diagnostics.map((d) => [d.rule, d.hint, d.path])).toEqual([['unknown-reference', 'did you mean "api"?', '/permissions/c/contexts/1']]);
  });
});
