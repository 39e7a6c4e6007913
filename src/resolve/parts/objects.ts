// Objects: kinds of objects an account defines for itself (Zendesk's custom objects), and the
// permissions held separately for each object of a kind (`perObject:`). A per-object permission is
// a family of cells, one per object, so it can stand wherever a role's value stands (grants,
// bounds, baselines, tier nodes) and as the target of a plain permission's implication, which
// then brings its value for every object of the kind (those the account creates later too: a
// Guide admin manages every article). It cannot stand where one value must decide for every
// object at once: as the source of an implication, in access rules, in conditions (rules, quotas,
// delegation, access requirements) or as the permission a private resource needs. Those uses are
// refused here (per-object-use) and dropped.

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
export function reportPerObjectUse(ctx: ResolveContext, permission: string, where: string, at: Origin, hint = 'name a permission that is not perObject here, or remove perObject'): void {
  ctx.bag.report({
    rule: 'per-object-use',
    message: `permission "${permission}" is held per ${ctx.ir.permissions[permission]!.perObject}: it cannot be used in ${where}`,
    at,
    hint,
  });
}

/**
 * Implications and access rules of per-object permissions, and private resources and parts that
 * need one, are refused and dropped (run after implications and resource parts are resolved).
 * An implication from a plain permission into a per-object one stays.
 */
export function checkPerObjectUses(ctx: ResolveContext): void {
  const { merged, ir } = ctx;
  for (const [id, d] of merged.permissions) {
    const p = ir.permissions[id];
    if (!p) continue;
    if (p.perObject !== undefined) {
      // Its value differs from object to object, so no single value could bring another one.
      for (const target of Object.keys(p.implies)) {
        reportPerObjectUse(ctx, id, 'implies (a per-object permission implies nothing: its value differs from object to object)', { ...child(d.at, 'implies', target), key: true }, 'a plain permission may imply a per-object one (for every object), not the other way round; or remove perObject');
        delete p.implies[target];
      }
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
