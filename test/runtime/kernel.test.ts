// The kernel used in-process by the compiler (tables built from the IR) and the kernel inlined
// into guards.ts are one and the same: the embedded source is current, and both answer alike.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tablesOf } from '../../src/runtime/from-ir.js';
import { kCan, kCanAccess, kOpenAccount, kMemberCan } from '../../src/runtime/kernel.js';
import { KERNEL_SOURCE } from '../../src/runtime/kernel-source.js';
import * as userlike from '../../generated/userlike/guards.js';
import { checkDir, ROOT } from '../helpers.js';

describe('the kernel', () => {
  it('is embedded as it is written (npm run build:cli regenerates kernel-source.ts)', () => {
    const text = readFileSync(join(ROOT, 'src/runtime/kernel.ts'), 'utf8').replace(/^export (?=(const|function|interface|type|class) )/gm, '');
    expect(KERNEL_SOURCE).toBe(text);
    expect(readFileSync(join(ROOT, 'generated/userlike/guards.ts'), 'utf8')).toContain(KERNEL_SOURCE.trimEnd());
  });

  it('answers in-process exactly as the generated guards do, for every role, permission and level', () => {
    const ir = checkDir('policies/userlike').ir!;
    const t = tablesOf(ir);
    let n = 0;
    for (const role of [...Object.keys(ir.roles), 'ghost'])
      for (const [perm, p] of Object.entries(ir.permissions))
        for (const level of [undefined, ...p.levels, 'bogus'])
          for (const plan of [undefined, ...Object.keys(ir.plans)]) {
            expect(kCan(t, role, perm, level, plan)).toBe(userlike.can(role as userlike.Role, perm as userlike.Permission, level as never, plan as userlike.Plan));
            expect(kMemberCan(t, { roles: [role] }, perm, level, plan)).toBe(userlike.memberCan({ roles: [role as userlike.Role] }, perm as userlike.Permission, level as never, plan as userlike.Plan));
            n++;
          }
    expect(n).toBeGreaterThan(500);
    const resource = { kind: 'conversation', assignee: null, group: 'g1' };
    const actor = { id: 'a', roles: ['staff'], groups: ['g1'] };
    expect(kCanAccess(t, actor, resource, 'read', undefined)).toBe(userlike.canAccess(actor as userlike.Actor, resource as userlike.Resource, 'read'));
  });

  it('opens the same account with the same version in-process and in the guards', () => {
    const ir = checkDir('policies/userlike').ir!;
    const data = { members: [{ id: 'o', roles: ['owner'] }, { id: 's', roles: ['staff'] }], roles: { staff: { analytics: 'read' } } };
    const a = kOpenAccount(tablesOf(ir), {}, data);
    const b = userlike.openAccount(data);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) {
      expect(a.account.version).toBe(b.account.version);
      expect(a.account.memberCan('s', 'analytics', 'read')).toBe(true);
      expect(b.account.memberCan('s', 'analytics', 'read')).toBe(true);
      expect(userlike.memberCan({ roles: ['staff'] }, 'analytics', 'read')).toBe(false);
    }
  });
});
