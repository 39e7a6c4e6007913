// Objects: kinds of objects an account defines for itself (Zendesk's custom objects), and the
// permissions held separately for each object of a kind (`perObject:`). A per-object permission is
// a family of cells, one per object, so it can stand wherever a role's value stands (grants,
// bounds, baselines, tier nodes) but not where one value must decide for every object at once:
// implications, access rules, conditions (rules, quotas, delegation, access requirements) and the
// permission a private resource needs. Those uses are refused here (per-object-use) and dropped.

import type { Origin } from '../../diagnostics/diagnostic.js';
import { child } from '../merge.js';
import { checkRefs, type ResolveContext } from '../part.js';

export function resolveObjects(ctx: ResolveContext): void {
  const { merged, ir } = ctx;
  // The schema keeps a kind's defaults unique.
  for (const [id, d] of merged.objects) ir.objects[id] = { label: d.value.label, description: d.value.description ?? null, defaults: [...(d.value.defaults ?? [])] };
}

/** `{ perObject }` for a permission's IR entry when its kind resolves; {} otherwise (reported). */
export function perObjectOf(ctx: ResolveContext, kind: string | undefined, at: Origin): { perObject?: string } {
  if (kind === undefined) return {};
  const [ok] = checkRefs('object kind', ctx.ir.objects, [kind], at, (what, id, _at, known) => ctx.unknown(what, id, at, known));
  return ok === undefined ? {} : { perObject: ok };
}

/** Whether a permission is held per object (so that a condition may not name it). */
export function isPerObject(ctx: ResolveContext, permission: string): boolean {
  return ctx.ir.permissions[permission]?.perObject !== undefined;
}

/** Reports a per-object permission named where one value must hold for every object. */
export function reportPerObjectUse(ctx: ResolveContext, permission: string, where: string, at: Origin): void {
  ctx.bag.report({
    rule: 'per-object-use',
    message: `permission "${permission}" is held per ${ctx.ir.permissions[permission]!.perObject}: it cannot be used in ${where}`,
    at,
    hint: 'name a permission that is not perObject here, or remove perObject',
  });
}

/**
 * Implications and access rules of per-object permissions, and private resources and parts that
 * need one, are refused and dropped (run after implications and resource parts are resolved).
 */
export function checkPerObjectUses(ctx: ResolveContext): void {
  const { merged, ir } = ctx;
  for (const [id, d] of merged.permissions) {
    const p = ir.permissions[id];
    if (!p) continue;
    for (const target of Object.keys(p.implies)) {
      if (p.perObject !== undefined) reportPerObjectUse(ctx, id, 'implies (a per-object permission implies nothing)', { ...child(d.at, 'implies', target), key: true });
      else if (isPerObject(ctx, target)) reportPerObjectUse(ctx, target, `the implies of "${id}"`, { ...child(d.at, 'implies', target), key: true });
      else continue;
      delete p.implies[target];
    }
    if (p.perObject !== undefined && p.access.length > 0) {
      reportPerObjectUse(ctx, id, 'access rules', { ...child(d.at, 'access'), key: true });
      p.access = [];
    }
  }
  ctx.closureOrder = ctx.closureOrder.filter((id) => ir.permissions[id] !== undefined);
  for (const [kind, r] of Object.entries(ir.resources)) {
    const d = merged.resources.get(kind)!;
    if (r.privateNeeds !== null && isPerObject(ctx, r.privateNeeds)) {
      reportPerObjectUse(ctx, r.privateNeeds, `the privateNeeds of resource "${kind}"`, child(d.at, 'privateNeeds'));
      r.privateNeeds = null;
    }
    for (const [part, pd] of Object.entries(r.parts ?? {})) {
      if (!isPerObject(ctx, pd.privateNeeds)) continue;
      reportPerObjectUse(ctx, pd.privateNeeds, `the privateNeeds of part "${part}" of resource "${kind}"`, child(d.at, 'parts', part, 'privateNeeds'));
      delete r.parts![part];
    }
    if (r.parts && Object.keys(r.parts).length === 0) delete r.parts;
  }
}
