// `policyc explain <dir> <role> [<permission>] --account <file>` and `--member <id>`: what a role
// or a member holds with an account's own data (custom roles, customised cells, tier nodes), and
// where each value comes from. Same shape of output as explain-role.ts; the answers are the
// kernel's, so they are what the generated guards answer for that account.

import type { Locate } from '../explain/explain-role.js';
import { describeCause, explainRole } from '../explain/explain-role.js';
import type { ResolvedPolicy, Trace, Value } from '../ir.js';
import { formatValue, formatValueOf } from '../resolve/values.js';
import { memberCode, pointerEscape, valueOf, type KAccount } from '../runtime/kernel.js';
import { didYouMean } from '../util/text.js';
import type { AccountDocument } from './account-json.js';
import { UsageError } from './io.js';

const show = (v: Value | undefined): string => (v === undefined ? '(unknown)' : formatValue(v));

function isLowest(ir: ResolvedPolicy, p: string, v: Value): boolean {
  return typeof v === 'string' ? ir.permissions[p]!.levels.indexOf(v) === 0 : v.length === 0;
}

function checkPermission(ir: ResolvedPolicy, permission: string | undefined): void {
  if (permission !== undefined && !Object.hasOwn(ir.permissions, permission)) {
    const hint = didYouMean(permission, Object.keys(ir.permissions));
    throw new UsageError(`unknown permission "${permission}"${hint ? `; ${hint}` : ''}`);
  }
}

/** A note when the permission needs a higher plan than the account's: checks answer no whatever the role holds. */
function planNote(ir: ResolvedPolicy, account: KAccount, p: string): string | undefined {
  const min = ir.permissions[p]!.minPlan;
  if (min === null) return undefined;
  const plan = account.plan;
  if (plan !== undefined && ir.plans[plan]!.rank >= ir.plans[min]!.rank) return undefined;
  return `needs the ${min} plan; the account is on ${plan ?? 'no plan'}, so checks of ${p} answer no`;
}

/**
 * The rows of a permission in the account: the permission itself, or one per object of its kind
 * ("<permission>:<object>") for a permission held per object, which has no value of its own.
 */
function rowsOf(ir: ResolvedPolicy, account: KAccount, p: string): string[] {
  const kind = ir.permissions[p]!.perObject;
  return kind === undefined ? [p] : (account.objectsOf(kind) ?? []).map((o) => `${p}:${o}`);
}

/** The line of a per-object permission of an account that defines no object of its kind. */
function noObjects(ir: ResolvedPolicy, p: string): string {
  return `${p} = (held per ${ir.permissions[p]!.perObject}; the account defines none)`;
}

/** The permission whose value brings this one up to `value` through an implication, if any. */
function impliedBy(ir: ResolvedPolicy, account: KAccount, role: string, p: string): string | undefined {
  for (const [q, perm] of Object.entries(ir.permissions)) {
    if (!Object.hasOwn(perm.implies, p)) continue;
    const held = account.levelOf(role, q);
    if (held !== undefined && !isLowest(ir, q, held)) return q;
  }
  return undefined;
}

export function explainAccountRole(ir: ResolvedPolicy, trace: Trace, account: KAccount, doc: AccountDocument, role: string | undefined, permission: string | undefined, locate: Locate): string[] {
  if (role === undefined) throw new UsageError('explain --account needs a role (or --member <id>): policyc explain <dir> <role> [<permission>] --account <file>');
  if (!account.isRole(role)) {
    const hint = didYouMean(role, account.roles);
    throw new UsageError(`unknown role "${role}" in the policy and the account${hint ? `; ${hint}` : `; roles: ${account.roles.join(', ')}`}`);
  }
  checkPermission(ir, permission);
  const customIndex = account.data.customRoles.findIndex((c) => c.id === role);
  const custom = customIndex >= 0 ? account.data.customRoles[customIndex]! : undefined;
  const given: Record<string, unknown> = custom ? custom.grants : (account.data.roles[role] ?? {});
  const at = (p: string): string => {
    const ptr = custom ? `/customRoles/${customIndex}/grants/${pointerEscape(p)}` : `/roles/${pointerEscape(role)}/${pointerEscape(p)}`;
    const { line, column } = doc.locate(ptr);
    return `${doc.file}:${line}:${column}`;
  };
  /** Where the account's value of a row of p (p itself, or one of its objects) comes from, in a few words. */
  const cause = (row: string, p: string): string => {
    if (Object.hasOwn(given, row)) return `set by the account (${at(row)})`;
    const by = impliedBy(ir, account, role, p);
    const value = account.levelOf(role, row)!;
    if (custom) return by && !isLowest(ir, p, value) ? `implied by ${by}` : 'not granted';
    // A policy role: the value is the policy's (for every object) unless an account value implied it higher.
    const policy = ir.roles[role]!.grants[p]!;
    if (formatValue(policy) !== formatValue(value) && by) return `implied by ${by}, set by the account`;
    return `policy: ${trace[role]![p]!.map((c) => describeCause(c)).join('; ')}`;
  };
  const kind = custom ? `custom role of the account` : `${ir.roles[role]!.kind}${ir.roles[role]!.admin ? ', admin' : ''}${Object.keys(given).length ? `, ${Object.keys(given).length} cells customised by the account` : ''}`;
  const out: string[] = [];
  if (permission === undefined) {
    out.push(`${role} (${account.roleName(role)}, ${kind})`);
    for (const p of Object.keys(ir.permissions)) {
      const note = planNote(ir, account, p);
      const rows = rowsOf(ir, account, p);
      if (rows.length === 0) out.push(`  ${noObjects(ir, p)}`);
      for (const row of rows) out.push(`  ${row} = ${show(account.levelOf(role, row))}  [${cause(row, p)}${note ? `; ${note}` : ''}]`);
    }
    return out;
  }
  const perObject = ir.permissions[permission]!.perObject;
  if (perObject === undefined) {
    out.push(`${role} holds ${permission} = ${show(account.levelOf(role, permission))} in this account (${account.roleName(role)}, ${kind})`);
    out.push(`  - ${cause(permission, permission)}`);
  } else {
    // Held per object: one value per object the account defines.
    const rows = rowsOf(ir, account, permission);
    out.push(`${role} holds ${permission} per ${perObject} in this account (${account.roleName(role)}, ${kind})`);
    if (rows.length === 0) out.push(`  - ${noObjects(ir, permission)}`);
    for (const row of rows) out.push(`  - ${row} = ${show(account.levelOf(role, row))}: ${cause(row, permission)}`);
  }
  if (!custom && !Object.hasOwn(given, permission)) {
    // The policy's own explanation, with its file positions.
    out.push(...explainRole(ir, trace, role, permission, locate).slice(1, -1).map((l) => `  ${l}`));
  }
  const note = planNote(ir, account, permission);
  if (note) out.push(`  - ${note}`);
  if (!custom) {
    const alts = ir.roles[role]!.allowed[permission]!;
    out.push(alts.length > 1 ? `  the account may set it to: ${alts.map((a) => formatValueOf(ir.scales[ir.permissions[permission]!.scale]!, a)).join(', ')}` : '  it is fixed for this role');
  }
  return out;
}

export function explainAccountMember(ir: ResolvedPolicy, account: KAccount, memberId: string, permission: string | undefined): string[] {
  const member = account.member(memberId);
  if (!member) {
    const ids = (account.data.members ?? []).map((m) => m.id);
    const hint = didYouMean(memberId, ids);
    throw new UsageError(`unknown member "${memberId}"${hint ? `; ${hint}` : ids.length ? '' : '; the account lists no members'}`);
  }
  checkPermission(ir, permission);
  const t = account.tables;
  const out: string[] = [];
  out.push(`member ${member.id} (roles: ${member.roles.join(', ') || 'none'}; tier node: ${member.tier ?? 'none'})`);
  const sources = (p: string): { who: string; value: Value }[] => {
    const pi = t.permissionIndex(p);
    const list: { who: string; value: Value }[] = member.roles.map((r) => ({ who: `role ${r}`, value: account.levelOf(r, p)! }));
    if (member.tier !== null) list.push({ who: `tier node ${member.tier}`, value: valueOf(t, pi, memberCode(t, [], member.tier, pi)) });
    return list;
  };
  /** Which role or node gives the member's value of a row of p: every source at the top level, or per action. */
  const givers = (row: string, p: string, value: Value): string => {
    const list = sources(row);
    if (isLowest(ir, p, value)) return 'not granted';
    if (typeof value === 'string') return `from ${list.filter((s) => s.value === value).map((s) => s.who).join(' and ')}`;
    return value.map((a) => `${a} from ${list.filter((s) => (s.value as readonly string[]).includes(a)).map((s) => s.who).join(' and ')}`).join('; ');
  };
  const perms = permission === undefined ? Object.keys(ir.permissions) : [permission];
  for (const p of perms) {
    const note = planNote(ir, account, p);
    const scale = ir.scales[ir.permissions[p]!.scale]!;
    const rows = rowsOf(ir, account, p);
    if (rows.length === 0) out.push(`  ${noObjects(ir, p)}`);
    // A per-object permission: each object's row, which the kernel holds like a permission of its own.
    for (const row of rows) {
      const value = account.memberValue(member.id, row);
      if (value === undefined) {
        out.push(`  ${row} = (nothing)  [the member holds no known role or node]`);
        continue;
      }
      if (permission === undefined) {
        out.push(`  ${row} = ${formatValueOf(scale, value)}  [${givers(row, p, value)}${note ? `; ${note}` : ''}]`);
        continue;
      }
      out.push(`  ${row} = ${formatValueOf(scale, value)} (the union of the member's roles and tier node)`);
      for (const s of sources(row)) out.push(`    - ${s.who}: ${formatValueOf(scale, s.value)}`);
      out.push(`    ${givers(row, p, value)}`);
      if (note) out.push(`    ${note}`);
    }
  }
  return out;
}
