// What every diff section receives, and what it returns. One section per file in ./sections, each
// comparing one part of the IR; adding a part of the language to the diff is adding one section.

import type { ResolvedPolicy, Trace } from '../ir.js';
import type { Change } from './change.js';

/** One version of a policy: its resolved IR and the trace of why each role holds each value. */
export interface PolicySide {
  ir: ResolvedPolicy;
  trace: Trace;
}

export interface DiffContext {
  readonly base: PolicySide;
  readonly head: PolicySide;
  /** Base role id -> head role id, for every role on both sides (the same id, or renamed). */
  readonly roleMap: ReadonlyMap<string, string>;
  /** Head ids of roles with no counterpart in the base. */
  readonly addedRoles: readonly string[];
  /** Base ids of roles with no counterpart in the head. */
  readonly removedRoles: readonly string[];
  /** [base id, head id] of roles whose id changed while their grants and members did not. */
  readonly renamedRoles: readonly (readonly [string, string])[];
}

/** A change before the policy name is attached (sections do not need to repeat it). */
export type SectionChange = Omit<Change, 'policy'>;

export type DiffSection = (ctx: DiffContext) => SectionChange[];

/** A base role id as the head knows it (renamed roles take their new id); removed roles keep theirs. */
export function headRoleId(ctx: DiffContext, baseId: string): string {
  return ctx.roleMap.get(baseId) ?? baseId;
}
