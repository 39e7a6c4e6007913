// Resources and access: per resource kind, its access rules (which permission at which value
// allows which actions, when, and who holds it), its parts, its exceptions (what anyone may do),
// what a private one also needs, and a legend of the relations the rules and exceptions use.

import { RELATIONS, type AccessRule, type Condition, type Relation, type Value } from '../../ir.js';
import { satisfies } from '../../resolve/values.js';
import { markdownCode } from '../escape.js';
import type { DocsContext } from './helpers.js';
import type { DocsPart } from './part.js';

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

function view(ctx: DocsContext): Record<string, unknown> {
  const { ir, roleIds, permIds, md, permLabel, roleName, planLabel, switchLabel, onAccountPlan, threshold, condition, scaleOf, wordsOf, relationWords } = ctx;
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
  return { resources, relationLegend };
}

export const resources: DocsPart = { name: 'resources', partials: ['resources'], view };
