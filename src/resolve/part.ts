// What every resolve part receives. One part per file in ./parts, each resolving one part of the
// language into the IR; adding a part of the language to the resolve stage is adding one part.

import type { DiagnosticBag, Origin } from '../diagnostics/diagnostic.js';
import type { Cause, ResolvedPolicy, ResolvedRole, Trace } from '../ir.js';
import { dict, didYouMean, validList } from '../util/text.js';
import { child, type MergedPolicy, type RoleDoc } from './merge.js';

/** Reports a reference to something that is not defined, with a did-you-mean hint. */
export type Unknown = (what: string, id: string, at: Origin, known: Iterable<string>) => void;

export interface ResolveContext {
  readonly merged: MergedPolicy;
  readonly bag: DiagnosticBag;
  readonly unknown: Unknown;
  /**
   * The IR being built. Each part fills in its own fields and may read those of the parts before
   * it in RESOLVE_PARTS; every field starts empty.
   */
  readonly ir: ResolvedPolicy;
  readonly trace: Trace;
  /** Permissions left out because their scale is unknown; references to them are not reported again. */
  readonly broken: Set<string>;
  /** Permissions with their sources before the permissions they imply (set by the implications part). */
  closureOrder: string[];
  /** What the previous resolve of the same policy computed, when it is kept (watch). */
  readonly memo?: ResolveMemo;
}

/**
 * Resolved roles of the previous resolve of a policy, for the next one: a role whose definition,
 * origin and parents' results are unchanged, in a policy whose scales, permissions and
 * implications are unchanged, is the same object with the same trace. Only roles whose
 * resolution reported nothing are kept, so that every diagnostic is reported again.
 */
export class ResolveMemo {
  /** The scales, permissions, closure order and left-out permissions the roles below were resolved with. */
  context = '';
  readonly roles = new Map<string, { doc: RoleDoc; file: string; path: string; parents: ResolvedRole[]; role: ResolvedRole; causes: Record<string, Cause[]> }>();
}

export type ResolvePart = (ctx: ResolveContext) => void;

/**
 * The ids of a list (`requires`, `contexts`) that name a definition of `known`, in the list's
 * order; each unknown one is reported at its entry, with a did-you-mean hint.
 */
export function checkRefs(what: string, known: Record<string, unknown>, ids: readonly string[] | undefined, at: Origin, unknown: Unknown): string[] {
  const out: string[] = [];
  (ids ?? []).forEach((id, i) => {
    if (Object.hasOwn(known, id)) out.push(id);
    else unknown(what, id, child(at, i), Object.keys(known));
  });
  return out;
}

export function createContext(name: string, merged: MergedPolicy, bag: DiagnosticBag, memo?: ResolveMemo): ResolveContext {
  const unknown: Unknown = (what, id, at, known) => {
    const list = [...known];
    const hint = didYouMean(id, list) ?? validList(list);
    bag.report({ rule: 'unknown-reference', message: `unknown ${what} "${id}"`, at, ...(hint ? { hint } : {}) });
  };
  // Key order here is the key order of policy.json.
  const ir: ResolvedPolicy = {
    version: '',
    name,
    title: merged.title?.value ?? name,
    description: merged.description?.value ?? null,
    plans: dict(),
    plan: null,
    features: dict(),
    switches: dict(),
    contexts: dict(),
    objects: dict(),
    quotas: dict(),
    scales: dict(),
    groups: dict(),
    resources: dict(),
    relations: dict(),
    permissions: dict(),
    roles: dict(),
    exceptions: dict(),
    tiers: null,
    rules: dict(),
    delegation: { manageRoles: [], assignRoles: [] },
    defaultRole: null,
    limits: { maxRoles: null, maxCustomRoles: null, byPlan: dict(), minOwners: 1, rolesPerMember: { min: 1, max: null }, reservedNames: [], distinctNames: 'exact' },
    members: dict(),
  };
  return { merged, bag, unknown, ir, trace: dict(), broken: new Set(), closureOrder: [], ...(memo ? { memo } : {}) };
}
