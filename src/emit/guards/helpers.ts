// What every part of guards.ts shares: the resolved policy, its table data, and the printing
// helpers that turn policy strings into escaped TypeScript (string literals, unions, doc comments).

import { isListAttribute, resourceAttributes, type ResolvedPolicy } from '../../ir.js';
import type { TableData } from '../../runtime/kernel.js';
import { jsDocText, tsString } from '../escape.js';

/** The policy and its table data, made once per emit and handed to every part. */
export interface GuardsContext {
  readonly ir: ResolvedPolicy;
  /** The tables guards.ts embeds (src/runtime/from-ir.ts); its id lists are in table order. */
  readonly data: TableData;
  /** The policy's permissions; the rows of default objects ("<permission>:<object>") follow them in the tables. */
  readonly permissions: readonly string[];
  /** Attributes of a resource that declared relations read: fields of a resource and columns for toSql. */
  readonly resourceAttributes: readonly string[];
}

export function guardsContext(ir: ResolvedPolicy, data: TableData): GuardsContext {
  return {
    ir,
    data,
    permissions: data.permissions.slice(0, data.basePermissions),
    resourceAttributes: resourceAttributes(ir),
  };
}

/** The type of a resource attribute in the guards: a list where a relation reads it as one (`many`). */
export const resourceAttributeType = (ir: ResolvedPolicy, attribute: string): string => (isListAttribute(ir, attribute) ? 'readonly string[]' : 'string | null');

/** A string as a TypeScript string literal. */
export const lit = tsString;

/** Ids as a union of string literals; `never` for none. */
export const union = (xs: readonly string[]): string => (xs.length ? xs.map(lit).join(' | ') : 'never');

/** Ids as a frozen object of their positions: `{ "a": 0, "b": 1 }`. */
export const idMap = (xs: readonly string[]): string => `Object.freeze({ ${xs.map((x, i) => `${lit(x)}: ${i}`).join(', ')} } as const)`;

/** A doc comment, on one line when the text is one line. */
export function doc(text: string, indent = ''): string {
  const lines = jsDocText(text).split('\n');
  if (lines.length === 1) return `${indent}/** ${lines[0]} */`;
  return [`${indent}/**`, ...lines.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)), `${indent} */`].join('\n');
}
