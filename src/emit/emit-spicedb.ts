// IR -> generated/<name>/spicedb/schema.zed: the policy as a SpiceDB schema, one definition per
// concept, readable enough to review in a diff. It answers every memberCan and canAccess question
// exactly as the guards do, given the relationships that spicedb/relationships.ts writes.
//
// The model, in short:
// - an account owns its members, roles (builtin and custom alike) and tier nodes;
// - the account carries, per permission, one grant relation per level (ordered scales: written for
//   the highest level a role or tier node reaches) or per action, whose subjects are the holders of
//   the roles and the members of the nodes that grant it; implications are not encoded in the
//   schema: the relationships are written from the kernel's role rows, already closed under them;
// - the account's permission `<perm>__<level>` is the union of the grants of that level and above
//   (so over the member's roles and tier node), intersected with the plan relation when the
//   permission needs a plan;
// - the schema answers for requests from the policy's first context (the guards' default): a
//   permission limited to other contexts is nil here; a service that serves another context asks
//   the guards' inContext, or keeps a schema per context;
// - a permission held per object (perObject) is not modelled: its objects are the account's own
//   and the schema has one definition per concept, not per object, so it is nil here, as the guards
//   answer a question about it that names no object; per-object questions go to the guards;
// - a resource carries its relations to members (assignee, followers, group, organisation, tier,
//   public...) and one permission per action: the union of the exceptions and access rules that
//   allow it, each the intersection of the relations it requires (and, for a rule that needs more,
//   of the account permissions and the other actions of the resource it needs, and of the plan and
//   switch relations of each feature it needs, as the guards' hasFeature answers);
// - a relation the policy declares has a definition of its values (value_<relation>: a brand),
//   whose members are the members whose attribute holds the value; every resource carries the
//   relation to its own value and the permission <relation> that reads that value's members.

import type { AccessRule, ResolvedPolicy } from '../ir.js';
import { DO_NOT_EDIT } from './header.js';
import { gatePlans, gateSwitches, grantName, levelName, permName, planName, switchName, valueDefinition, valueRelation } from './emit-spicedb-names.js';

/** A comment line: user text stays on one line and cannot end the comment. */
const comment = (s: string): string => `// ${s.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/[\u0000-\u001F\u007F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g, '?').trim()}`;

/** The members a declared relation's value stands for: a relation on the actor's id has one, the member of that id. */
function whose(actor: string): string {
  return actor === 'id' ? 'the member whose id it is' : `the members whose ${actor} holds it`;
}

const RELATION_TERM: Record<string, string> = {
  assignee: 'assignee',
  follower: 'follower',
  former_assignee: 'former_assignee',
  assigned: 'assigned',
  unassigned: 'unassigned',
  same_group: 'same_group',
  same_organization: 'same_organization',
  same_tier: 'same_tier',
  parent_tier: 'parent_tier',
  ancestor_tier: 'ancestor_tier',
  public: 'public',
};

/** `a & b & c`, parenthesised when it has more than one term. */
const allOf = (terms: readonly string[]): string => (terms.length === 1 ? terms[0]! : `(${terms.join(' & ')})`);

/** The account permission an access rule needs: its level, or the default question when it names none. */
function ruleNeed(ir: ResolvedPolicy, p: string, rule: AccessRule): string {
  return rule.atLeast === null ? permName(p) : levelName(p, rule.atLeast);
}

export function emitSpicedbSchema(ir: ResolvedPolicy, sourceDir: string): string {
  const out: string[] = [];
  // A default relation's term, or a declared relation's permission (named after it).
  const term = (r: string): string => RELATION_TERM[r] ?? r;
  const perms = Object.keys(ir.permissions);
  out.push(
    `// ${DO_NOT_EDIT}`,
    comment(`Source: ${sourceDir}. Regenerate with \`npx policyc build\`; deploy with \`zed schema write schema.zed\`.`),
    comment(`${ir.title}, policy version ${ir.version}.`),
    '// Write relationships with spicedb/relationships.ts (relationshipsOf, resourceRelationships, relationshipDelta);',
    '// ask with spicedbCheck and spicedbAccessCheck. Object ids are "<account>/<id>", escaped.',
    '',
  );
  out.push('// A person in an account. Checks ask about members as subjects.', 'definition member {}', '');

  // account
  out.push('// An account: its members, its roles (builtin and custom), its tier nodes and its plan.', 'definition account {');
  out.push(
    '  relation member: member',
    '  // the holders of each of its roles, and the members placed in each tier node',
    '  relation role: role#member',
    '  relation tier: tier#member',
  );
  for (const plan of gatePlans(ir)) out.push(`  ${comment(`written when the account's plan is ${ir.plans[plan]!.label} or higher`)}`, `  relation ${planName(plan)}: account#member`);
  for (const sw of gateSwitches(ir)) out.push(`  ${comment(`written only while: ${ir.switches[sw]!.label} (switch ${sw})`)}`, `  relation ${switchName(sw)}: account#member`);
  out.push(
    '',
    '  // Grants, written from the role rows and tier nodes the guards compute (customised cells and',
    '  // implications applied): for an ordered scale one relation for the highest level a role or node',
    '  // reaches (higher levels satisfy lower ones, and every holder reaches the lowest), for an action',
    '  // set one per action held. The subject is the role\'s holders or the node\'s members, so a check',
    '  // reads only the roles and nodes that grant what is asked.',
  );
  const firstContext = Object.keys(ir.contexts)[0];
  for (const p of perms) {
    const perm = ir.permissions[p]!;
    const inContext = perm.contexts.length === 0 || (firstContext !== undefined && perm.contexts.includes(firstContext));
    const here = inContext && perm.perObject === undefined;
    const where = perm.perObject !== undefined ? `; held per ${ir.objects[perm.perObject]!.label}, which this schema does not model, so never here (ask the guards)` : inContext ? '' : `; only in ${perm.contexts.map((c) => ir.contexts[c]!.label).join(', ')}, so never here`;
    out.push('', '  ' + comment(`${perm.label} (${p})${perm.minPlan ? `, from the ${ir.plans[perm.minPlan]!.label} plan` : ''}${perm.requires.length ? `, only while: ${perm.requires.map((sw) => ir.switches[sw]!.label).join('; ')}` : ''}${where}`));
    const gates = [...(perm.minPlan ? [planName(perm.minPlan)] : []), ...perm.requires.map(switchName)];
    const gate = (x: string): string => (!here ? 'nil' : gates.length ? `(${x}) & ${gates.join(' & ')}` : x);
    if (perm.kind === 'actions') {
      for (const a of perm.levels) out.push(`  relation ${grantName(p, a)}: role#member | tier#member`);
      // Options: an option is reached through its own grant and the grant of every option that
      // includes it, so a role's chosen option is the one relation written for it.
      const scale = ir.scales[perm.scale]!;
      const through = (a: string): string[] => perm.levels.filter((o) => o === a || (perm.single && (scale.implies[o] ?? []).includes(a)));
      for (const a of perm.levels) out.push(`  permission ${levelName(p, a)} = ${gate(through(a).map((o) => grantName(p, o)).join(' + '))}`);
    } else {
      for (let i = 1; i < perm.levels.length; i++) out.push(`  relation ${grantName(p, perm.levels[i]!)}: role#member | tier#member`);
      out.push(`  permission ${levelName(p, perm.levels[0]!)} = ${gate('role + tier')}`);
      for (let i = 1; i < perm.levels.length; i++) out.push(`  permission ${levelName(p, perm.levels[i]!)} = ${gate(perm.levels.slice(i).map((l) => grantName(p, l)).join(' + '))}`);
    }
    const any = perm.kind === 'actions' ? perm.levels.map((a) => levelName(p, a)).join(' + ') : perm.levels.length > 1 ? levelName(p, perm.levels[1]!) : 'nil';
    out.push(`  permission ${permName(p)} = ${any || 'nil'}`);
  }
  out.push('}', '');
  out.push('// A role of an account (builtin or custom): its holders. What it grants is written on the account.', 'definition role {', '  relation member: member', '}', '');
  out.push(
    '// A node of the tier tree: its members, and its parent. What it grants is written on the account.',
    'definition tier {',
    '  relation parent: tier',
    '  relation member: member',
    '  // members of the parent node, and of any node above',
    '  permission parent_members = parent->member',
    '  permission ancestor_members = parent->member + parent->ancestor_members',
    '}',
    '',
  );
  out.push('// A group of members; resources of the group are shared with them.', 'definition group {', '  relation member: member', '}', '');
  out.push('// An organisation of members.', 'definition organization {', '  relation member: member', '}', '');
  for (const [id, r] of Object.entries(ir.relations)) {
    out.push(comment(`A value of relation ${r.label} (${id}): ${whose(r.actor)}; ${r.many ? `each value of a resource's ${r.resource} list points at it` : `a resource's ${r.resource} points at it`}.`), `definition ${valueDefinition(id)} {`, '  relation member: member', '}', '');
  }

  // resources
  for (const [k, res] of Object.entries(ir.resources)) {
    out.push(comment(`${res.label} (${k})${res.description ? `: ${res.description}` : ''}`), `definition ${k} {`);
    out.push(
      '  relation account: account',
      '  relation assignee: member',
      '  relation follower: member',
      '  relation former_assignee: member',
      '  // written for every member of the account when the resource has an assignee, or has none',
      '  relation assigned: account#member',
      '  relation unassigned: account#member',
      '  relation group: group',
      '  relation organization: organization',
      '  relation tier: tier',
      '  // written for every member of the account unless the resource is private',
      '  relation public: account#member',
      '  permission same_group = group->member',
      '  permission same_organization = organization->member',
      '  permission same_tier = tier->member',
      '  permission parent_tier = tier->parent_members',
      '  permission ancestor_tier = tier->ancestor_members',
    );
    for (const [id, r] of Object.entries(ir.relations)) {
      out.push(`  // written for ${r.many ? `each value of the resource's ${r.resource} list` : `the resource's ${r.resource}`}: relation ${id} holds for ${whose(r.actor)}`, `  relation ${valueRelation(id)}: ${valueDefinition(id)}`, `  permission ${id} = ${valueRelation(id)}->member`);
    }
    const exceptions = Object.entries(ir.exceptions).filter(([, e]) => e.resource === k);
    const rules = perms.flatMap((p) => ir.permissions[p]!.access.filter((r) => r.resource === k).map((r) => [p, r] as const));
    const gate = res.privateNeeds === null ? null : `(public + account->${permName(res.privateNeeds)})`;
    for (const a of res.actions) {
      // Parts this action touches: on a private resource each needs its own permission as well.
      const parts = Object.values(res.parts ?? {}).filter((part) => part.actions.includes(a));
      const partGates = parts.map((part) => `(public + account->${permName(part.privateNeeds)})`);
      const alts: { text: string; why: string }[] = [];
      for (const [id, e] of exceptions) {
        if (!e.actions.includes(a)) continue;
        alts.push({ text: e.relations.length ? allOf(e.relations.map(term)) : 'account->member', why: `exception ${id}` });
      }
      for (const [p, r] of rules) {
        if (!r.actions.includes(a)) continue;
        // A conjunction: the rule's own need, the permissions it also needs, and the actions of
        // this resource it also needs (their permissions, defined in this definition).
        // A feature: the account relation of its plan and of each switch it requires.
        const features = (r.requires?.features ?? []).flatMap((f) => [planName(ir.features[f]!.minPlan), ...ir.features[f]!.requires.map(switchName)].map((x) => `account->${x}`));
        const also = [...(r.requires?.permissions ?? []).map((c) => `account->${c.atLeast === null ? permName(c.permission) : levelName(c.permission, c.atLeast)}`), ...(r.requires?.actions ?? []), ...new Set(features)];
        const why = `${p}${r.atLeast ? ` at least ${r.atLeast}` : ''}${r.requires ? ` and ${[...r.requires.actions.map((x) => `may ${x}`), ...r.requires.permissions.map((c) => c.permission), ...r.requires.features.map((f) => `feature ${f}`)].join(', ')}` : ''}`;
        alts.push({ text: allOf([...r.relations.map(term), `account->${ruleNeed(ir, p, r)}`, ...also]), why });
      }
      const partNote = parts.map((part) => `; on a private ${k}, the part ${part.label} needs ${part.privateNeeds}`).join('');
      out.push('', comment(`${a}: ${alts.length ? alts.map((x) => x.why).join('; ') : 'nothing allows it'}${gate ? `; a private ${k} needs ${res.privateNeeds}` : ''}${partNote}`).replace(/^/, '  '));
      if (alts.length === 0) {
        out.push(`  permission ${a} = nil`);
        continue;
      }
      const union = alts.length === 1 ? alts[0]!.text : `(${alts.map((x) => x.text).join(' + ')})`;
      // Only the account's members: an id the account does not list is denied, as in the guards.
      out.push(`  permission ${a} = account->member${gate ? ` & ${gate}` : ''}${partGates.map((g) => ` & ${g}`).join('')} & ${union}`);
    }
    out.push('}', '');
  }
  return out.join('\n').replace(/\n+$/, '\n');
}
