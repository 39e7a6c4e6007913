// The resolved intermediate representation (IR) that every consumer reads: emitters, explain,
// export and, later, diff and test. It is also the shape of generated/<name>/policy.json.

export type Value = string | readonly string[];

export interface ResolvedScale {
  kind: 'ordered' | 'actions';
  label: string | null;
  description: string | null;
  /** Ordered scales: levels lowest first. Action sets: the actions in declared order. */
  levels: string[];
  /** Display names of levels or actions (every level has one; defaults to the id). */
  labels: Record<string, string>;
  /** Action sets only: action -> actions that come with it (transitively closed). */
  implies: Record<string, string[]>;
}

export interface ResolvedGroup {
  label: string;
  description: string | null;
}

export interface ResolvedPermission {
  label: string;
  description: string | null;
  group: string | null;
  scale: string;
  kind: 'ordered' | 'actions';
  /** Ordered: levels lowest first. Action sets: the actions. */
  levels: string[];
  /** Permission id -> the least value this permission brings with it when held above its lowest value. */
  implies: Record<string, Value>;
  adminOnly: boolean;
  ownerOnly: boolean;
}

export type RoleKind = 'owner' | 'builtin' | 'custom';

export interface ResolvedRole {
  name: string;
  description: string | null;
  kind: RoleKind;
  admin: boolean;
  /** Owner and admin roles, and roles with an editableBy list, are out of reach of other roles. */
  protected: boolean;
  inherits: string[];
  editableBy: string[];
  /** Every permission id -> effective value (level, or sorted array of actions). */
  grants: Record<string, Value>;
  /** Every permission id -> the values an administrator may choose; one element when locked. */
  allowed: Record<string, Value[]>;
}

export interface ResolvedLimits {
  maxRoles: number | null;
  maxCustomRoles: number | null;
  minOwners: number;
  rolesPerMember: { min: number; max: number | null };
  reservedNames: string[];
}

export interface ResolvedMember {
  name: string | null;
  roles: string[];
}

export interface ResolvedPolicy {
  /** Content hash (16 hex digits) of everything below; POLICY_VERSION in the guards. */
  version: string;
  /** The policy folder's name, which is also the name of its generated folder. */
  name: string;
  title: string;
  description: string | null;
  scales: Record<string, ResolvedScale>;
  groups: Record<string, ResolvedGroup>;
  permissions: Record<string, ResolvedPermission>;
  roles: Record<string, ResolvedRole>;
  defaultRole: string | null;
  limits: ResolvedLimits;
  members: Record<string, ResolvedMember>;
}

/** Why a role holds a permission at a value: one step of an explanation. */
export type Cause =
  | { kind: 'owner' }
  | { kind: 'grant'; value: Value; file: string; path: string }
  | { kind: 'inherited'; from: string; value: Value }
  | { kind: 'implied'; by: string; byValue: Value; value: Value }
  | { kind: 'default'; value: Value };

/** role -> permission -> the causes that produced the effective value, strongest first. */
export type Trace = Record<string, Record<string, Cause[]>>;
