// Switches (add-ons, product switches, account facts): the switches themselves, their policy
// value, and which switches a permission or feature requires. A switch the policy now assumes on,
// or a requirement dropped, puts something in effect on more accounts: an escalation.

import type { ResolvedSwitch } from '../../ir.js';
import { impactOf, type Impact } from '../change.js';
import { compareDefinitions, textFields } from '../compare-definitions.js';
import { showValue } from '../compare.js';
import type { DiffSection, SectionChange } from '../section.js';

export const diffSwitches: DiffSection = (ctx) => {
  const a = ctx.base.ir;
  const b = ctx.head.ir;
  const out: SectionChange[] = [];
  out.push(
    ...compareDefinitions<ResolvedSwitch>(a.switches, b.switches, {
      noun: 'switch',
      kind: 'switch',
      label: (s) => s.label,
      fields: (x, y) => [...textFields(x, y), ...(x.on !== y.on ? [{ field: 'on', from: x.on, to: y.on, impact: impactOf(y.on, x.on), words: y.on ? 'now on unless an account turns it off' : 'now off unless an account turns it on' }] : [])],
    }),
  );
  const requires = (kind: 'permission' | 'feature', id: string, x: readonly string[], y: readonly string[]): SectionChange | undefined => {
    const dropped = x.filter((s) => !y.includes(s));
    const added = y.filter((s) => !x.includes(s));
    if (dropped.length + added.length === 0) return undefined;
    const impact: Impact = impactOf(dropped.length > 0, added.length > 0);
    return {
      kind: `${kind}-changed`,
      impact,
      [kind]: id,
      field: 'requires',
      from: [...x],
      to: [...y],
      message: `${kind} ${id}: switches required ${showValue([...x])} -> ${showValue([...y])}`,
    };
  };
  for (const [id, p] of Object.entries(b.permissions)) {
    if (!Object.hasOwn(a.permissions, id)) continue;
    const c = requires('permission', id, a.permissions[id]!.requires, p.requires);
    if (c) out.push(c);
  }
  for (const [id, f] of Object.entries(b.features)) {
    if (!Object.hasOwn(a.features, id)) continue;
    const c = requires('feature', id, a.features[id]!.requires, f.requires);
    if (c) out.push(c);
  }
  return out;
};

/** Ids of the switches that are on in a policy (its own values). */
