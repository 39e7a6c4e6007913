// What every analysis rule receives. One rule per file in ./rules, named after the rule.

import type { DiagnosticBag, Origin } from '../diagnostics/diagnostic.js';
import type { ResolvedPolicy } from '../ir.js';
import type { MergedPolicy } from '../resolve/merge.js';

export interface RuleContext {
  readonly policy: ResolvedPolicy;
  readonly merged: MergedPolicy;
  readonly bag: DiagnosticBag;
  /** policy.yaml of the folder: where policy-wide findings are reported when nothing closer exists. */
  readonly mainFile: string;
}

export type AnalysisRule = (ctx: RuleContext) => void;

/** The place to report a finding about a role's permission: its own grant, else the role. */
export function grantOrigin(ctx: RuleContext, role: string, perm: string): Origin {
  const def = ctx.merged.roles.get(role)!;
  if (def.value.grants && Object.hasOwn(def.value.grants, perm)) return { file: def.at.file, path: `${def.at.path}/grants/${perm}`, key: true };
  return { ...def.at, key: true };
}

/** The place to report a finding about a whole section: its key, else the top of policy.yaml when it is empty. */
export function sectionOrigin(ctx: RuleContext, section: 'roles' | 'members'): Origin {
  const first = ctx.merged[section].values().next().value;
  if (!first) return { file: ctx.mainFile, path: '' };
  return { file: first.at.file, path: `/${section}`, key: true };
}
