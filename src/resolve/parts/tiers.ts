// The tier tree: nested organisational units (one root, bounded depth) with the grants each
// node gives its members, closed under implications.

import type { Origin } from '../../diagnostics/diagnostic.js';
import type { ResolvedTierNode, Value } from '../../ir.js';
import { dict } from '../../util/text.js';
import { child } from '../merge.js';
import type { ResolveContext } from '../part.js';
import { lowest } from '../values.js';
import { closeGrants, parseValue, scaleOf } from './permissions.js';

export function resolveTiers(ctx: ResolveContext): void {
  const def = ctx.merged.tiers;
  if (!def) return;
  const { bag, unknown } = ctx;
  const docs = def.value.nodes;
  const ids = Object.keys(docs);
  const nodeAt = (id: string): Origin => child(def.at, 'nodes', id);
  const parent = new Map<string, string | null>();
  for (const id of ids) {
    const p = docs[id]!.parent;
    if (p !== undefined && !Object.hasOwn(docs, p)) {
      unknown('tier node', p, child(nodeAt(id), 'parent'), ids);
      parent.set(id, null);
    } else parent.set(id, p ?? null);
  }
  const roots = ids.filter((id) => parent.get(id) === null && docs[id]!.parent === undefined);
  if (roots.length !== 1) {
    const at = roots.length > 1 ? { ...nodeAt(roots[1]!), key: true } : { ...child(def.at, 'nodes'), key: true };
    bag.report({
      rule: 'tier-root',
      message: roots.length === 0 ? 'the tier tree has no root (a node without parent)' : `the tier tree has ${roots.length} roots (${roots.join(', ')}); it must have exactly one`,
      at,
      hint: roots.length > 1 ? `give "${roots[1]}" a parent` : 'remove the parent of the top node',
    });
  }
  // Depth-first from the roots: order, depth; nodes never reached sit on a parent cycle.
  const children = new Map<string, string[]>();
  for (const id of ids) {
    const p = parent.get(id);
    if (p) {
      const list = children.get(p);
      if (list) list.push(id);
      else children.set(p, [id]);
    }
  }
  const order: string[] = [];
  const depth = new Map<string, number>();
  const stack: [string, number][] = roots.map((r) => [r, 1] as [string, number]).reverse();
  while (stack.length) {
    const [id, d] = stack.pop()!;
    order.push(id);
    depth.set(id, d);
    for (const c of [...(children.get(id) ?? [])].reverse()) stack.push([c, d + 1]);
  }
  const unreached = ids.filter((id) => !depth.has(id) && parent.get(id) !== null);
  if (unreached.length) {
    bag.report({
      rule: 'tier-cycle',
      message: `tier nodes are each other's parents in a cycle: ${unreached.join(', ')}`,
      at: child(nodeAt(unreached[0]!), 'parent'),
      hint: 'every chain of parents must end at the root',
    });
  }
  const nodes: Record<string, ResolvedTierNode> = dict();
  for (const id of order) {
    const doc = docs[id]!;
    const d = depth.get(id)!;
    if (d > def.value.maxDepth) {
      bag.report({
        rule: 'tier-depth',
        message: `tier node "${id}" is at level ${d}; tiers.maxDepth is ${def.value.maxDepth}`,
        at: { ...nodeAt(id), key: true },
        hint: 'attach the node higher up, or raise tiers.maxDepth if the product allows it',
      });
    }
    const grants: Record<string, Value> = dict();
    for (const p of Object.keys(ctx.ir.permissions)) grants[p] = lowest(scaleOf(ctx, p));
    for (const [p, v] of Object.entries(doc.grants ?? {})) {
      const at = child(nodeAt(id), 'grants', p);
      if (!ctx.ir.permissions[p]) {
        if (!ctx.broken.has(p)) unknown('permission', p, { ...at, key: true }, Object.keys(ctx.ir.permissions));
        continue;
      }
      const value = parseValue(ctx, p, v, at);
      if (value !== undefined) grants[p] = value;
    }
    closeGrants(ctx, grants);
    nodes[id] = { name: doc.name, description: doc.description ?? null, parent: parent.get(id) ?? null, depth: d, grants };
  }
  ctx.ir.tiers = { maxDepth: def.value.maxDepth, nodes };
}
