// Checks each loaded document against schema/policy.schema.json (ajv, draft 2020-12, strict mode)
// and maps ajv's errors to diagnostics at the offending key or value. The build precompiles the
// schema to dist/validate/*.validate.cjs (src/cli/compile-schema.ts); that code is used when its
// schema hash matches, and the schema is compiled here otherwise (tests run from src/).

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../util/text.js';

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

/** Where the build puts the precompiled validator of a schema (beside this module in dist/). */
export function standaloneFile(name: string): URL {
  return new URL(`./${name.replace(/\.json$/, '')}.validate.cjs`, import.meta.url);
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

/** Returns true when the document is valid. */
export function validateDocument(file: string, value: unknown, bag: DiagnosticBag, schema = 'policy.schema.json'): boolean {
  const validate = schemaValidator(schema);
  if (validate(value)) return true;
  for (const e of selectErrors(validate.errors ?? [])) reportError(file, e, bag);
  return false;
}

/**
 * ajv reports every failed branch of an anyOf/oneOf. Keep what a person needs: when some branch got
 * deeper into the value than the others, its errors; otherwise one error for the alternatives.
 */
export function selectErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const alternatives = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const dropped = new Set<ErrorObject>();
  for (const alt of alternatives) {
    const p = alt.instancePath;
    const inside = errors.filter((e) => e !== alt && (e.instancePath === p || e.instancePath.startsWith(p + '/')));
    const deeper = inside.filter((e) => e.instancePath !== p && !(e.keyword === 'anyOf' || e.keyword === 'oneOf'));
    if (deeper.length > 0) {
      for (const e of inside) if (e.instancePath === p) dropped.add(e);
      dropped.add(alt);
    } else {
      // Alternatives at the same path stay: dropping each other, two nested anyOf (a grant that is
      // a value or an object, a value that is an id or a list) left nothing to report at all.
      for (const e of inside) if (e.instancePath !== p || !(e.keyword === 'anyOf' || e.keyword === 'oneOf')) dropped.add(e);
    }
  }
  // Of several alternative errors left at one path, the outermost (reported last) describes the most.
  const lastAltAt = new Map<string, ErrorObject>();
  for (const e of errors) if (!dropped.has(e) && (e.keyword === 'anyOf' || e.keyword === 'oneOf')) lastAltAt.set(e.instancePath, e);
  return errors.filter(
    (e) => !dropped.has(e) && (!(e.keyword === 'anyOf' || e.keyword === 'oneOf') || lastAltAt.get(e.instancePath) === e),
  );
}

function reportError(file: string, e: ErrorObject, bag: DiagnosticBag): void {
  const parent = e.parentSchema as { description?: string; properties?: Record<string, unknown> } | undefined;
  const where = e.instancePath === '' ? 'the document' : e.instancePath.slice(1);
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
    case 'propertyNames':
      return; // the nested pattern error below names the key
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
      bag.report({
        rule: 'schema',
        message: `${where} has the wrong form: ${desc}`,
        at: { file, path: e.instancePath },
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
    default:
      bag.report({ rule: 'schema', message: `${where} ${e.message ?? 'is invalid'}`, at: { file, path: e.instancePath } });
  }
}

function escapeSegment(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}
