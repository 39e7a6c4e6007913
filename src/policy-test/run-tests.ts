// Runs a policy's test suites (tests/*.yaml) against its IR: each case states whether an actor may
// hold a permission (can) or act on a resource (canAccess), or whether an account may save some
// data (openAccount). Reports expected versus actual, and coverage in policy terms: which role x
// permission cells and which relations the cases assert.

import type { Rule } from '../diagnostics/catalogue.js';
import { DiagnosticBag, type Diagnostic, type Report } from '../diagnostics/diagnostic.js';
import { evaluateAssign, evaluateEditRole, evaluateFeature } from '../evaluate/delegation.js';
import { contextAllows, evaluateAccess, memberValue, planAllows, relationsOf, type Actor, type Resource } from '../evaluate/evaluate.js';
import { explainRole, type Locate } from '../explain/explain-role.js';
import { actorAttributes, type ResolvedPolicy, type Trace } from '../ir.js';
import { formatValue } from '../resolve/values.js';
import { DEFAULT_LOAD_LIMITS, loadYaml } from '../load/load-yaml.js';
import { SourceIndex } from '../load/source-index.js';
import { didYouMean } from '../util/text.js';
import { validateDocument } from '../validate/validate-schema.js';
import type { PolicyFile } from '../compile.js';
import { CATALOGUE } from '../diagnostics/catalogue.js';
import { tablesOf } from '../runtime/from-ir.js';
import { kAssignRole, kCanAccess, kEditRole, kHasFeature, kInContext, kMemberCan, kMemberLimitOf, kMoveMember, kOpenAccount, kValidateClone, kValidateDraft, type KAccount, type KernelVerdict, type Tables } from '../runtime/kernel.js';

interface ActorDoc {
  id?: string;
  roles?: string[];
  groups?: string[];
  organization?: string;
  tier?: string;
  /** Besides these: the actor attributes of declared relations. */
  [attribute: string]: unknown;
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
  /** The request context the question is asked in (default: the policy's first). */
  context?: string;
  /** With a per-object permission: the object the question is about. */
  object?: string;
  expect?: 'allow' | 'deny';
  feature?: string;
  assignRole?: string;
  target?: string;
  editRole?: string;
  limit?: string;
  equals?: number;
  createRole?: { id?: string; name: string; description?: string; grants?: Record<string, unknown> };
  /** validateRoleClone: a new custom role as a copy of role `from`. */
  cloneRole?: { from: string; id?: string; name: string; description?: string };
  /** canMoveMember: the actor places `member` in tier node `tier` (null: out of the tree). */
  moveMember?: { member: string; tier: string | null };
  /** Account data saved through openAccount: each key replaces the suite's `account:` key. */
  accountData?: Record<string, unknown>;
  /** With deny, in a case whose kind names its rules (ruleListOf): the rule (or its code) the refusal must carry. */
  rule?: string;
}
interface SuiteDoc {
  description?: string;
  plan?: string;
  account?: unknown;
  actors?: Record<string, ActorDoc>;
  resources?: Record<string, Resource>;
  cases: CaseDoc[];
}

export interface CaseResult {
  file: string;
  name: string;
  line: number;
  /** allow or deny; for a limit case, the number expected. */
  expected: string;
  /** null when the case could not run (see `errors`); for a limit case the number, or "none". */
  actual: string | null;
  /** What decided the answer, in policy terms; for a case that could not run, why. */
  reason: string;
  passed: boolean;
  /** Present when the case (or its whole suite, or its policy) is invalid: the errors that stopped it. */
  errors?: Diagnostic[];
  /** Present for a failed permission or access case: what the actor holds, and why. */
  explanation?: string[];
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
  /** null when the policy could not be resolved, so nothing was tested. */
  coverage: Coverage | null;
}

/** What explaining a failed case needs from the compiled policy: its trace and source positions. */
export interface ExplainContext {
  trace: Trace;
  locate: Locate;
}

export const TEST_SCHEMA = 'policy-test.schema.json';

/**
 * The rules by which openAccount (and `policyc account`) refuses account data: what an accountData
 * case's `rule:` may name. test/cli/policy-test-account-data.test.ts keeps it equal to the rules
 * the kernel's account validation reports.
 */
export const ACCOUNT_RULES: readonly Rule[] = [
  'account-schema',
  'admin-only-grant',
  'cross-field',
  'custom-role-cap',
  'default-role',
  'escalation-subset',
  'invalid-level',
  'member-duplicate',
  'member-without-role',
  'name-duplicate',
  'name-lookalike',
  'name-reserved',
  'owner-members',
  'owner-only-grant',
  'role-cap',
  'roles-per-member',
  'tier-depth',
  'unknown-object',
  'unknown-reference',
];

/**
 * The rules by which validateRoleClone refuses a copy: what a cloneRole case's `rule:` may name.
 * clone-forbidden and not-permitted are verdicts of the validators alone and have no code.
 */
export const CLONE_RULES: readonly string[] = [
  'account-schema',
  'clone-forbidden',
  'custom-role-cap',
  'escalation-subset',
  'name-duplicate',
  'name-lookalike',
  'name-reserved',
  'not-permitted',
  'role-cap',
  'unknown-reference',
];

/**
 * The rules a deny case of the other validators may name: each list is what the validator can
 * refuse with (test/cli/policy-test-account-data.test.ts keeps them equal to the kernel's).
 * assignRole: canAssignRole (a member's roles as a whole: reach, power, counts, owners).
 */
export const ASSIGN_RULES: readonly string[] = [
  'custom-role-cap',
  'escalation-subset',
  'member-without-role',
  'not-permitted',
  'owner-members',
  'protected-role',
  'roles-per-member',
  'self-assign',
  'unknown-reference',
];

/** editRole: canEditRole. */
export const EDIT_RULES: readonly string[] = ['custom-role-cap', 'escalation-subset', 'not-permitted', 'protected-role', 'self-edit', 'unknown-reference'];

/** createRole: validateRoleDraft (a draft whose id is taken is an edit of that role, so canEditRole's rules too). */
export const CREATE_RULES: readonly string[] = [
  'account-schema',
  'admin-only-grant',
  'cross-field',
  'custom-role-cap',
  'escalation-subset',
  'invalid-level',
  'name-duplicate',
  'name-lookalike',
  'name-reserved',
  'not-permitted',
  'owner-only-grant',
  'protected-role',
  'role-cap',
  'self-edit',
  'unknown-object',
  'unknown-reference',
];

/** moveMember: canMoveMember (an unknown member or node, moving oneself, no power to assign roles). */
export const MOVE_RULES: readonly string[] = ['not-permitted', 'self-assign', 'unknown-reference'];

/** The diagnostic code of a rule, for the rules that have one (a validator's own verdicts have none). */
const codeOf = (rule: string): string | undefined => (Object.hasOwn(CATALOGUE, rule) ? CATALOGUE[rule as Rule].code : undefined);

/** A case's `rule:` as one of the rules in `list`: the name itself, or the rule of a code (PC4002). */
function ruleIn(list: readonly string[], word: string): string | undefined {
  if (list.includes(word)) return word;
  return list.find((r) => codeOf(r) === word.toUpperCase());
}

/** The rules a deny case of this kind may name, and how its refusal is spoken of; undefined: the kind takes no `rule:`. */
function ruleListOf(c: CaseDoc): { list: readonly string[]; refused: string } | undefined {
  if (c.accountData !== undefined) return { list: ACCOUNT_RULES, refused: 'account data is refused' };
  if (c.cloneRole !== undefined) return { list: CLONE_RULES, refused: 'a clone is refused' };
  if (c.createRole !== undefined) return { list: CREATE_RULES, refused: 'a new role is refused' };
  if (c.editRole !== undefined) return { list: EDIT_RULES, refused: 'an edit of a role is refused' };
  if (c.assignRole !== undefined) return { list: ASSIGN_RULES, refused: 'an assignment is refused' };
  if (c.moveMember !== undefined) return { list: MOVE_RULES, refused: 'a move is refused' };
  return undefined;
}

/** The values an id may take, for a hint: the closest one, else the list when it is short. */
function hintFor(word: string, known: readonly string[]): { hint?: string } {
  const h = didYouMean(word, known);
  if (h) return { hint: h };
  if (known.length === 0) return { hint: 'the policy defines none' };
  return known.length <= 12 ? { hint: `valid: ${known.join(', ')}` } : {};
}

export function runPolicyTests(ir: ResolvedPolicy, dir: string, files: readonly PolicyFile[], explain?: ExplainContext): TestRun {
  const sources = new SourceIndex();
  const bag = new DiagnosticBag(sources.locate);
  const results: CaseResult[] = [];
  const cells = new Set<string>();
  const relations = new Set<string>();
  const tierNodes = Object.keys(ir.tiers?.nodes ?? {});
  // The actor's own id is a key of every actor, never an attribute of its own.
  const attributesOfActors = actorAttributes(ir);
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const file = `${dir}/${f.path}`;
    // Diagnostics of this file alone, so that an invalid suite can carry them as its failed case.
    const fileBag = new DiagnosticBag(sources.locate);
    const value = loadYaml(file, f.bytes, fileBag, sources, DEFAULT_LOAD_LIMITS);
    if (value === undefined || !validateDocument(file, value, fileBag, TEST_SCHEMA)) {
      const errors = fileBag.all();
      for (const d of errors) bag.report({ rule: d.rule, message: d.message, at: { file: d.file, path: d.path }, line: d.line, column: d.column, severity: d.severity, ...(d.hint !== undefined ? { hint: d.hint } : {}) });
      const first = errors.find((d) => d.severity === 'error');
      results.push({ file, name: `${f.path} is not a valid test suite`, line: first?.line ?? 0, expected: 'allow', actual: null, reason: 'invalid test suite', passed: false, errors });
      continue;
    }
    const suite = value as unknown as SuiteDoc;
    const report = (r: Report, into: DiagnosticBag[]): void => {
      bag.report(r);
      for (const b of into) b.report(r);
    };
    /** Ids of the policy that a suite or case names: each must resolve, or the case is an error. */
    const resolveId = (into: DiagnosticBag[], what: string, id: string, known: readonly string[], path: string, rule: Rule = 'unknown-reference', message = `unknown ${what} "${id}"`): void => {
      if (!known.includes(id)) report({ rule, message, at: { file, path }, ...hintFor(id, known) }, into);
    };
    const plans = Object.keys(ir.plans);
    // Fixtures and the suite's plan are checked once; a case that uses a broken one cannot run.
    const suiteBag = new DiagnosticBag(sources.locate);
    if (suite.plan !== undefined) resolveId([suiteBag], 'plan', suite.plan, plans, '/plan');
    // Account data: validated by the runtime kernel (as the guards' openAccount and `policyc
    // account` do); its problems are the suite's, at their JSON pointer under /account.
    let account: KAccount | undefined;
    if (suite.account !== undefined) {
      const opened = kOpenAccount(tablesOf(ir), {}, suite.account);
      if (opened.ok) account = opened.account;
      else for (const p of opened.problems) report({ rule: Object.hasOwn(CATALOGUE, p.rule) ? (p.rule as Rule) : 'account-schema', message: p.message, at: { file, path: `/account${p.path ?? ''}` } }, [suiteBag]);
    }
    const roleIds = account ? [...account.roles] : Object.keys(ir.roles);
    const suiteTiers = account ? [...account.tables.tiers] : tierNodes;
    const fixtureBags = new Map<string, DiagnosticBag>();
    for (const [id, a] of Object.entries(suite.actors ?? {})) {
      const b = new DiagnosticBag(sources.locate);
      checkActor(a, `/actors/${escapeSegment(id)}`, [b]);
      // A suite actor is known by its key; an id beside it would be dropped without a word.
      if (a.id !== undefined) b.report({ rule: 'schema', message: `a suite actor's id is its key ("${id}"); it takes no id of its own`, at: { file, path: `/actors/${escapeSegment(id)}/id`, key: true }, hint: 'rename the actor to the id it should have, and remove id' });
      fixtureBags.set(`actor\0${id}`, b);
    }
    for (const [id, r] of Object.entries(suite.resources ?? {})) {
      const b = new DiagnosticBag(sources.locate);
      checkResource(r, `/resources/${escapeSegment(id)}`, [b]);
      fixtureBags.set(`resource\0${id}`, b);
    }
    function checkActor(a: ActorDoc, path: string, into: DiagnosticBag[]): void {
      (a.roles ?? []).forEach((r, i) => resolveId(into, 'role', r, roleIds, `${path}/roles/${i}`));
      if (a.tier !== undefined) resolveId(into, 'tier node', a.tier, suiteTiers, `${path}/tier`);
      // Any other key is an actor attribute that a declared relation reads.
      for (const key of Object.keys(a).filter((k) => !ACTOR_KEYS.includes(k))) resolveId(into, 'actor attribute', key, attributesOfActors, `${path}/${escapeSegment(key)}`);
    }
    function checkResource(r: Resource, path: string, into: DiagnosticBag[]): void {
      resolveId(into, 'resource kind', r.kind, Object.keys(ir.resources), `${path}/kind`);
      if (typeof r.tier === 'string') resolveId(into, 'tier node', r.tier, suiteTiers, `${path}/tier`);
      // Any other key is an attribute the resource kind declares.
      if (Object.hasOwn(ir.resources, r.kind)) {
        const attrs = ir.resources[r.kind]!.attributes ?? [];
        for (const key of Object.keys(r).filter((k) => !RESOURCE_KEYS.includes(k))) resolveId(into, `attribute of resource kind ${r.kind}`, key, attrs, `${path}/${escapeSegment(key)}`);
      }
    }

    suite.cases.forEach((c, i) => {
      const path = `/cases/${i}`;
      const line = sources.locate({ file, path }).line;
      const ruleList = ruleListOf(c);
      const deniedFor = c.rule !== undefined && ruleList !== undefined && (c.expect ?? 'deny') === 'deny' ? (ruleIn(ruleList.list, c.rule) ?? c.rule) : undefined;
      const expected = c.limit !== undefined ? String(c.equals ?? '') : deniedFor !== undefined ? `deny (${deniedFor})` : (c.expect ?? 'deny');
      const caseBag = new DiagnosticBag(sources.locate);
      const into = [caseBag];
      const stop = (reason = 'the case names something the policy does not define'): void => {
        const errors = [...suiteBag.all(), ...caseBag.all()].filter((d) => d.severity === 'error');
        results.push({ file, name: c.name, line, expected, actual: null, reason, passed: false, errors });
      };
      const useFixture = (key: string): void => {
        for (const d of fixtureBags.get(key)?.all() ?? []) caseBag.report({ rule: d.rule, message: d.message, at: { file: d.file, path: d.path }, line: d.line, column: d.column, ...(d.hint !== undefined ? { hint: d.hint } : {}) });
      };
      let actor: Actor;
      if (typeof c.actor === 'string') {
        const m = account?.member(c.actor);
        const a = suite.actors && Object.hasOwn(suite.actors, c.actor) ? suite.actors[c.actor]! : m ? { roles: [...m.roles], groups: [...m.groups], ...(m.tier !== null ? { tier: m.tier } : {}), ...(m.organization !== null ? { organization: m.organization } : {}), ...m.attributes } : undefined;
        if (!a) report({ rule: 'unknown-reference', message: `unknown actor "${c.actor}"`, at: { file, path: `${path}/actor` }, ...hintFor(c.actor, Object.keys(suite.actors ?? {})) }, into);
        else useFixture(`actor\0${c.actor}`);
        actor = toActor(c.actor, a ?? {});
      } else if (c.actor) {
        checkActor(c.actor, `${path}/actor`, into);
        actor = toActor(c.actor.id ?? '', c.actor);
      } else {
        (c.roles ?? []).forEach((r, j) => resolveId(into, 'role', r, roleIds, `${path}/roles/${j}`));
        actor = { id: '', roles: c.roles ?? [] };
      }
      if (c.plan !== undefined) resolveId(into, 'plan', c.plan, plans, `${path}/plan`);
      const plan = c.plan ?? suite.plan;
      if (c.context !== undefined) resolveId(into, 'context', c.context, Object.keys(ir.contexts), `${path}/context`);
      const inCtx = (t: Tables): Tables => (c.context === undefined ? t : kInContext(t, c.context));
      const kinds = [c.permission !== undefined, c.resource !== undefined || c.action !== undefined, c.feature !== undefined, c.assignRole !== undefined, c.editRole !== undefined, c.createRole !== undefined, c.cloneRole !== undefined, c.moveMember !== undefined, c.limit !== undefined, c.accountData !== undefined];
      if (kinds.filter(Boolean).length !== 1) {
        report({ rule: 'schema', message: 'a case checks exactly one of: permission, resource and action, feature, assignRole, editRole, createRole, cloneRole, moveMember, limit, accountData', at: { file, path }, hint: 'split the case in two, or add what it should check' }, into);
        return stop('the case does not ask exactly one question');
      }
      if (c.limit !== undefined && c.equals === undefined) report({ rule: 'schema', message: 'a limit case states the number it expects with equals', at: { file, path }, hint: 'add equals: <number>' }, into);
      if (c.equals !== undefined && c.limit === undefined) report({ rule: 'schema', message: 'equals applies to limit cases only', at: { file, path: `${path}/equals`, key: true } }, into);
      if (c.limit !== undefined && c.expect !== undefined) report({ rule: 'schema', message: 'a limit case states a number with equals, not allow or deny', at: { file, path: `${path}/expect`, key: true } }, into);
      if (c.object !== undefined && c.permission === undefined) report({ rule: 'schema', message: 'object applies to permission cases only', at: { file, path: `${path}/object`, key: true } }, into);
      if (c.atLeast !== undefined && c.permission === undefined) report({ rule: 'schema', message: 'atLeast applies to permission cases only', at: { file, path: `${path}/atLeast`, key: true } }, into);
      if (c.target !== undefined && c.assignRole === undefined) report({ rule: 'schema', message: 'target applies to assignRole cases only', at: { file, path: `${path}/target`, key: true } }, into);
      if (c.rule !== undefined && ruleList === undefined) report({ rule: 'schema', message: 'rule applies to accountData, cloneRole, createRole, editRole, assignRole and moveMember cases only', at: { file, path: `${path}/rule`, key: true } }, into);
      if (c.rule !== undefined && ruleList !== undefined) {
        if (c.expect === 'allow') report({ rule: 'schema', message: 'rule names the refusal a deny case expects; an allow case has none', at: { file, path: `${path}/rule`, key: true }, hint: 'remove rule, or expect deny' }, into);
        else if (ruleIn(ruleList.list, c.rule) === undefined) {
          const known = /^pc\d/i.test(c.rule) ? ruleList.list.map(codeOf).filter((x): x is string => x !== undefined) : ruleList.list;
          report({ rule: 'unknown-reference', message: `"${c.rule}" is no rule by which ${ruleList.refused}`, at: { file, path: `${path}/rule` }, ...hintFor(c.rule, known) }, into);
        }
      }
      if (c.accountData !== undefined) {
        // The data alone is judged: nobody asks, and its plan is the data's own.
        for (const k of ['actor', 'roles', 'plan', 'context'] as const) {
          if (c[k] !== undefined) report({ rule: 'schema', message: `${k} does not apply to an accountData case: the data is judged as an account saves it`, at: { file, path: `${path}/${k}`, key: true }, ...(k === 'plan' ? { hint: 'give the plan inside accountData' } : {}) }, into);
        }
      }
      /** A member a case names (assignRole's target, moveMember's member): the actor, an actor of the suite, or a member of the policy or the account. */
      const resolveMember = (id: string, at: string): void => {
        const members = [...new Set([...(actor.id ? [actor.id] : []), ...Object.keys(suite.actors ?? {}), ...Object.keys(ir.members), ...(account?.data.members?.map((m) => m.id) ?? [])])];
        resolveId(into, 'member', id, members, at, 'unknown-reference', `unknown member "${id}": neither the actor, an actor of the suite nor a member of the policy`);
      };
      let resource: Resource | undefined;
      if (c.permission !== undefined) {
        resolveId(into, 'permission', c.permission, Object.keys(ir.permissions), `${path}/permission`);
        const perm = Object.hasOwn(ir.permissions, c.permission) ? ir.permissions[c.permission]! : undefined;
        if (perm && perm.perObject === undefined && c.object !== undefined) report({ rule: 'schema', message: `object applies to per-object permissions only; ${c.permission} is not one`, at: { file, path: `${path}/object`, key: true } }, into);
        if (perm && perm.perObject !== undefined && c.object === undefined) report({ rule: 'schema', message: `${c.permission} is held per ${perm.perObject}: the case names the object`, at: { file, path: `${path}/permission` }, hint: 'add object: <object id>' }, into);
        if (perm && c.atLeast !== undefined) resolveId(into, 'level', c.atLeast, perm.levels, `${path}/atLeast`, 'invalid-level', `"${c.atLeast}" is not a ${ir.scales[perm.scale]!.kind === 'actions' ? 'action' : 'level'} of ${c.permission}`);
      } else if (c.feature !== undefined) resolveId(into, 'feature', c.feature, Object.keys(ir.features), `${path}/feature`);
      else if (c.assignRole !== undefined) {
        resolveId(into, 'role', c.assignRole, roleIds, `${path}/assignRole`);
        // The member receiving the role: the actor, another actor of the suite, or a member of the policy.
        if (c.target !== undefined) resolveMember(c.target, `${path}/target`);
      }
      // The member moved, as assignRole's target; the node is judged by canMoveMember (unknown ones included).
      else if (c.moveMember !== undefined) resolveMember(c.moveMember.member, `${path}/moveMember/member`);
      else if (c.editRole !== undefined) resolveId(into, 'role', c.editRole, roleIds, `${path}/editRole`);
      else if (c.limit !== undefined) resolveId(into, 'quota', c.limit, Object.keys(ir.quotas), `${path}/limit`);
      // A createRole draft is judged whole by the validators, unknown permissions included.
      else if (c.createRole !== undefined) {}
      else if (c.cloneRole !== undefined) resolveId(into, 'role', c.cloneRole.from, roleIds, `${path}/cloneRole/from`);
      // Account data is judged whole by openAccount, unknown ids included.
      else if (c.accountData !== undefined) {}
      else if (c.resource !== undefined && c.action !== undefined) {
        if (typeof c.resource === 'string') {
          const r = suite.resources && Object.hasOwn(suite.resources, c.resource) ? suite.resources[c.resource]! : undefined;
          if (!r) report({ rule: 'unknown-reference', message: `unknown resource "${c.resource}"`, at: { file, path: `${path}/resource` }, ...hintFor(c.resource, Object.keys(suite.resources ?? {})) }, into);
          else useFixture(`resource\0${c.resource}`);
          resource = r;
        } else {
          checkResource(c.resource, `${path}/resource`, into);
          resource = c.resource;
        }
        if (resource && Object.hasOwn(ir.resources, resource.kind)) resolveId(into, 'action', c.action, ir.resources[resource.kind]!.actions, `${path}/action`, 'unknown-reference', `"${c.action}" is not an action of the resource kind ${resource.kind}`);
      } else {
        report({ rule: 'schema', message: 'a case with a resource needs an action, and the other way round', at: { file, path }, hint: 'add resource: <fixture> and action: <action>' }, into);
      }
      if (caseBag.hasErrors || suiteBag.hasErrors) return stop(caseBag.all().some((d) => d.rule === 'schema') ? 'the case is malformed' : undefined);

      if (c.accountData !== undefined) {
        results.push(judgeAccountData(ir, sources, file, path, c, suite.account, line, expected));
        return;
      }
      if (c.limit !== undefined) {
        // limitOf for the actor (their roles and tier node), on the account's tables when the suite has data.
        const value = kMemberLimitOf(inCtx(account ? account.tables : tablesOf(ir)), { roles: actor.roles, tier: actor.tier }, c.limit, account ? undefined : plan);
        const actual = value === undefined ? 'none' : String(value);
        const reason = `quota ${c.limit}${account ? " with the account's data" : ''}: the highest over the actor's roles${actor.tier != null ? ' and tier node' : ''}`;
        results.push({ file, name: c.name, line, expected, actual, reason, passed: expected === actual });
        return;
      }
      let allowed = false;
      let reason = '';
      let explanation: string[] | undefined;
      // A validator's verdict (assignRole, editRole, createRole, cloneRole, moveMember): with a
      // deny case's `rule:`, the rule is part of what is compared.
      let v: KernelVerdict | undefined;
      // The row a permission case asks: "<permission>:<object>" for a per-object permission.
      const row = c.permission !== undefined && c.object !== undefined ? `${c.permission}:${c.object}` : c.permission;
      const onObject = c.object !== undefined ? ` for ${c.object}` : '';
      const holder = { id: actor.id || 'actor', roles: actor.roles };
      const target = c.target ?? `${actor.id || 'actor'}-colleague`;
      /** A validator case's verdict on tables t (undefined for the other kinds); `member` gives the member a case names. */
      const validatorVerdict = (t: Tables, ctx: { plan: string } | undefined, member: (id: string) => unknown): KernelVerdict | undefined => {
        if (c.assignRole !== undefined) return kAssignRole(t, holder, member(target), c.assignRole, ctx);
        if (c.editRole !== undefined) return kEditRole(t, holder, c.editRole, ctx);
        if (c.createRole !== undefined) return kValidateDraft(t, holder, draftOf(c.createRole), ctx);
        if (c.cloneRole !== undefined) return kValidateClone(t, holder, cloneOf(c.cloneRole), ctx);
        if (c.moveMember !== undefined) return kMoveMember(t, holder, member(c.moveMember.member), c.moveMember.tier);
        return undefined;
      };
      if (account) {
        // With account data every question goes to the runtime kernel on the account's tables.
        const t = inCtx(account.tables);
        if (c.permission !== undefined) {
          allowed = kMemberCan(t, { roles: actor.roles, tier: actor.tier }, row, c.atLeast, undefined);
          reason = `${c.permission}${onObject}${c.atLeast ? ` at least ${c.atLeast}` : ''} with the account's data`;
          for (const r of actor.roles) if (Object.hasOwn(ir.roles, r)) cells.add(`${r} x ${c.permission}`);
        } else if (c.feature !== undefined) {
          allowed = kHasFeature(t, c.feature, undefined);
          reason = `feature ${c.feature} on the account's plan`;
        } else if (c.resource !== undefined) {
          allowed = kCanAccess(t, actor, resource!, c.action!, undefined);
          reason = allowed ? 'allowed with the account\'s data' : 'no rule or exception allows it with the account\'s data';
          coverAccess(ir, actor, resource!, cells, relations);
        } else {
          // The account's member where it has one; anyone else is no member of the account, which the validators refuse.
          v = validatorVerdict(t, undefined, (id) => account.member(id) ?? { id, roles: [] })!;
          [allowed, reason] = [v.ok, v.ok ? 'allowed' : problemsText(v)];
        }
      } else if (c.permission !== undefined) {
        // The answer comes from the runtime kernel (the code inlined into guards.ts); the IR
        // evaluator, kept as the tests' oracle, supplies only the explanation of a failure.
        allowed = kMemberCan(inCtx(tablesOf(ir)), { roles: actor.roles, tier: actor.tier }, row, c.atLeast, plan);
        reason = `${c.permission}${onObject}${c.atLeast ? ` at least ${c.atLeast}` : ''}`;
        for (const r of actor.roles) cells.add(`${r} x ${c.permission}`);
        if (explain && allowed !== (expected === 'allow')) explanation = explainHolding(ir, explain, actor, [c.permission], plan, c.context);
      } else if (c.feature !== undefined) {
        reason = evaluateFeature(ir, c.feature, plan).reason;
        allowed = kHasFeature(tablesOf(ir), c.feature, plan);
      } else if (c.resource !== undefined) {
        allowed = kCanAccess(inCtx(tablesOf(ir)), actor, resource!, c.action!, plan);
        reason = evaluateAccess(ir, actor, resource!, c.action!, plan, c.context).reason;
        coverAccess(ir, actor, resource!, cells, relations);
        if (explain && allowed !== (expected === 'allow')) {
          const perms = Object.keys(ir.permissions).filter((p) => ir.permissions[p]!.access.some((r) => r.resource === resource!.kind && r.actions.includes(c.action!)));
          explanation = [`relations of the actor to the ${resource!.kind}: ${[...relationsOf(ir, actor, resource!)].join(', ') || 'none'}`, ...explainHolding(ir, explain, actor, perms, plan, c.context)];
        }
      } else {
        // The validators on the policy's tables, with the case's plan.
        v = validatorVerdict(tablesOf(ir), plan === undefined ? undefined : { plan }, (id) => ({ id, roles: [] }))!;
        [allowed, reason] = [v.ok, v.ok ? acceptedReason(c, ir, actor, target, plan) : problemsText(v)];
      }
      const actual = v !== undefined ? verdictActual(v, deniedFor) : allowed ? 'allow' : 'deny';
      results.push({ file, name: c.name, line, expected, actual, reason, passed: expected === actual, ...(explanation ? { explanation } : {}) });
    });
  }
  return { results, diagnostics: bag.all(), sources, coverage: coverage(ir, cells, relations) };
}

/**
 * What the actor holds of each permission, with the explain chain of each of its roles (the same
 * explanation as `policyc explain`), its tier node's share, and a plan that switches it off.
 */
function explainHolding(ir: ResolvedPolicy, ctx: ExplainContext, actor: Actor, permissions: readonly string[], plan: string | undefined, context?: string): string[] {
  const out: string[] = [];
  const single = actor.roles.length === 1 && actor.tier == null;
  for (const p of permissions) {
    const held = memberValue(ir, actor.roles, actor.tier, p);
    const from = [actor.roles.length ? `${actor.roles.length === 1 ? 'role' : 'roles'} ${actor.roles.join(', ')}` : 'no role', ...(actor.tier != null ? [`tier node ${actor.tier}`] : [])].join(', ');
    const off = ir.permissions[p]!.requires.filter((id) => !ir.switches[id]!.on);
    const gate = off.length
      ? `, but it requires switch ${off.join(', ')}, which the policy has off`
      : !contextAllows(ir, p, context)
        ? `, but it works only in context ${ir.permissions[p]!.contexts.join(', ')} (the case's: ${context ?? Object.keys(ir.contexts)[0] ?? 'none'})`
        : planAllows(ir, p, plan, context) ? '' : `, but it needs plan ${ir.permissions[p]!.minPlan} (the case's plan: ${plan ?? 'none'})`;
    out.push(`${single ? `role ${actor.roles[0]}` : `the actor (${from})`} holds ${p} = ${held === undefined ? 'nothing' : formatValue(held)}${gate}`);
    if (single) out.push(...explainRole(ir, ctx.trace, actor.roles[0]!, p, ctx.locate).slice(1));
    else {
      for (const r of actor.roles) out.push(...explainRole(ir, ctx.trace, r, p, ctx.locate).map((l) => `  ${l}`));
      if (actor.tier != null && ir.tiers && Object.hasOwn(ir.tiers.nodes, actor.tier)) out.push(`  tier node ${actor.tier} holds ${p} = ${formatValue(ir.tiers.nodes[actor.tier]!.grants[p]!)}`);
    }
  }
  return out;
}

function escapeSegment(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Keys of a test actor and resource that are not attributes of declared relations. */
const ACTOR_KEYS = ['id', 'roles', 'groups', 'organization', 'tier'];
const RESOURCE_KEYS = ['kind', 'assignee', 'followers', 'formerAssignees', 'group', 'organization', 'tier', 'private'];

function toActor(id: string, a: ActorDoc): Actor {
  const attributes = Object.fromEntries(Object.entries(a).filter(([k]) => !ACTOR_KEYS.includes(k)));
  return { id, roles: a.roles ?? [], ...(a.groups ? { groups: a.groups } : {}), ...(a.organization ? { organization: a.organization } : {}), ...(a.tier ? { tier: a.tier } : {}), ...attributes };
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

/**
 * An accountData case: the suite's account with the case's keys in their place, validated as
 * openAccount validates it. It asserts no role x permission cell, so it adds nothing to coverage.
 */
function judgeAccountData(ir: ResolvedPolicy, sources: SourceIndex, file: string, path: string, c: CaseDoc, suiteAccount: unknown, line: number, expected: string): CaseResult {
  const own = c.accountData!;
  const base = suiteAccount !== null && typeof suiteAccount === 'object' ? (suiteAccount as Record<string, unknown>) : {};
  const data: Record<string, unknown> = { ...base, ...own };
  const opened = kOpenAccount(tablesOf(ir), {}, data);
  const problems = opened.ok ? [] : opened.problems;
  const rules = [...new Set(problems.map((p) => p.rule))];
  const actual = opened.ok ? 'allow' : `deny (${rules.join(', ')})`;
  const want = c.expect ?? 'deny';
  const rule = c.rule === undefined ? undefined : ruleIn(ACCOUNT_RULES, c.rule);
  const passed = want === 'allow' ? opened.ok : !opened.ok && (rule === undefined || rules.includes(rule));
  const merged = Object.keys(base).filter((k) => !Object.hasOwn(own, k));
  const reason = opened.ok
    ? `openAccount accepts the data${merged.length ? ` (the case's keys over the suite's account: ${merged.join(', ')} from the suite)` : ''}`
    : `openAccount refuses the data: ${problems.map((p) => `${p.rule} at ${p.path || '/'}`).join(', ')}`;
  // Where each problem lies: in the case's accountData, or in a key it kept from the suite's account.
  const explanation = passed
    ? undefined
    : problems.map((p) => {
        const top = ((p.path ?? '').split('/')[1] ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
        const where = top !== '' && !Object.hasOwn(own, top) && Object.hasOwn(base, top) ? `/account${p.path}` : `${path}/accountData${p.path ?? ''}`;
        const at = sources.locate({ file, path: where });
        const code = Object.hasOwn(CATALOGUE, p.rule) ? `${CATALOGUE[p.rule as Rule].code} ` : '';
        return `${file}:${at.line}:${at.column} ${code}${p.rule}: ${where}: ${p.message}`;
      });
  return { file, name: c.name, line, expected, actual, reason, passed, ...(explanation && explanation.length ? { explanation } : {}) };
}

/** Why the validators accepted a validator case on the policy's tables (the IR evaluator's reason where it has one). */
function acceptedReason(c: CaseDoc, ir: ResolvedPolicy, actor: Actor, target: string, plan: string | undefined): string {
  if (c.assignRole !== undefined) return evaluateAssign(ir, actor.id, actor.roles, target, c.assignRole, plan).reason;
  if (c.editRole !== undefined) return evaluateEditRole(ir, actor.id, actor.roles, c.editRole, plan).reason;
  if (c.createRole !== undefined) return 'the validators accept the new role';
  if (c.cloneRole !== undefined) return `the validators accept the copy of ${c.cloneRole.from}`;
  const move = c.moveMember!;
  return move.tier === null ? `${move.member} may be taken out of the tree` : `${move.member} may be placed in ${move.tier}`;
}

/** A refusal's problems, as a case's reason. */
function problemsText(v: KernelVerdict): string {
  return v.ok ? '' : v.problems.map((p) => `${p.rule}: ${p.message}`).join('; ');
}

/**
 * What a validator case compares: allow or deny; with a deny case's `rule:`, deny with the rule
 * expected when the refusal carries it, else with every rule it carries.
 */
function verdictActual(v: KernelVerdict, want: string | undefined): string {
  if (v.ok) return 'allow';
  if (want === undefined) return 'deny';
  const rules = [...new Set(v.problems.map((p) => p.rule))];
  return `deny (${rules.includes(want) ? want : rules.join(', ')})`;
}

/** A cloneRole case as the clone validateRoleClone() reads. */
function cloneOf(doc: NonNullable<CaseDoc['cloneRole']>): { from: string; id: string; name: string; description?: string } {
  return { from: doc.from, id: doc.id ?? 'new_role', name: doc.name, ...(doc.description !== undefined ? { description: doc.description } : {}) };
}

/** A createRole case as the draft validateRoleDraft() reads (a CustomRole: the description only when the case gives one). */
function draftOf(doc: NonNullable<CaseDoc['createRole']>): { id: string; name: string; description?: string; grants: Record<string, unknown> } {
  return { id: doc.id ?? 'new_role', name: doc.name, ...(doc.description !== undefined ? { description: doc.description } : {}), grants: doc.grants ?? {} };
}
