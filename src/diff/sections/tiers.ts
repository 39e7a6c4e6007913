// The organisation tree: its depth limit, its nodes (added, removed, moved, renamed), what the
// members of each node hold through it, and members moved to another node. A move is judged by
// what the member holds there and by the nodes below it, whose resources ancestor relations reach.

import type { ResolvedPolicy, ResolvedTierNode } from '../../ir.js';
import { isLowest } from '../../resolve/values.js';
import { impactOf } from '../change.js';
import { compareDefinitions, type FieldChange } from '../compare-definitions.js';
import { changeValue, compareLimit, compareValues, sameValue, scaleOf, showValue } from '../compare.js';
import type { DiffSection, SectionChange } from '../section.js';

export const diffTiers: DiffSection = (ctx) => {
  const a = ctx.base.ir;
  const b = ctx.head.ir;
  const out: SectionChange[] = [];
  const da = a.tiers?.maxDepth ?? null;
  const db = b.tiers?.maxDepth ?? null;
  if (da !== db) {
    // A deeper tree allowed is a limit loosened.
    const d = compareLimit(da, db);
    out.push({ kind: 'tiers-changed', impact: impactOf(d.gained, d.lost), field: 'maxDepth', from: da, to: db, message: `tiers: maxDepth ${showValue(da ?? 'none')} -> ${showValue(db ?? 'none')}` });
  }
  const na = a.tiers?.nodes ?? {};
  const nb = b.tiers?.nodes ?? {};
  out.push(
    ...compareDefinitions<ResolvedTierNode>(na, nb, {
      noun: 'tier node',
      kind: 'tier',
      label: (n) => n.name,
      // A node that holds something gives it to whoever is placed there.
      added: (id, n) => (holdsAnything(b, n) ? 'escalation' : 'neutral'),
      removed: () => 'restriction',
      fields: (x, y) => {
        const f: FieldChange[] = [];
        if (x.name !== y.name) f.push({ field: 'name', from: x.name, to: y.name });
        if (x.description !== y.description) f.push({ field: 'description', from: x.description, to: y.description });
        // Under a new parent, the members of every new ancestor reach the node's resources.
        if (x.parent !== y.parent) f.push({ field: 'parent', from: x.parent, to: y.parent, impact: 'escalation', words: `moved from ${showValue(x.parent ?? 'the root')} to ${showValue(y.parent ?? 'the root')}` });
        return f;
      },
    }),
  );
  for (const [id, y] of Object.entries(nb)) {
    const x = na[id];
    if (x === undefined) continue;
    for (const p of new Set([...Object.keys(y.grants), ...Object.keys(x.grants)])) {
      const before = a.permissions[p] ? x.grants[p] : undefined;
      const after = b.permissions[p] ? y.grants[p] : undefined;
      const d = compareValues(scaleOf(a, p), before, scaleOf(b, p), after);
      if (!d.gained && !d.lost && (before === undefined || after === undefined || sameValue(before, after))) continue;
      out.push({
        kind: d.gained ? (d.lost ? 'grant-changed' : 'grant-raised') : d.lost ? 'grant-lowered' : 'grant-changed',
        impact: impactOf(d.gained, d.lost),
        tier: id,
        permission: p,
        from: changeValue(before),
        to: changeValue(after),
        message: `tier node ${id}: ${p} ${showValue(changeValue(before))} -> ${showValue(changeValue(after))}`,
      });
    }
  }
  for (const [id, m] of Object.entries(b.members)) {
    const before = a.members[id];
    if (before === undefined || before.tier === m.tier) continue;
    const gained = movedGains(a, before.tier, b, m.tier);
    const lost = movedGains(b, m.tier, a, before.tier);
    out.push({
      kind: 'member-changed',
      impact: impactOf(gained, lost),
      member: id,
      field: 'tier',
      from: before.tier,
      to: m.tier,
      message: `member ${id} moved from tier ${showValue(before.tier)} to ${showValue(m.tier)}`,
    });
  }
  return out;
};

function holdsAnything(ir: ResolvedPolicy, n: ResolvedTierNode): boolean {
  return Object.entries(n.grants).some(([p, v]) => {
    const s = scaleOf(ir, p);
    // Stryker disable next-line ConditionalExpression: a node's grants name only permissions of its own policy, so s is always defined; the test guards against a malformed IR.
    return s !== undefined && !isLowest(s, v);
  });
}

/** Whether a member moved from node `x` (in `a`) to node `y` (in `b`) gains: grants, or nodes below. */
function movedGains(a: ResolvedPolicy, x: string | null, b: ResolvedPolicy, y: string | null): boolean {
  // Stryker disable next-line ConditionalExpression,OptionalChaining: from no node, the subtree test below reports a gain whatever nx is; a member's node exists, so tiers does too.
  const nx = x === null ? undefined : a.tiers?.nodes[x];
  // Stryker disable next-line OptionalChaining: a member's node exists, so tiers does too.
  const ny = y === null ? undefined : b.tiers?.nodes[y];
  if (!ny) return false;
  for (const [p, v] of Object.entries(ny.grants)) {
    if (compareValues(scaleOf(a, p), nx?.grants[p], scaleOf(b, p), v).gained) return true;
  }
  const below = subtree(a, x);
  return [...subtree(b, y)].some((n) => !below.has(n));
}

/** A node and every node below it. */
function subtree(ir: ResolvedPolicy, node: string | null): Set<string> {
  const out = new Set<string>();
  // Stryker disable next-line ConditionalExpression,LogicalOperator,OptionalChaining: callers pass null or a node of ir; the test only keeps an unknown id from reaching the loop.
  if (node === null || !ir.tiers?.nodes[node]) return out;
  out.add(node);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [id, n] of Object.entries(ir.tiers.nodes)) {
      // Stryker disable next-line ConditionalExpression: out never holds null, so out.has(null) is false anyway.
      if (!out.has(id) && n.parent !== null && out.has(n.parent)) {
        out.add(id);
        // Stryker disable next-line BooleanLiteral: the IR lists tier nodes depth-first, parents first, so one pass finds the whole subtree; the loop keeps that from being an assumption.
        grew = true;
      }
    }
  }
  return out;
}
