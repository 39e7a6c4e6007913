// Checks each loaded document against schema/policy.schema.json (ajv, draft 2020-12, strict mode)
// and maps ajv's errors to diagnostics at the offending key or value. The build precompiles the
// schema to dist/validate/*.validate.cjs (src/cli/compile-schema.ts); that code is used when its
// schema hash matches, and the schema is compiled here otherwise (before the first build).

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../util/text.js';
import { NO_LEVELS, permissionOfValue, type LevelContext } from './level-context.js';

const require = createRequire(import.meta.url);
type Ajv2020 = typeof import('ajv/dist/2020.js').default;

/** src/validate and dist/validate both sit two levels below the package root. */
export const SCHEMA_DIR = new URL('../../schema/', import.meta.url);

const validators = new Map<string, ValidateFunction>();

export function loadSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(name, SCHEMA_DIR), 'utf8')) as Record<string, unknown>;
}

/** Schemas that the build precompiles. */
export const STANDALONE_SCHEMAS = ['policy.schema.json', 'policy-test.schema.json'] as const;

/**
 * Where the build puts the precompiled validator of a schema: dist/validate/, named from the package
 * root, since this module runs from src/validate, dist/validate and the bundled CLI in dist/cli,
 * all two levels below it. A stale or missing file is ignored (see loadStandalone).
 */
export function standaloneFile(name: string): URL {
  return new URL(`../../dist/validate/${name.replace(/\.json$/, '')}.validate.cjs`, import.meta.url);
}

/** Compiles a schema with ajv; `source` keeps the code for the standalone generator. */
export function compileSchemaSource(name: string, code: { source?: boolean } = {}): { ajv: InstanceType<Ajv2020>; validate: ValidateFunction; hash: string } {
  const text = readFileSync(new URL(name, SCHEMA_DIR), 'utf8');
  // Loaded only here: ajv's compiler is some 80 modules, which the precompiled validator does without.
  // ajv ships CommonJS; createRequire sidesteps the default-export interop of NodeNext.
  const Ajv2020 = require('ajv/dist/2020') as Ajv2020;
  const ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true, code });
  return { ajv, validate: ajv.compile(JSON.parse(text) as Record<string, unknown>), hash: hashText(text) };
}

function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The precompiled validator, when it exists and was built from the schema as it is now. */
function loadStandalone(name: string): ValidateFunction | undefined {
  let mod: ValidateFunction & { schemaHash?: string };
  try {
    mod = require(standaloneFile(name).pathname) as ValidateFunction & { schemaHash?: string };
  } catch {
    return undefined;
  }
  return mod.schemaHash === hashText(readFileSync(new URL(name, SCHEMA_DIR), 'utf8')) ? mod : undefined;
}

export function schemaValidator(name: string): ValidateFunction {
  let v = validators.get(name);
  if (!v) {
    v = loadStandalone(name) ?? compileSchemaSource(name).validate;
    validators.set(name, v);
  }
  return v;
}

/** Returns true when the document is valid; otherwise reports at least one located diagnostic. */
export function validateDocument(
  file: string,
  value: unknown,
  bag: DiagnosticBag,
  schema = 'policy.schema.json',
  levels: LevelContext = NO_LEVELS,
): boolean {
  const validate = schemaValidator(schema);
  if (validate(value)) return true;
  const errors = validate.errors!; // ajv sets them whenever validation fails
  const selected = selectErrors(errors);
  const atPath = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    const list = atPath.get(e.instancePath);
    if (list) list.push(e);
    else atPath.set(e.instancePath, [e]);
  }
  for (const e of selected) reportError(file, e, atPath.get(e.instancePath)!, bag, levels);
  // A failed document must never pass silently: should selection ever keep nothing, say so at the
  // first place ajv names. No input reaches this: selectErrors keeps at least one error at every
  // path it decides on, and every error elsewhere.
  // Stryker disable next-line all: unreachable, see above
  if (selected.length === 0) {
    // Stryker disable next-line all: unreachable, see above
    const path = errors[0]?.instancePath ?? '';
    // Stryker disable next-line all: unreachable, see above
    bag.report({ rule: 'schema', message: `${path === '' ? 'the document' : path.slice(1)} does not match the schema`, at: { file, path } });
  }
  return false;
}

const isAlternative = (e: ErrorObject): boolean => e.keyword === 'anyOf' || e.keyword === 'oneOf';
/** Errors by which a branch of an alternative says "not my kind of value" (wrong type, another constant). */
const isMismatch = (e: ErrorObject): boolean => e.keyword === 'type' || e.keyword === 'const';

/**
 * ajv reports every failed branch of an anyOf/oneOf, each at the same path. Keep what a person
 * needs, at each alternative's path: the errors of the branch that got furthest into the value
 * (errors below the path, and beside them an unknown or missing key at the path); else the errors of the branch whose type matched (an unknown key, a
 * missing key, a pattern); else, when no branch accepts the value's type, one error for the
 * alternative, which names the expected forms.
 */
export function selectErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  // Errors by path, and by every path above them: linear in the errors times the nesting depth,
  // so that a document with thousands of bad values costs no more per value than one.
  const at = new Map<string, ErrorObject[]>();
  const below = new Map<string, ErrorObject[]>();
  const push = (m: Map<string, ErrorObject[]>, k: string, e: ErrorObject): void => {
    const list = m.get(k);
    if (list) list.push(e);
    else m.set(k, [e]);
  };
  for (const e of errors) {
    push(at, e.instancePath, e);
    for (let i = e.instancePath.lastIndexOf('/'); i >= 0; i = e.instancePath.lastIndexOf('/', i - 1)) {
      push(below, e.instancePath.slice(0, i), e);
      if (i === 0) break;
    }
  }
  // The paths need no order: the decision at a path reads the errors at it and below it and drops
  // only errors at it, always keeping at least one, so whether there is an error below a path is
  // the same before and after the paths below it are decided.
  const paths = new Set(errors.filter(isAlternative).map((e) => e.instancePath));
  for (const p of paths) {
    const here = at.get(p)!.filter((e) => !dropped.has(e));
    const alternatives = here.filter(isAlternative);
    const mismatches = here.filter(isMismatch);
    const others = here.filter((e) => !isAlternative(e) && !isMismatch(e));
    const deeper = (below.get(p) ?? []).some((e) => !dropped.has(e));
    const drop = (list: readonly ErrorObject[]): void => list.forEach((e) => dropped.add(e));
    if (deeper) {
      // Keep what else the branch that got deeper found here: an unknown or a missing key beside a bad value.
      drop(alternatives);
      drop(mismatches);
    } else if (others.length > 0 && !(others.length > 1 && others.every((e) => e.keyword === 'required'))) {
      drop(alternatives);
      drop(mismatches);
    } else {
      // Several branches each missing their own key (levels or actions) read best as the alternative's description.
      drop(mismatches);
      drop(others);
      drop(alternatives.slice(0, -1)); // ajv reports the outermost alternative last
    }
  }
  return errors.filter((e) => !dropped.has(e));
}

function jsonType(v: unknown): string {
  if (v === null) return 'an empty value';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the text ${JSON.stringify(v)}`;
  return `${typeof v === 'number' ? 'the number' : 'the value'} ${String(v)}`;
}

const TYPE_NAMES: Record<string, string> = { string: 'a text', array: 'a list', object: 'a mapping', number: 'a number', integer: 'a whole number', boolean: 'true or false', null: 'nothing' };

/** The forms the branches of an alternative accept, from the mismatch errors ajv gave at its path. */
function expectedForms(here: readonly ErrorObject[]): string[] {
  const forms: string[] = [];
  for (const e of here) {
    if (e.keyword === 'type') {
      const t = (e.params as { type: string | string[] }).type;
      for (const one of Array.isArray(t) ? t : [t]) forms.push(TYPE_NAMES[one] ?? one);
    } else if (e.keyword === 'const') forms.push(JSON.stringify((e.params as { allowedValue: unknown }).allowedValue));
  }
  return [...new Set(forms)];
}

/** `here`: every error ajv gave at the path of `e`. */
function reportError(file: string, e: ErrorObject, here: readonly ErrorObject[], bag: DiagnosticBag, levels: LevelContext): void {
  const parent = e.parentSchema as { description?: string; properties?: Record<string, unknown> } | undefined;
  const where = e.instancePath === '' ? 'the document' : e.instancePath.slice(1);
  // A grant (or implied) value that is no level: the same finding as a level outside the scale.
  const permission = permissionOfValue(e.instancePath);
  const scale = permission !== undefined ? levels.scaleOf(permission) : undefined;
  const listed = typeof e.data === 'string' && scale?.levels.includes(e.data); // then the level itself is no valid id
  if (scale && !listed && (e.keyword === 'pattern' || e.keyword === 'type' || isAlternative(e)) && (typeof e.data !== 'object' || e.data === null)) {
    const near = typeof e.data === 'string' ? didYouMean(e.data, scale.levels) ?? didYouMean(e.data.trim().toLowerCase(), scale.levels) : undefined;
    bag.report({
      rule: 'invalid-level',
      message: `${where}: ${jsonType(e.data)} is not a value of the scale "${scale.scale}" of ${permission}`,
      at: { file, path: e.instancePath },
      hint: `${near ? `${near} ` : ''}valid values: ${scale.levels.join(', ')}`,
    });
    return;
  }
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys(parent?.properties ?? {});
      const hint = didYouMean(key, known) ?? (known.length ? `allowed keys: ${known.join(', ')}` : undefined);
      bag.report({
        rule: 'schema',
        message: `unknown key "${key}" in ${where}`,
        at: { file, path: `${e.instancePath}/${escapeSegment(key)}`, key: true },
        ...(hint ? { hint } : {}),
      });
      return;
    }
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      bag.report({ rule: 'schema', message: `${where} is missing the required key "${missing}"`, at: { file, path: e.instancePath } });
      return;
    }
    case 'propertyNames': {
      // Usually a nested error (a pattern) names the key; report here only when none does.
      const key = (e.params as { propertyName: string }).propertyName;
      // Every propertyNames of the two schemas is a pattern, which ajv reports with the key, so the
      // report below is reached by no input today and the test above has no wrong answer to give.
      // Stryker disable next-line all: see above
      if (here.some((x) => x !== e && (x as ErrorObject & { propertyName?: string }).propertyName === key)) return;
      // Stryker disable next-line all: see above
      bag.report({ rule: 'schema', message: `"${key}" is not a valid key in ${where}`, at: { file, path: `${e.instancePath}/${escapeSegment(key)}`, key: true } });
      return;
    }
    case 'pattern': {
      const propertyName = (e as ErrorObject & { propertyName?: string }).propertyName;
      const desc = parent?.description ? ` (${parent.description})` : '';
      if (propertyName !== undefined) {
        bag.report({
          rule: 'schema',
          message: `"${propertyName}" is not a valid key in ${where}${desc}`,
          at: { file, path: `${e.instancePath}/${escapeSegment(propertyName)}`, key: true },
        });
      } else {
        bag.report({ rule: 'schema', message: `${where}: ${JSON.stringify(e.data)} is not valid${desc}`, at: { file, path: e.instancePath } });
      }
      return;
    }
    case 'anyOf':
    case 'oneOf': {
      const desc = parent?.description ?? 'none of the allowed forms matches';
      const forms = expectedForms(here);
      bag.report({
        rule: 'schema',
        message: `${where} has the wrong form: ${desc}`,
        at: { file, path: e.instancePath },
        ...(forms.length ? { hint: `expected ${forms.join(' or ')}, not ${jsonType(e.data)}` } : {}),
      });
      return;
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      const hint = typeof e.data === 'string' ? didYouMean(e.data, allowed.map(String)) : undefined;
      bag.report({
        rule: 'schema',
        message: `${where} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`,
        at: { file, path: e.instancePath },
        ...(hint ? { hint } : {}),
      });
      return;
    }
    case 'type': {
      const t = (e.params as { type: string | string[] }).type;
      const want = (Array.isArray(t) ? t : [t]).map((one) => TYPE_NAMES[one] ?? one).join(' or ');
      bag.report({ rule: 'schema', message: `${where} must be ${want}, not ${jsonType(e.data)}`, at: { file, path: e.instancePath } });
      return;
    }
    default:
      bag.report({ rule: 'schema', message: `${where} ${e.message ?? 'is invalid'}`, at: { file, path: e.instancePath } });
  }
}

function escapeSegment(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}
