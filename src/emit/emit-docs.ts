// Emits generated/<name>/README.md from the Handlebars templates in ./templates (embedded in
// ./templates.generated.ts by `npm run embed`, so nothing is read from disk): the roles, the
// role x permission matrix grouped like the source documents with what each permission allows,
// scales, plans and features, resources and access, tiers, cross-field rules, role management,
// inheritance, limits and members. The README is for a support manager who checks the model
// against the product's own documentation, so everything is said in the policy's display names.
//
// Escaping: HTML escaping is off because the output is Markdown, not HTML. A template field is
// either a raw policy string that the template passes through the `md`, `mdBlock`, `mermaid` or
// `code` helper, or a precomputed field whose name ends in `Md`, built in this file from strings
// that each went through markdownInline / markdownCode first. Sections with nothing to show are
// null or empty and left out by the template. The order of everything follows the IR, so the
// output is deterministic.

import Handlebars from 'handlebars';
import { RELATIONS, type AccessRule, type Condition, type Relation, type ResolvedPermission, type ResolvedPolicy, type ResolvedRole, type ResolvedScale, type Value } from '../ir.js';
import { allValues, equal, isLowest, optionOf, satisfies } from '../resolve/values.js';
import { evaluateLimit } from '../evaluate/evaluate.js';
import { DO_NOT_EDIT } from './header.js';
import { markdownBlock, markdownCode, markdownInline, mermaidLabel } from './escape.js';
import { TEMPLATES } from './templates.generated.js';
import { endWithNewline, sameItems, type EmitCache } from './emit-cache.js';

/** Partials of readme.md.hbs: `{{> name}}` reads templates/readme-<name>.hbs. */
const PARTIALS = ['permission-details', 'plans', 'switches', 'objects', 'contexts', 'quotas', 'resources', 'relations', 'tiers', 'rules', 'delegation'] as const;

let compiled: Handlebars.TemplateDelegate | undefined;

function template(): Handlebars.TemplateDelegate {
  if (!compiled) {
    const hbs = Handlebars.create();
    const read = (file: string): string => {
      const text = TEMPLATES[file];
      if (text === undefined) throw new Error(`template ${file} is not embedded; run npm run embed`);
      return text;
    };
    hbs.registerHelper('md', (s: unknown) => markdownInline(String(s ?? '')));
    hbs.registerHelper('mdBlock', (s: unknown) => markdownBlock(String(s ?? '')));
    hbs.registerHelper('mermaid', (s: unknown) => mermaidLabel(String(s ?? '')));
    hbs.registerHelper('code', (s: unknown) => markdownCode(String(s ?? '')));
    for (const p of PARTIALS) hbs.registerPartial(p, hbs.compile(read(`readme-${p}.hbs`), { noEscape: true, strict: true }));
    compiled = hbs.compile(read('readme.md.hbs'), { noEscape: true, strict: true });
  }
  return compiled;
}

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

/** The legend under the resources section: what each relation means, said of one resource. */
const RELATION_MEANING: Record<string, string> = {
  assignee: 'the member is the one it is assigned to',
  follower: 'the member follows it',
  former_assignee: 'it was assigned to the member before',
  assigned: 'it is assigned to someone',
  unassigned: 'nobody is assigned to it',
  same_group: "it belongs to one of the member's groups",
  same_organization: "it belongs to the member's organisation",
  same_tier: "it sits in the member's tier node",
  parent_tier: "the member's tier node is the node directly above its node",
  ancestor_tier: "the member's tier node is above its node (directly or further up)",
  public: 'it is not marked private',
};

/** Display names of the limits that can depend on the plan. */
const LIMIT_NAMES: Record<string, string> = {
  maxRoles: 'Most roles',
  maxCustomRoles: 'Most custom roles',
};

/** The matrix column of a role, by the resolved role, with what else it was computed from. */
const COLUMNS = new WeakMap<ResolvedRole, { key: string; cells: string[] }>();

/** README.md for the policy; with a cache (watch), the matrix rows whose cells did not change are not joined again. */
export function emitDocs(ir: ResolvedPolicy, sourceDir: string, cache?: EmitCache): string {
  const roleIds = Object.keys(ir.roles);
  const permIds = Object.keys(ir.permissions);
  // The matrix repeats the same few level labels in every cell (59,100 cells at 197 x 300):
  // escape each distinct string once.
  const escaped = new Map<string, string>();
  const md = (s: string): string => {
    let out = escaped.get(s);
    if (out === undefined) escaped.set(s, (out = markdownInline(s)));
    return out;
  };
  const scaleOf = (perm: string): ResolvedScale => ir.scales[ir.permissions[perm]!.scale]!;

  /** A value in display names, escaped; "—" for an empty action set. */
  const label = (scale: ResolvedScale, v: Value): string => {
    if (typeof v === 'string') return md(scale.labels[v] ?? v);
    // A scale of options: the option the value stands for (what it includes goes without saying).
    const option = scale.single ? optionOf(scale, v) : null;
    if (option !== null) return md(scale.labels[option] ?? option);
    const ordered = scale.levels.filter((a) => v.includes(a));
    return ordered.length ? ordered.map((a) => md(scale.labels[a] ?? a)).join(', ') : '—';
  };
  const actionList = (scale: ResolvedScale, actions: readonly string[]): string =>
    scale.levels.filter((a) => actions.includes(a)).map((a) => md(scale.labels[a] ?? a)).join(', ');
  const permLabel = (perm: string): string => md(ir.permissions[perm]!.label);
  const roleName = (role: string): string => md(ir.roles[role]!.name);
  const planLabel = (plan: string): string => md(ir.plans[plan]?.label ?? plan);
  const switchLabel = (id: string): string => md(ir.switches[id]?.label ?? id);
  const accountRank = ir.plan !== null && ir.plans[ir.plan] ? ir.plans[ir.plan]!.rank : Infinity;
  const onAccountPlan = (plan: string): boolean => (ir.plans[plan]?.rank ?? 0) <= accountRank;
  /** "at least X" for a level, "with X" for an action; null means anything above the lowest. */
  const threshold = (scale: ResolvedScale, atLeast: string | null): string => {
    if (scale.single) return atLeast === null ? 'with any option' : `at ${label(scale, atLeast)} or an option that includes it`;
    if (scale.kind === 'actions') return atLeast === null ? 'with any action' : `with ${label(scale, atLeast)}`;
    return `at least ${label(scale, atLeast ?? scale.levels[1] ?? scale.levels[0]!)}`;
  };
  const condition = (c: Condition): string => `${permLabel(c.permission)} ${threshold(scaleOf(c.permission), c.atLeast)}`;
  // A declared relation reads as its label, in lower case like the default ones.
  const wordsOf = (r: Relation): string => (Object.hasOwn(ir.relations, r) ? md(ir.relations[r]!.label.toLowerCase()) : RELATION_WORDS[r]!);
  const relationWords = (relations: readonly Relation[], resourceLabel: string): string =>
    relations.length ? relations.map(wordsOf).join(' and ') : `any ${resourceLabel}`;
  const scaleValues = (s: ResolvedScale): string =>
    s.kind === 'ordered' ? s.levels.map((v) => label(s, v)).join(' < ') : s.single ? `one of ${s.levels.map((v) => label(s, v)).join(', ')}` : `any of ${s.levels.map((v) => label(s, v)).join(', ')}`;

  // --- The matrix -------------------------------------------------------------------------------

  /** Action sets: the actions an administrator may add or remove, or the exact alternatives. */
  const actionCell = (scale: ResolvedScale, held: readonly string[], alts: readonly (readonly string[])[]): string => {
    const all = [held, ...alts];
    const union = scale.levels.filter((a) => all.some((v) => v.includes(a)));
    const floor = scale.levels.filter((a) => all.every((v) => v.includes(a)));
    const between = allValues(scale).filter((v) => floor.every((a) => v.includes(a)) && (v as string[]).every((a) => union.includes(a)));
    const isRange = between.length === all.length && between.every((v) => all.some((a) => equal(a, v)));
    if (!isRange) return `${label(scale, held)} (or ${alts.map((a) => (a.length ? label(scale, a) : 'none')).join('; ')})`;
    const add = union.filter((a) => !held.includes(a));
    const remove = scale.levels.filter((a) => held.includes(a) && !floor.includes(a));
    const parts = [add.length ? `may add: ${actionList(scale, add)}` : '', remove.length ? `may remove: ${actionList(scale, remove)}` : ''].filter(Boolean);
    return `${label(scale, held)} (${parts.join('; ')})`;
  };
  const cell = (role: string, perm: string): string => {
    const p = ir.permissions[perm]!;
    const scale = ir.scales[p.scale]!;
    const r = ir.roles[role]!;
    const v = r.grants[perm]!;
    const alts = r.allowed[perm]!.filter((a) => !equal(a, v));
    if (alts.length === 0) return label(scale, v);
    if (p.kind === 'actions' && !p.single) return actionCell(scale, v as readonly string[], alts as readonly (readonly string[])[]);
    return `${label(scale, v)} (or ${alts.map((a) => (scale.single && isLowest(scale, a) ? 'none' : label(scale, a))).join(', ')})`;
  };

  const managesRoles = new Set(ir.delegation.manageRoles.map((c) => c.permission));
  const assignsRoles = new Set(ir.delegation.assignRoles.map((c) => c.permission));
  const notes = (id: string, perm: ResolvedPermission): string => {
    const out: string[] = [];
    if (perm.minPlan !== null) out.push(`needs plan ${planLabel(perm.minPlan)}${onAccountPlan(perm.minPlan) ? '' : " (not on this account's plan)"}`);
    for (const sw of perm.requires) out.push(`needs switch ${switchLabel(sw)}${ir.switches[sw]!.on ? '' : ' (off unless the account turns it on)'}`);
    if (perm.perObject !== undefined) out.push(`per ${md(ir.objects[perm.perObject]!.label)}`);
    if (perm.contexts.length) out.push(`only in ${perm.contexts.map((c) => md(ir.contexts[c]!.label)).join(', ')}`);
    if (perm.adminOnly) out.push('admin roles only');
    if (perm.ownerOnly) out.push('owner roles only');
    for (const [target, least] of Object.entries(perm.implies)) {
      const each = ir.permissions[target]!.perObject;
      out.push(`brings ${permLabel(target)} at least ${label(scaleOf(target), least)}${each === undefined ? '' : ` on every ${md(ir.objects[each]!.label)}`}`);
    }
    const kinds = [...new Set(perm.access.map((a) => a.resource))].map((k) => md(ir.resources[k]?.label ?? k));
    if (kinds.length) out.push(`gives access to ${kinds.join(', ')} (see Resources and access)`);
    const privates = Object.values(ir.resources).filter((r) => r.privateNeeds === id).map((r) => md(r.label));
    if (privates.length) out.push(`needed to open a private ${privates.join(' or ')}`);
    if (managesRoles.has(id)) out.push('lets a member manage roles (see Role management)');
    if (assignsRoles.has(id)) out.push('lets a member assign roles (see Role management)');
    return out.length ? out.join('; ') : '—';
  };

  // A role's column depends on its grants and allowed values and on the scales and permissions'
  // scales; watch rebuilds reuse the columns of roles that did not change (the same objects).
  const columnKey = JSON.stringify([ir.scales, permIds.map((p) => [p, ir.permissions[p]!.scale, ir.permissions[p]!.kind, ir.permissions[p]!.single])]);
  const column = (role: string): string[] => {
    const r = ir.roles[role]!;
    const kept = COLUMNS.get(r);
    if (kept?.key === columnKey) return kept.cells;
    const cells = permIds.map((p) => cell(role, p));
    COLUMNS.set(r, { key: columnKey, cells });
    return cells;
  };
  const columns: (readonly string[])[] = roleIds.map(column);
  // A role resolved again (a new object) whose column reads as before keeps its column: the
  // matrix rows below are then joined again only when a cell changed.
  if (cache) {
    const kept = new Map<string, readonly string[]>();
    roleIds.forEach((id, i) => {
      const before = cache.columns.get(id);
      if (before !== undefined && before !== columns[i] && sameItems(before, columns[i]!)) columns[i] = before;
      kept.set(id, columns[i]!);
    });
    cache.columns = kept;
  }
  // A row is joined again only when one of its cells changed: with the same permissions and as
  // many columns as before, a row is kept unless a column that is not the same array holds
  // another cell in that row.
  const joinRow = (i: number): string => columns.map((c) => ` ${c[i]!} |`).join('');
  const lastMatrix = cache?.matrix;
  let matrixCells: string[];
  if (lastMatrix && sameItems(lastMatrix.permIds, permIds) && lastMatrix.columns.length === columns.length) {
    const changed = new Set<number>();
    columns.forEach((c, j) => {
      const before = lastMatrix.columns[j]!;
      if (c !== before) for (let i = 0; i < permIds.length; i++) if (c[i] !== before[i]) changed.add(i);
    });
    matrixCells = changed.size === 0 ? lastMatrix.cells : lastMatrix.cells.map((row, i) => (changed.has(i) ? joinRow(i) : row));
  } else matrixCells = permIds.map((_, i) => joinRow(i));
  if (cache) cache.matrix = { permIds, columns, cells: matrixCells };
  const permIndex = new Map(permIds.map((p, i) => [p, i]));
  const permsOf = (group: string | null): string[] => permIds.filter((p) => ir.permissions[p]!.group === group);
  const groupRows = (perms: string[]) =>
    perms.map((p) => {
      const perm = ir.permissions[p]!;
      const flags = [perm.adminOnly ? 'admin only' : '', perm.ownerOnly ? 'owner only' : ''].filter(Boolean).join(', ');
      return { label: perm.label, flags, cellsMd: matrixCells[permIndex.get(p)!]! };
    });
  const groupDetails = (perms: string[]) =>
    perms.map((p) => {
      const perm = ir.permissions[p]!;
      const scale = ir.scales[perm.scale]!;
      return { id: p, label: perm.label, description: perm.description, valuesMd: scaleValues(scale), notesMd: notes(p, perm) };
    });
  const group = (label: string, description: string | null, perms: string[]) => ({ label, description, permissions: groupRows(perms), details: groupDetails(perms) });
  const groups = Object.entries(ir.groups)
    .map(([id, g]) => group(g.label, g.description, permsOf(id)))
    .filter((g) => g.permissions.length > 0);
  const ungrouped = permsOf(null);
  if (ungrouped.length) groups.push(group('Other permissions', null, ungrouped));
  const hasActionSets = Object.values(ir.permissions).some((p) => p.kind === 'actions' && !p.single);

  // --- Plans and features -----------------------------------------------------------------------

  const planIds = Object.keys(ir.plans);
  const plans =
    planIds.length === 0
      ? null
      : {
          plans: planIds.map((id) => ({ id, label: ir.plans[id]!.label, description: ir.plans[id]!.description, isAccount: ir.plan === id })),
          features: Object.entries(ir.features).map(([id, f]) => ({
            id,
            label: f.label,
            description: f.description,
            fromMd: planLabel(f.minPlan),
            onAccountMd: onAccountPlan(f.minPlan) ? 'yes' : 'no',
          })),
          permissions: permIds
            .filter((p) => ir.permissions[p]!.minPlan !== null)
            .map((p) => ({
              id: p,
              label: ir.permissions[p]!.label,
              fromMd: planLabel(ir.permissions[p]!.minPlan!),
              onAccountMd: onAccountPlan(ir.permissions[p]!.minPlan!) ? 'yes' : 'no',
            })),
          limitPlans: planIds.map((id) => ({ labelMd: planLabel(id) })),
          limits: Object.entries(ir.limits.byPlan).map(([limit, byPlan]) => ({
            nameMd: LIMIT_NAMES[limit] ?? md(limit),
            cells: planIds.map((plan) => {
              // A value holds from its plan upward; below the lowest plan listed the limit is 0.
              let v = 0;
              for (const p of planIds) {
                if (ir.plans[p]!.rank > ir.plans[plan]!.rank) break;
                if (Object.hasOwn(byPlan, p)) v = byPlan[p]!;
              }
              return { valueMd: String(v) };
            }),
          })),
        };

  // --- Switches ----------------------------------------------------------------------------------

  const switches = Object.entries(ir.switches).map(([id, sw]) => ({
    id,
    label: sw.label,
    description: sw.description,
    valueMd: sw.on ? 'on' : 'off',
    usersMd:
      [
        ...permIds.filter((p) => ir.permissions[p]!.requires.includes(id)).map(permLabel),
        ...Object.values(ir.features)
          .filter((f) => f.requires.includes(id))
          .map((f) => `feature ${md(f.label)}`),
      ].join(', ') || '—',
  }));

  // --- Objects -----------------------------------------------------------------------------------

  const objects = Object.entries(ir.objects).map(([id, k]) => ({
    id,
    label: k.label,
    description: k.description,
    permsMd: permIds.filter((p) => ir.permissions[p]!.perObject === id).map(permLabel).join(', ') || '—',
    // Plain permissions that bring a value on every object of the kind (those created later too).
    everyMd:
      permIds
        .flatMap((p) =>
          Object.entries(ir.permissions[p]!.implies)
            .filter(([t]) => ir.permissions[t]!.perObject === id)
            .map(([t, least]) => `${permLabel(p)}: ${permLabel(t)} at least ${label(scaleOf(t), least)}`),
        )
        .join('; ') || '—',
    defaultsMd: k.defaults.map(markdownCode).join(', ') || 'none',
  }));

  // --- Contexts ----------------------------------------------------------------------------------

  const contexts = Object.entries(ir.contexts).map(([id, c], i) => ({
    id,
    label: c.label,
    description: c.description,
    defaultMd: i === 0 ? 'yes' : '—',
    onlyMd: permIds.filter((p) => ir.permissions[p]!.contexts.includes(id)).map(permLabel).join(', ') || '—',
    deniedMd: permIds.filter((p) => ir.permissions[p]!.contexts.length > 0 && !ir.permissions[p]!.contexts.includes(id)).map(permLabel).join(', ') || '—',
  }));

  // --- Quotas ------------------------------------------------------------------------------------

  const quotaIds = Object.keys(ir.quotas);
  const quotas = quotaIds.map((id) => {
    const q = ir.quotas[id]!;
    const cases = q.cases.map((c) => {
      const when = [
        ...(c.if ? [`${permLabel(c.if.permission)} ${threshold(scaleOf(c.if.permission), c.if.atLeast)}`] : []),
        ...(c.minPlan !== null ? [`plan ${planLabel(c.minPlan)} or higher`] : []),
        ...c.requires.map((sw) => `switch ${switchLabel(sw)} on`),
      ];
      return `${c.value} ${when.length ? `if ${when.join(' and ')}` : 'always'}`;
    });
    return { id, label: q.label, description: q.description, default: q.default, casesMd: cases.join('; ') || '—' };
  });
  const quotaRoles = quotaIds.length
    ? roleIds.map((r) => ({ nameMd: roleName(r), cells: quotaIds.map((q) => ({ valueMd: String(evaluateLimit(ir, [r], q, ir.plan ?? undefined)) })) }))
    : [];

  // --- Resources and access ---------------------------------------------------------------------

  const tierNodes = ir.tiers ? Object.entries(ir.tiers.nodes) : [];
  // Who holds every one of the conditions (a rule's own permission and those it also needs).
  const holders = (conds: readonly Condition[]): string => {
    const holds = (grants: Record<string, Value>): boolean => conds.every((c) => satisfies(scaleOf(c.permission), grants[c.permission]!, c.atLeast));
    const roles = roleIds.filter((r) => holds(ir.roles[r]!.grants)).map(roleName);
    const nodes = tierNodes.filter(([, n]) => holds(n.grants)).map(([, n]) => md(n.name));
    const parts = roles.length ? [roles.join(', ')] : [];
    if (nodes.length) parts.push(nodes.length === tierNodes.length ? 'members of every tier node' : `members of tier nodes ${nodes.join(', ')}`);
    return parts.length ? parts.join('; ') : 'nobody';
  };
  const usedRelations = new Set<Relation>();
  const resources = Object.entries(ir.resources).map(([kind, res]) => {
    const resLabel = md(res.label);
    const rules: { perm: string; rule: AccessRule }[] = permIds.flatMap((perm) =>
      ir.permissions[perm]!.access.filter((rule) => rule.resource === kind).map((rule) => ({ perm, rule })),
    );
    for (const { rule } of rules) rule.relations.forEach((r) => usedRelations.add(r));
    const exceptions = Object.values(ir.exceptions).filter((e) => e.resource === kind);
    for (const e of exceptions) e.relations.forEach((r) => usedRelations.add(r));
    const actions = (list: readonly string[]): string => res.actions.filter((a) => list.includes(a)).map(markdownCode).join(', ');
    // A conjunction: the permissions and the other actions on the same resource the rule also needs.
    const alsoNeeds = (rule: AccessRule): string => {
      if (!rule.requires) return '';
      const parts = rule.requires.permissions.map(condition);
      if (rule.requires.actions.length) parts.push(`being allowed ${actions(rule.requires.actions)} on the same ${resLabel}`);
      for (const f of rule.requires.features) {
        const feature = ir.features[f]!;
        // The feature's switches gate the rule as its plan does (hasFeature needs both).
        const switches = feature.requires.map((sw) => `, while switch ${switchLabel(sw)} is on${ir.switches[sw]!.on ? '' : ' (off unless the account turns it on)'}`).join('');
        parts.push(`feature ${md(feature.label)} (from plan ${planLabel(feature.minPlan)}${onAccountPlan(feature.minPlan) ? '' : ", not on this account's plan"}${switches})`);
      }
      return `, together with ${parts.join(' and ')}`;
    };
    return {
      id: kind,
      label: res.label,
      description: res.description,
      actionsMd: res.actions.map(markdownCode).join(', '),
      rules: rules.map(({ perm, rule }) => {
        const p = ir.permissions[perm]!;
        const plan = p.minPlan !== null ? ` (needs plan ${planLabel(p.minPlan)}${onAccountPlan(p.minPlan) ? '' : ", not on this account's plan"})` : '';
        const gates = p.requires.length ? ` (needs switch ${p.requires.map(switchLabel).join(', ')})` : '';
        return {
          actionsMd: actions(rule.actions),
          throughMd: `${permLabel(perm)} ${threshold(scaleOf(perm), rule.atLeast)}${plan}${gates}${alsoNeeds(rule)}`,
          whenMd: relationWords(rule.relations, resLabel),
          whoMd: holders([{ permission: perm, atLeast: rule.atLeast }, ...(rule.requires?.permissions ?? [])]),
        };
      }),
      exceptions: exceptions.map((e) => ({ label: e.label, description: e.description, actionsMd: actions(e.actions), whenMd: relationWords(e.relations, resLabel) })),
      partsMd: Object.values(res.parts ?? {})
        .filter((part) => ir.permissions[part.privateNeeds])
        .map((part) => `*${md(part.label)}* (${actions(part.actions)}): on a private ${resLabel}, also needs ${condition({ permission: part.privateNeeds, atLeast: null })}${part.description ? `. ${md(part.description)}` : ''}`),
      privateNeedsMd:
        res.privateNeeds === null || !ir.permissions[res.privateNeeds]
          ? null
          : `A private ${resLabel} also needs ${condition({ permission: res.privateNeeds, atLeast: null })}, for every rule and exception above.`,
    };
  });
  const relationOrder = [...RELATIONS, ...Object.keys(ir.relations)];
  const meaningOf = (r: Relation): string => {
    const d = Object.hasOwn(ir.relations, r) ? ir.relations[r]! : undefined;
    if (!d) return RELATION_MEANING[r]!;
    return d.many ? `its ${markdownCode(d.resource)} lists the member's ${markdownCode(d.actor)} or one of them` : `its ${markdownCode(d.resource)} is the member's ${markdownCode(d.actor)} or one of them`;
  };
  const relationLegend = [...usedRelations]
    .sort((a, b) => relationOrder.indexOf(a) - relationOrder.indexOf(b))
    .map((r) => ({ wordsMd: wordsOf(r), meaningMd: meaningOf(r) }));
  // Declared relations, with the resource kinds whose rules or exceptions use them.
  const relations = Object.entries(ir.relations).map(([id, r]) => {
    const kinds = Object.keys(ir.resources).filter(
      (k) => permIds.some((p) => ir.permissions[p]!.access.some((a) => a.resource === k && a.relations.includes(id))) || Object.values(ir.exceptions).some((e) => e.resource === k && e.relations.includes(id)),
    );
    return { id, label: r.label, description: r.description, actor: r.actor, resource: r.resource, many: r.many, kindsMd: kinds.map((k) => md(ir.resources[k]!.label)).join(', ') || 'none yet' };
  });

  // --- Tiers ------------------------------------------------------------------------------------

  const tiers =
    ir.tiers === null || tierNodes.length === 0
      ? null
      : {
          maxDepth: ir.tiers.maxDepth,
          depth: Math.max(...tierNodes.map(([, n]) => n.depth)),
          nodes: tierNodes.map(([id, n]) => {
            const grants = permIds.filter((p) => !isLowest(scaleOf(p), n.grants[p]!)).map((p) => `${permLabel(p)}: ${label(scaleOf(p), n.grants[p]!)}`);
            const members = Object.entries(ir.members)
              .filter(([, m]) => m.tier === id)
              .map(([mid, m]) => (m.name !== null ? md(m.name) : markdownCode(mid)));
            return {
              id,
              name: n.name,
              description: n.description,
              depth: n.depth,
              parentMd: n.parent !== null && ir.tiers!.nodes[n.parent] ? md(ir.tiers!.nodes[n.parent]!.name) : '—',
              grantsMd: grants.length ? grants.join('; ') : '—',
              membersMd: members.length ? members.join(', ') : '—',
            };
          }),
          edges: tierNodes.filter(([, n]) => n.parent !== null).map(([child, n]) => ({ parent: n.parent!, child })),
        };

  // --- Cross-field rules ------------------------------------------------------------------------

  const rules = Object.entries(ir.rules).map(([id, r]) => ({
    id,
    label: r.label,
    description: r.description,
    ifMd: condition(r.if),
    thenMd: condition(r.then),
    severity: r.severity,
  }));

  // --- Role management --------------------------------------------------------------------------

  const d = ir.delegation;
  const holdsAny = (role: string, conds: Condition[]): boolean =>
    ir.roles[role]!.kind === 'owner' || conds.some((c) => satisfies(scaleOf(c.permission), ir.roles[role]!.grants[c.permission]!, c.atLeast));
  const protectedRoles = roleIds.filter((r) => ir.roles[r]!.protected);
  const owners = roleIds.filter((r) => ir.roles[r]!.kind === 'owner');
  const ownerWords = owners.length ? owners.map(roleName).join(', ') : 'owner roles';
  const delegation =
    d.manageRoles.length === 0 && d.assignRoles.length === 0 && !d.cloneRoles && protectedRoles.every((r) => ir.roles[r]!.kind === 'owner')
      ? null
      : {
          manageMd: d.manageRoles.length ? d.manageRoles.map(condition).join('; or ') : null,
          assignMd: d.assignRoles.length ? d.assignRoles.map(condition).join('; or ') : null,
          managersMd: roleIds.filter((r) => holdsAny(r, d.manageRoles)).map(roleName).join(', ') || 'none',
          assignersMd: roleIds.filter((r) => holdsAny(r, d.assignRoles)).map(roleName).join(', ') || 'none',
          ownersMd: ownerWords,
          // Roles that are never cloned: owner and admin roles, then the policy's exceptions.
          neverClonedMd: d.cloneRoles
            ? [...new Set([...roleIds.filter((r) => ir.roles[r]!.kind === 'owner' || ir.roles[r]!.admin), ...d.cloneRoles.except])].map(roleName).join(', ') || 'none'
            : null,
          protected: protectedRoles.map((id) => {
            const r = ir.roles[id]!;
            let who: string;
            if (r.kind === 'owner') who = `owner roles only (${ownerWords})`;
            else if (r.editableBy.length) who = [...new Set([...owners, ...r.editableBy])].filter((x) => ir.roles[x]).map(roleName).join(', ');
            else if (r.admin) who = `owner and admin roles (${roleIds.filter((x) => ir.roles[x]!.kind === 'owner' || ir.roles[x]!.admin).map(roleName).join(', ')})`;
            else who = ownerWords;
            return { id, name: r.name, whyMd: r.kind === 'owner' ? 'owner role' : r.editableBy.length ? 'has an editable-by list' : r.admin ? 'admin role' : 'protected', whoMd: who };
          }),
        };

  // --- Limits and members -----------------------------------------------------------------------

  const limits: { name: string; value: string }[] = [];
  const l = ir.limits;
  const onPlan = (limit: string): string =>
    Object.hasOwn(l.byPlan, limit) && ir.plan !== null ? ` on the account's plan (${planLabel(ir.plan)}); depends on the plan, see Plans and features` : '';
  if (l.maxRoles !== null) limits.push({ name: 'Most roles', value: `${l.maxRoles}${onPlan('maxRoles')}` });
  if (l.maxCustomRoles !== null) limits.push({ name: 'Most custom roles', value: `${l.maxCustomRoles}${onPlan('maxCustomRoles')}` });
  limits.push({ name: 'Fewest members holding an owner role', value: String(l.minOwners) });
  limits.push({
    name: 'Roles per member',
    value: l.rolesPerMember.max === null ? `at least ${l.rolesPerMember.min}` : l.rolesPerMember.min === l.rolesPerMember.max ? `exactly ${l.rolesPerMember.min}` : `${l.rolesPerMember.min} to ${l.rolesPerMember.max}`,
  });
  if (l.reservedNames.length) limits.push({ name: 'Reserved names', value: l.reservedNames.map(md).join(', ') });
  if (l.distinctNames === 'lookalike') limits.push({ name: 'Custom role names', value: "unique, and not a look-alike of another role's name" });
  if (ir.defaultRole) limits.push({ name: 'Default role for invitees', value: roleName(ir.defaultRole) });

  const memberTiers = ir.tiers !== null && Object.values(ir.members).some((m) => m.tier !== null);

  const text = template()({
    doNotEdit: DO_NOT_EDIT,
    sourceDir,
    title: ir.title,
    description: ir.description,
    version: ir.version,
    roleCount: roleIds.length,
    permissionCount: permIds.length,
    // The head of every group's matrix, joined once rather than by the template for each group.
    matrixHeadMd: roleIds.map((r) => ` ${roleName(r)} |`).join(''),
    matrixRuleMd: ' --- |'.repeat(roleIds.length),
    roles: roleIds.map((id) => {
      const r = ir.roles[id]!;
      return { id, name: r.name, kind: r.kind, admin: r.admin, protected: r.protected, inherits: r.inherits, description: r.description, isDefault: ir.defaultRole === id };
    }),
    groups,
    hasActionSets,
    scales: Object.entries(ir.scales).map(([id, s]) => ({
      id,
      label: s.label,
      values:
        scaleValues(s) +
        (Object.keys(s.implies).length ? ` (${Object.entries(s.implies).map(([a, bs]) => `${label(s, a)} includes ${bs.map((b) => label(s, b)).join(', ')}`).join('; ')})` : ''),
    })),
    plans,
    switches,
    objects,
    contexts,
    quotas,
    quotaRoles,
    resources,
    relationLegend,
    relations,
    tiers,
    rules,
    delegation,
    edges: roleIds.flatMap((child) => ir.roles[child]!.inherits.map((parent) => ({ child, parent }))),
    limits,
    memberTiers,
    members: Object.entries(ir.members).map(([id, m]) => ({
      id,
      name: m.name,
      roles: m.roles.map(roleName).join(', ') || '—',
      tierMd: m.tier !== null && ir.tiers?.nodes[m.tier] ? md(ir.tiers.nodes[m.tier]!.name) : '—',
    })),
  });
  return endWithNewline(
    text
      .replace(/\r\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n'),
  );
}
