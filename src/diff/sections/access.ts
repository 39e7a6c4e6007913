// Access to single resources: resource kinds, the access rules of each permission (which actions
// on which resources, under which relations) and the exceptions that hold whatever the roles say.
// A rule or exception that allows something no former one allowed is an escalation: fewer
// relations required, more actions, a lower level needed, fewer requirements, or one that did not exist.

import type { AccessRule, ResolvedException, ResolvedResource, ResolvedScale } from '../../ir.js';
import { impactOf, type ChangeValue } from '../change.js';
import { compareDefinitions, textFields, type FieldChange } from '../compare-definitions.js';
import { scaleOf, setDelta, showValue } from '../compare.js';
import type { DiffSection, SectionChange } from '../section.js';

export const diffAccess: DiffSection = (ctx) => {
  const a = ctx.base.ir;
  const b = ctx.head.ir;
  const out: SectionChange[] = [];
  out.push(
    ...compareDefinitions<ResolvedResource>(a.resources, b.resources, {
      noun: 'resource',
      kind: 'resource',
      label: (r) => r.label,
      fields: resourceFields,
    }),
  );
  for (const [id, p] of Object.entries(b.permissions)) {
    const q = a.permissions[id];
    // Stryker disable next-line LogicalOperator,ConditionalExpression: ids such as constructor are refused on load (PC1006), so a permission the base lacks is undefined either way
    if (!Object.hasOwn(a.permissions, id) || q === undefined) continue;
    const sa = scaleOf(a, id);
    const sb = scaleOf(b, id);
    const before = q.access.map((r) => ruleKey(r));
    const after = p.access.map((r) => ruleKey(r));
    const changed = setDelta(before, after);
    if (!changed.gained && !changed.lost) continue;
    const gained = p.access.some((r) => !q.access.some((o) => ruleCovers(sa, o, sb, r)));
    const lost = q.access.some((r) => !p.access.some((n) => ruleCovers(sb, n, sa, r)));
    out.push({
      kind: 'permission-changed',
      impact: impactOf(gained, lost),
      permission: id,
      field: 'access',
      from: before,
      to: after,
      message: `permission ${id}: access ${showValue(before)} -> ${showValue(after)}`,
    });
  }
  out.push(
    ...compareDefinitions<ResolvedException>(a.exceptions, b.exceptions, {
      noun: 'exception',
      kind: 'exception',
      label: (e) => e.label,
      // An exception holds for everyone it matches, whatever their roles.
      added: () => 'escalation',
      removed: () => 'restriction',
      fields: (x, y) => {
        const f = textFields(x, y);
        const kx = exceptionKey(x);
        const ky = exceptionKey(y);
        if (kx !== ky) {
          const gained = !ruleCovers(undefined, asRule(x), undefined, asRule(y));
          const lost = !ruleCovers(undefined, asRule(y), undefined, asRule(x));
          f.push({ field: 'access', from: kx, to: ky, impact: impactOf(gained, lost) });
        }
        return f;
      },
    }),
  );
  return out;
};

function resourceFields(x: ResolvedResource, y: ResolvedResource): FieldChange[] {
  const f = textFields(x, y);
  // New actions give nobody anything until a rule or exception names them.
  const d = setDelta(x.actions, y.actions);
  if (d.gained || d.lost) f.push({ field: 'actions', from: x.actions, to: y.actions });
  if (x.privateNeeds !== y.privateNeeds) {
    // Without a permission to pass, private resources are open to every rule that matches.
    const impact = y.privateNeeds === null ? 'escalation' : x.privateNeeds === null ? 'restriction' : 'neutral';
    f.push({ field: 'privateNeeds', from: x.privateNeeds, to: y.privateNeeds, impact });
  }
  // Attributes alone give nobody anything: only a declared relation reads them.
  const ad = setDelta(x.attributes ?? [], y.attributes ?? []);
  if (ad.gained || ad.lost) f.push({ field: 'attributes', from: x.attributes ?? [], to: y.attributes ?? [] });
  // Parts: each action a part covers needs its permission on a private resource; losing such a
  // need opens the action (escalation), gaining one closes it (restriction).
  // What the parts need follows from the parts, so any change of needs is a change of the parts.
  if (JSON.stringify(x.parts ?? {}) !== JSON.stringify(y.parts ?? {})) {
    const before = partNeeds(x);
    const after = partNeeds(y);
    const impact = before.some((n) => !after.includes(n)) ? 'escalation' : after.some((n) => !before.includes(n)) ? 'restriction' : 'neutral';
    f.push({ field: 'parts', from: before, to: after, impact });
  }
  return f;
}

/** What the parts of a resource require, one line per action and permission: "read_private needs private.view". */
function partNeeds(r: ResolvedResource): string[] {
  return [...new Set(Object.values(r.parts ?? {}).flatMap((p) => p.actions.map((a) => `${a} needs ${p.privateNeeds}`)))].sort();
}

/** A rule in one line: "ticket: read, reply if assignee (at edit)". */
function ruleKey(r: AccessRule): string {
  // Stryker disable next-line MethodExpression: resolve lists relations in one canonical order already; the sort only keeps the key independent of it.
  const rel = [...r.relations].sort();
  return `${r.resource}: ${[...r.actions].sort().join(', ')}${rel.length ? ` if ${rel.join(' and ')}` : ''}${r.atLeast !== null ? ` (at ${r.atLeast})` : ''}${r.requires ? ` needing ${needs(r).join(' and ')}` : ''}`;
}

/** A rule's requirements in words, sorted: "may edit", "profiles at edit", "feature several_organizations". */
function needs(r: AccessRule): string[] {
  return [
    ...(r.requires?.actions ?? []).map((a) => `may ${a}`),
    ...(r.requires?.permissions ?? []).map((c) => `${c.permission}${c.atLeast === null ? '' : ` at ${c.atLeast}`}`),
    ...(r.requires?.features ?? []).map((f) => `feature ${f}`),
  ].sort();
}

function exceptionKey(e: ResolvedException): ChangeValue {
  return ruleKey(asRule(e));
}

function asRule(e: ResolvedException): AccessRule {
  return { resource: e.resource, atLeast: null, relations: e.relations, actions: e.actions };
}

/**
 * Whether rule `x` (on scale `sx`) allows everything rule `y` (on scale `sy`) allows: the same
 * resource, at least its actions, no relation it does not also require, no higher level needed.
 */
function ruleCovers(sx: ResolvedScale | undefined, x: AccessRule, sy: ResolvedScale | undefined, y: AccessRule): boolean {
  if (x.resource !== y.resource) return false;
  if (!y.actions.every((act) => x.actions.includes(act))) return false;
  if (!x.relations.every((rel) => y.relations.includes(rel))) return false;
  // A least level is a level name, as grants are compared: "at edit" asks can(role, permission,
  // 'edit') in both versions, whatever rank edit has there. A role that now passes it shows as
  // that role's own grant change (its level names gained edit), so the rule itself is unchanged.
  // A rule that needs more than another (a conjunction) allows less.
  const ny = needs(y);
  if (!needs(x).every((n) => ny.includes(n))) return false;
  if (x.atLeast === null || x.atLeast === y.atLeast) return true;
  // Different names: ordered scales compare by rank (a lower level needed is no stricter);
  // different actions do not compare.
  // Stryker disable next-line OptionalChaining: only exceptions pass no scale, and their rules have no least level
  if (sx?.kind !== 'ordered' || sy?.kind !== 'ordered') return false;
  return sx.levels.indexOf(x.atLeast) <= (y.atLeast === null ? 1 : sy.levels.indexOf(y.atLeast));
}

