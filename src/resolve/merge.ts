// Merges the schema-valid documents of one policy folder into one source model where every
// definition remembers where it was written. A definition made twice is reported at both places.

import type { DiagnosticBag, Origin } from '../diagnostics/diagnostic.js';

export type ValueDoc = string | string[];
export type GrantDoc = ValueDoc | { default: ValueDoc; allowed?: 'any' | ValueDoc[] };

export interface ScaleDoc {
  label?: string;
  description?: string;
  levels?: string[];
  actions?: string[];
  implies?: Record<string, string[]>;
  options?: string[];
  includes?: Record<string, string[]>;
  labels?: Record<string, string>;
}
export interface GroupDoc {
  label: string;
  description?: string;
}
export type RequirementDoc = { action: string } | { permission: string; atLeast?: string } | { feature: string };
export interface AccessRuleDoc {
  resource: string;
  atLeast?: string;
  relations?: string[];
  actions: string[];
  requires?: RequirementDoc[];
}
export interface PermissionDoc {
  label: string;
  description?: string;
  group?: string;
  scale: string;
  actions?: string[];
  baseline?: ValueDoc;
  implies?: Record<string, ValueDoc>;
  adminOnly?: boolean;
  ownerOnly?: boolean;
  minPlan?: string;
  requires?: string[];
  contexts?: string[];
  perObject?: string;
  access?: AccessRuleDoc[];
}
export interface PlanDoc {
  label: string;
  description?: string;
}
export interface FeatureDoc {
  label: string;
  description?: string;
  minPlan: string;
  requires?: string[];
}
export interface ObjectKindDoc {
  label: string;
  description?: string;
  defaults?: string[];
}
export interface ContextDoc {
  label: string;
  description?: string;
}
export interface SwitchDoc {
  label: string;
  description?: string;
  on?: boolean;
}
export interface QuotaCaseDoc {
  if?: ConditionDoc;
  minPlan?: string;
  requires?: string[];
  value: number;
}
export interface QuotaDoc {
  label: string;
  description?: string;
  default: number;
  cases?: QuotaCaseDoc[];
}
export interface PartDoc {
  label: string;
  description?: string;
  actions: string[];
  privateNeeds: string;
}
export interface ResourceDoc {
  label: string;
  description?: string;
  actions: string[];
  privateNeeds?: string;
  parts?: Record<string, PartDoc>;
  attributes?: string[];
}
export interface RelationDoc {
  label: string;
  description?: string;
  actor: string;
  resource: string;
  many?: boolean;
}
export interface ExceptionDoc {
  label: string;
  description?: string;
  resource: string;
  relations?: string[];
  actions: string[];
}
export interface TierNodeDoc {
  name: string;
  description?: string;
  parent?: string;
  grants?: Record<string, ValueDoc>;
}
export interface TiersDoc {
  maxDepth: number;
  nodes: Record<string, TierNodeDoc>;
}
export interface ConditionDoc {
  permission: string;
  atLeast?: string;
}
export interface CrossRuleDoc {
  label: string;
  description?: string;
  if: ConditionDoc;
  then: ConditionDoc;
  severity?: 'error' | 'warning';
}
export interface RoleDoc {
  name: string;
  description?: string;
  kind?: 'owner' | 'builtin' | 'custom';
  admin?: boolean;
  inherits?: string[];
  customizable?: boolean;
  grants?: Record<string, GrantDoc>;
  editableBy?: string[];
}
export type PlanNumberDoc = number | Record<string, number>;
export interface LimitsDoc {
  maxRoles?: PlanNumberDoc;
  maxCustomRoles?: PlanNumberDoc;
  minOwners?: number;
  rolesPerMember?: { min?: number; max?: number };
  reservedNames?: string[];
  distinctNames?: 'exact' | 'lookalike';
}
export interface MemberDoc {
  name?: string;
  roles: string[];
  tier?: string;
}
export interface DelegationDoc {
  manageRoles?: ConditionDoc[];
  assignRoles?: ConditionDoc[];
  cloneRoles?: boolean | { except: string[] };
}
export interface PolicyDoc {
  title?: string;
  description?: string;
  plans?: Record<string, PlanDoc>;
  plan?: string;
  features?: Record<string, FeatureDoc>;
  switches?: Record<string, SwitchDoc>;
  contexts?: Record<string, ContextDoc>;
  objects?: Record<string, ObjectKindDoc>;
  quotas?: Record<string, QuotaDoc>;
  resources?: Record<string, ResourceDoc>;
  relations?: Record<string, RelationDoc>;
  exceptions?: Record<string, ExceptionDoc>;
  tiers?: TiersDoc;
  rules?: Record<string, CrossRuleDoc>;
  delegation?: DelegationDoc;
  scales?: Record<string, ScaleDoc>;
  groups?: Record<string, GroupDoc>;
  permissions?: Record<string, PermissionDoc>;
  roles?: Record<string, RoleDoc>;
  defaultRole?: string;
  limits?: LimitsDoc;
  members?: Record<string, MemberDoc>;
  /** Build targets besides the README and policy.json; read by the build, not part of the IR. */
  targets?: string[];
}

export interface Def<T> {
  id: string;
  value: T;
  at: Origin;
}

export interface MergedPolicy {
  title?: Def<string>;
  description?: Def<string>;
  defaultRole?: Def<string>;
  limits?: Def<LimitsDoc>;
  plan?: Def<string>;
  tiers?: Def<TiersDoc>;
  delegation?: Def<DelegationDoc>;
  targets?: Def<string[]>;
  plans: Map<string, Def<PlanDoc>>;
  features: Map<string, Def<FeatureDoc>>;
  switches: Map<string, Def<SwitchDoc>>;
  contexts: Map<string, Def<ContextDoc>>;
  objects: Map<string, Def<ObjectKindDoc>>;
  quotas: Map<string, Def<QuotaDoc>>;
  resources: Map<string, Def<ResourceDoc>>;
  relations: Map<string, Def<RelationDoc>>;
  exceptions: Map<string, Def<ExceptionDoc>>;
  rules: Map<string, Def<CrossRuleDoc>>;
  scales: Map<string, Def<ScaleDoc>>;
  groups: Map<string, Def<GroupDoc>>;
  permissions: Map<string, Def<PermissionDoc>>;
  roles: Map<string, Def<RoleDoc>>;
  members: Map<string, Def<MemberDoc>>;
}

const SINGLE = ['title', 'description', 'defaultRole', 'limits', 'plan', 'tiers', 'delegation', 'targets'] as const;
const MAPS = [
  ['plans', 'plan'],
  ['features', 'feature'],
  ['switches', 'switch'],
  ['contexts', 'context'],
  ['objects', 'object kind'],
  ['quotas', 'quota'],
  ['resources', 'resource'],
  ['relations', 'relation'],
  ['exceptions', 'exception'],
  ['rules', 'rule'],
  ['scales', 'scale'],
  ['groups', 'group'],
  ['permissions', 'permission'],
  ['roles', 'role'],
  ['members', 'member'],
] as const;

export function mergeDocuments(docs: readonly { file: string; doc: PolicyDoc }[], bag: DiagnosticBag): MergedPolicy {
  const merged: MergedPolicy = {
    plans: new Map(),
    features: new Map(),
    switches: new Map(),
    contexts: new Map(),
    objects: new Map(),
    quotas: new Map(),
    resources: new Map(),
    relations: new Map(),
    exceptions: new Map(),
    rules: new Map(),
    scales: new Map(),
    groups: new Map(),
    permissions: new Map(),
    roles: new Map(),
    members: new Map(),
  };
  const twice = (what: string, first: Origin, second: Origin): void => {
    for (const [here, there] of [
      [first, second],
      [second, first],
    ] as const) {
      bag.report({
        rule: 'duplicate-definition',
        message: `${what} is defined twice; the other definition is at ${bag.where({ ...there, key: true })}`,
        at: { ...here, key: true },
        hint: 'keep one definition and delete the other',
      });
    }
  };
  for (const { file, doc } of docs) {
    for (const key of SINGLE) {
      const value = doc[key];
      if (value === undefined) continue;
      const at = { file, path: `/${key}` };
      const prev = merged[key];
      if (prev) twice(`"${key}"`, prev.at, at);
      else (merged as unknown as Record<string, Def<unknown>>)[key] = { id: key, value, at };
    }
    for (const [section, noun] of MAPS) {
      const entries = doc[section];
      if (!entries) continue;
      const target = merged[section] as Map<string, Def<unknown>>;
      for (const [id, value] of Object.entries(entries)) {
        const at = { file, path: `/${section}/${escapeSegment(id)}` };
        const prev = target.get(id);
        if (prev) twice(`${noun} "${id}"`, prev.at, at);
        else target.set(id, { id, value, at });
      }
    }
  }
  return merged;
}

export function escapeSegment(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function child(at: Origin, ...segments: (string | number)[]): Origin {
  return { file: at.file, path: at.path + segments.map((s) => '/' + escapeSegment(String(s))).join('') };
}
