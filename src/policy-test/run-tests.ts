// Runs a policy's test suites (tests/*.yaml) against its IR: each case states whether an actor may
// hold a permission (can) or act on a resource (canAccess). Reports expected versus actual, and
// coverage in policy terms: which role x permission cells and which relations the cases assert.

import { DiagnosticBag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { evaluateAssign, evaluateEditRole, evaluateFeature } from '../evaluate/delegation.js';
import { evaluateAccess, evaluateCan, relationsOf, type Actor, type Resource } from '../evaluate/evaluate.js';
import type { ResolvedPolicy } from '../ir.js';
import { DEFAULT_LOAD_LIMITS, loadYaml } from '../load/load-yaml.js';
import { SourceIndex } from '../load/source-index.js';
import { didYouMean } from '../util/text.js';
import { validateDocument } from '../validate/validate-schema.js';
import type { PolicyFile } from '../compile.js';

interface ActorDoc {
  id?: string;
  roles?: string[];
  groups?: string[];
  organization?: string;
  tier?: string;
}
interface CaseDoc {
  name: string;
  actor?: string | ActorDoc;
  roles?: string[];
  permission?: string;
  atLeast?: string;
  resource?: string | Resource;
  action?: string;
  plan?: string;
  expect?: 'allow' | 'deny';
  feature?: string;
  assignRole?: string;
  target?: string;
  editRole?: string;
}
interface SuiteDoc {
  description?: string;
  plan?: string;
  actors?: Record<string, ActorDoc>;
  resources?: Record<string, Resource>;
  cases: CaseDoc[];
}

export interface CaseResult {
  file: string;
  name: string;
  line: number;
  expected: 'allow' | 'deny';
  actual: 'allow' | 'deny';
  /** What decided the answer, in policy terms. */
  reason: string;
  passed: boolean;
}

export interface Coverage {
  cells: { covered: number; total: number; missing: string[] };
  relations: { covered: number; total: number; missing: string[] };
  /** Covered items over all items, 0-100. */
  percent: number;
}

export interface TestRun {
  results: CaseResult[];
  diagnostics: Diagnostic[];
  sources: SourceIndex;
  coverage: Coverage;
}

export const TEST_SCHEMA = 'policy-test.schema.json';

export function runPolicyTests(ir: ResolvedPolicy, dir: string, files: readonly PolicyFile[]): TestRun {
  const sources = new SourceIndex();
  const bag = new DiagnosticBag(sources.locate);
  const results: CaseResult[] = [];
  const cells = new Set<string>();
  const relations = new Set<string>();
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const file = `${dir}/${f.path}`;
    const value = loadYaml(file, f.bytes, bag, sources, DEFAULT_LOAD_LIMITS);
    if (value === undefined || !validateDocument(file, value, bag, TEST_SCHEMA)) continue;
    const suite = value as unknown as SuiteDoc;
    const warn = (message: string, path: string, hint?: string): void =>
      bag.report({ rule: 'unknown-reference', severity: 'warning', message, at: { file, path }, ...(hint ? { hint } : {}) });
    const checkPlan = (plan: string | undefined, path: string): void => {
      if (plan !== undefined && !Object.hasOwn(ir.plans, plan)) warn(`unknown plan "${plan}"`, path, didYouMean(plan, Object.keys(ir.plans)));
    };
    checkPlan(suite.plan, '/plan');
    suite.cases.forEach((c, i) => {
      const path = `/cases/${i}`;
      const line = sources.locate({ file, path }).line;
      let actor: Actor;
      if (typeof c.actor === 'string') {
        const a = suite.actors && Object.hasOwn(suite.actors, c.actor) ? suite.actors[c.actor]! : undefined;
        if (!a) {
          bag.report({ rule: 'unknown-reference', message: `unknown actor "${c.actor}"`, at: { file, path: `${path}/actor` }, ...hintFor(c.actor, Object.keys(suite.actors ?? {})) });
          return;
        }
        actor = toActor(c.actor, a);
      } else if (c.actor) actor = toActor(c.actor.id ?? '', c.actor);
      else actor = { id: '', roles: c.roles ?? [] };
      for (const r of actor.roles) if (!Object.hasOwn(ir.roles, r)) warn(`unknown role "${r}" (it is denied)`, c.actor ? `${path}/actor` : `${path}/roles`, didYouMean(r, Object.keys(ir.roles)));
      checkPlan(c.plan, `${path}/plan`);
      const plan = c.plan ?? suite.plan;
      let allowed: boolean;
      let reason: string;
      const kinds = [c.permission !== undefined, c.resource !== undefined || c.action !== undefined, c.feature !== undefined, c.assignRole !== undefined, c.editRole !== undefined];
      if (kinds.filter(Boolean).length !== 1) {
        bag.report({
          rule: 'schema',
          message: 'a case checks exactly one of: permission, resource and action, feature, assignRole, editRole',
          at: { file, path },
          hint: 'split the case in two, or add what it should check',
        });
        return;
      }
      if (c.permission !== undefined) {
        if (!Object.hasOwn(ir.permissions, c.permission)) warn(`unknown permission "${c.permission}" (it is denied)`, `${path}/permission`, didYouMean(c.permission, Object.keys(ir.permissions)));
        allowed = evaluateCan(ir, actor.roles, c.permission, c.atLeast, plan, actor.tier);
        reason = `${c.permission}${c.atLeast ? ` at least ${c.atLeast}` : ''}`;
        for (const r of actor.roles) if (Object.hasOwn(ir.roles, r)) cells.add(`${r} x ${c.permission}`);
      } else if (c.feature !== undefined) {
        if (!Object.hasOwn(ir.features, c.feature)) warn(`unknown feature "${c.feature}" (it is denied)`, `${path}/feature`, didYouMean(c.feature, Object.keys(ir.features)));
        ({ allowed, reason } = evaluateFeature(ir, c.feature, plan));
      } else if (c.assignRole !== undefined) {
        ({ allowed, reason } = evaluateAssign(ir, actor.id, actor.roles, c.target ?? `${actor.id || 'actor'}-colleague`, c.assignRole, plan));
      } else if (c.editRole !== undefined) {
        ({ allowed, reason } = evaluateEditRole(ir, actor.id, actor.roles, c.editRole, plan));
      } else if (c.resource !== undefined && c.action !== undefined) {
        let resource: Resource;
        if (typeof c.resource === 'string') {
          const r = suite.resources && Object.hasOwn(suite.resources, c.resource) ? suite.resources[c.resource]! : undefined;
          if (!r) {
            bag.report({ rule: 'unknown-reference', message: `unknown resource "${c.resource}"`, at: { file, path: `${path}/resource` }, ...hintFor(c.resource, Object.keys(suite.resources ?? {})) });
            return;
          }
          resource = r;
        } else resource = c.resource;
        if (!Object.hasOwn(ir.resources, resource.kind)) warn(`unknown resource kind "${resource.kind}" (it is denied)`, `${path}/resource`, didYouMean(resource.kind, Object.keys(ir.resources)));
        const answer = evaluateAccess(ir, actor, resource, c.action, plan);
        allowed = answer.allowed;
        reason = answer.reason;
        coverAccess(ir, actor, resource, cells, relations);
      } else {
        bag.report({ rule: 'schema', message: 'a case with a resource needs an action, and the other way round', at: { file, path }, hint: 'add resource: <fixture> and action: <action>' });
        return;
      }
      const expected = c.expect ?? 'deny';
      const actual = allowed ? 'allow' : 'deny';
      results.push({ file, name: c.name, line, expected, actual, reason, passed: expected === actual });
    });
  }
  return { results, diagnostics: bag.all(), sources, coverage: coverage(ir, cells, relations) };
}

function hintFor(word: string, known: string[]): { hint?: string } {
  const h = didYouMean(word, known);
  return h ? { hint: h } : {};
}

function toActor(id: string, a: ActorDoc): Actor {
  return { id, roles: a.roles ?? [], ...(a.groups ? { groups: a.groups } : {}), ...(a.organization ? { organization: a.organization } : {}), ...(a.tier ? { tier: a.tier } : {}) };
}

/** Every (resource kind, relation) that some access rule or exception of the policy mentions. */
function relationItems(ir: ResolvedPolicy): Set<string> {
  const items = new Set<string>();
  for (const p of Object.values(ir.permissions)) for (const r of p.access) for (const rel of r.relations) items.add(`${r.resource}: ${rel}`);
  for (const e of Object.values(ir.exceptions)) for (const rel of e.relations) items.add(`${e.resource}: ${rel}`);
  return items;
}

/** A canAccess case asserts the cells of the actor's roles that apply to the resource, and the relations in play. */
function coverAccess(ir: ResolvedPolicy, actor: Actor, resource: Resource, cells: Set<string>, relations: Set<string>): void {
  if (!Object.hasOwn(ir.resources, resource.kind)) return;
  const present = relationsOf(ir, actor, resource);
  for (const [pid, p] of Object.entries(ir.permissions)) {
    const rules = p.access.filter((r) => r.resource === resource.kind);
    if (rules.length === 0) continue;
    for (const r of actor.roles) if (Object.hasOwn(ir.roles, r)) cells.add(`${r} x ${pid}`);
    for (const rule of rules) for (const rel of rule.relations) if (present.has(rel)) relations.add(`${resource.kind}: ${rel}`);
  }
  for (const e of Object.values(ir.exceptions)) {
    if (e.resource !== resource.kind) continue;
    for (const rel of e.relations) if (present.has(rel)) relations.add(`${resource.kind}: ${rel}`);
  }
}

function coverage(ir: ResolvedPolicy, cells: Set<string>, relations: Set<string>): Coverage {
  const allCells = Object.keys(ir.roles).flatMap((r) => Object.keys(ir.permissions).map((p) => `${r} x ${p}`));
  const allRelations = [...relationItems(ir)].sort();
  const covered = allCells.filter((c) => cells.has(c)).length;
  const coveredRel = allRelations.filter((r) => relations.has(r)).length;
  const total = allCells.length + allRelations.length;
  return {
    cells: { covered, total: allCells.length, missing: allCells.filter((c) => !cells.has(c)) },
    relations: { covered: coveredRel, total: allRelations.length, missing: allRelations.filter((r) => !relations.has(r)) },
    percent: total === 0 ? 100 : Math.round(((covered + coveredRel) / total) * 1000) / 10,
  };
}
