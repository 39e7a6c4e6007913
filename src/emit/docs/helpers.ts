// What every part of the generated README shares: the resolved policy, an optional watch cache,
// and the wording helpers that turn policy values into escaped Markdown in display names. Each
// helper's output went through markdownInline / markdownCode (or is fixed text), so a part may
// put it in a field whose name ends in `Md` as it is.

import type { Condition, Relation, ResolvedPolicy, ResolvedScale, Value } from '../../ir.js';
import { optionOf } from '../../resolve/values.js';
import { markdownInline } from '../escape.js';
import type { EmitCache } from '../emit-cache.js';

/** Relations in a few words, for the "When" columns (fixed text, no policy strings). */
const RELATION_WORDS: Record<string, string> = {
  assignee: 'member is the assignee',
  follower: 'member is a follower',
  former_assignee: 'member was an assignee before',
  assigned: 'assigned',
  unassigned: 'unassigned',
  same_group: 'same group',
  same_organization: 'same organisation',
  same_tier: 'same tier node',
  parent_tier: "member's node is the node directly above",
  ancestor_tier: "member's node is any node above",
  public: 'not private',
};

/** The policy and the shared wording helpers, made once per emit and handed to every part. */
export interface DocsContext {
  readonly ir: ResolvedPolicy;
  /** Present in watch: what the previous emit of the same policy kept. */
  readonly cache: EmitCache | undefined;
  readonly roleIds: readonly string[];
  readonly permIds: readonly string[];
  /** A policy string, escaped for Markdown inline text (each distinct string escaped once). */
  md(s: string): string;
  scaleOf(perm: string): ResolvedScale;
  /** A value in display names, escaped; "—" for an empty action set. */
  label(scale: ResolvedScale, v: Value): string;
  /** Some actions of an action set, in the scale's order, by their labels. */
  actionList(scale: ResolvedScale, actions: readonly string[]): string;
  permLabel(perm: string): string;
  roleName(role: string): string;
  planLabel(plan: string): string;
  switchLabel(id: string): string;
  /** Whether a plan is the account's plan or below it (every plan when the policy names none). */
  onAccountPlan(plan: string): boolean;
  /** "at least X" for a level, "with X" for an action; null means anything above the lowest. */
  threshold(scale: ResolvedScale, atLeast: string | null): string;
  /** A condition on a permission, as its label and threshold. */
  condition(c: Condition): string;
  /** A relation in a few words; a declared relation reads as its label, in lower case like the default ones. */
  wordsOf(r: Relation): string;
  /** Relations joined with "and"; none reads as "any <resource>". */
  relationWords(relations: readonly Relation[], resourceLabel: string): string;
  /** The values of a scale, lowest first for ordered ones. */
  scaleValues(s: ResolvedScale): string;
}

export function docsContext(ir: ResolvedPolicy, cache?: EmitCache): DocsContext {
  // The matrix repeats the same few level labels in every cell (59,100 cells at 197 x 300):
  // escape each distinct string once.
  const escaped = new Map<string, string>();
  const md = (s: string): string => {
    let out = escaped.get(s);
    if (out === undefined) escaped.set(s, (out = markdownInline(s)));
    return out;
  };
  const scaleOf = (perm: string): ResolvedScale => ir.scales[ir.permissions[perm]!.scale]!;
  const label = (scale: ResolvedScale, v: Value): string => {
    if (typeof v === 'string') return md(scale.labels[v] ?? v);
    // A scale of options: the option the value stands for (what it includes goes without saying).
    const option = scale.single ? optionOf(scale, v) : null;
    if (option !== null) return md(scale.labels[option] ?? option);
    const ordered = scale.levels.filter((a) => v.includes(a));
    return ordered.length ? ordered.map((a) => md(scale.labels[a] ?? a)).join(', ') : '—';
  };
  const permLabel = (perm: string): string => md(ir.permissions[perm]!.label);
  const accountRank = ir.plan !== null && ir.plans[ir.plan] ? ir.plans[ir.plan]!.rank : Infinity;
  const threshold = (scale: ResolvedScale, atLeast: string | null): string => {
    if (scale.single) return atLeast === null ? 'with any option' : `at ${label(scale, atLeast)} or an option that includes it`;
    if (scale.kind === 'actions') return atLeast === null ? 'with any action' : `with ${label(scale, atLeast)}`;
    return `at least ${label(scale, atLeast ?? scale.levels[1] ?? scale.levels[0]!)}`;
  };
  const wordsOf = (r: Relation): string => (Object.hasOwn(ir.relations, r) ? md(ir.relations[r]!.label.toLowerCase()) : RELATION_WORDS[r]!);
  return {
    ir,
    cache,
    roleIds: Object.keys(ir.roles),
    permIds: Object.keys(ir.permissions),
    md,
    scaleOf,
    label,
    actionList: (scale, actions) =>
      scale.levels
        .filter((a) => actions.includes(a))
        .map((a) => md(scale.labels[a] ?? a))
        .join(', '),
    permLabel,
    roleName: (role) => md(ir.roles[role]!.name),
    planLabel: (plan) => md(ir.plans[plan]?.label ?? plan),
    switchLabel: (id) => md(ir.switches[id]?.label ?? id),
    onAccountPlan: (plan) => (ir.plans[plan]?.rank ?? 0) <= accountRank,
    threshold,
    condition: (c) => `${permLabel(c.permission)} ${threshold(scaleOf(c.permission), c.atLeast)}`,
    wordsOf,
    relationWords: (relations, resourceLabel) => (relations.length ? relations.map(wordsOf).join(' and ') : `any ${resourceLabel}`),
    scaleValues: (s) =>
      s.kind === 'ordered'
        ? s.levels.map((v) => label(s, v)).join(' < ')
        : s.single
          ? `one of ${s.levels.map((v) => label(s, v)).join(', ')}`
          : `any of ${s.levels.map((v) => label(s, v)).join(', ')}`,
  };
}
