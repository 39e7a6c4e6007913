// `policyc account <policy-dir> <file.json|->`: validates a stored account export against a compiled
// policy with the runtime kernel (the same openAccount the generated guards export) and turns its
// problems, which carry JSON pointers, into located diagnostics in the account file.

import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { CATALOGUE, type Rule } from '../diagnostics/catalogue.js';
import type { ResolvedPolicy } from '../ir.js';
import { tablesOf } from '../runtime/from-ir.js';
import { kOpenAccount, type KAccount, type KernelProblem } from '../runtime/kernel.js';
import { MAX_ACCOUNT_BYTES, parseAccount, tooLargeDiagnostic, type AccountDocument } from './account-json.js';
import { displayPath, IoError } from './read-policy.js';

/** Reads the account file, or standard input for "-"; too large a file is a diagnostic, not an I/O error. */
export async function readAccountBytes(arg: string, cwd: string, stdin: (() => AsyncIterable<Uint8Array>) | undefined, maxBytes = MAX_ACCOUNT_BYTES): Promise<{ file: string; bytes: Uint8Array; tooLarge?: number }> {
  if (arg === '') throw new IoError('the account file name is empty');
  if (arg === '-') {
    if (!stdin) throw new IoError('cannot read the account from standard input here');
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of stdin()) {
      size += chunk.length;
      // Stop reading (and holding) once over the cap; the size reported is what was read so far.
      if (size > maxBytes) return { file: '<stdin>', bytes: new Uint8Array(), tooLarge: size };
      chunks.push(chunk);
    }
    return { file: '<stdin>', bytes: Buffer.concat(chunks) };
  }
  const abs = resolve(cwd, arg);
  let size: number;
  try {
    const st = statSync(abs);
    if (st.isDirectory()) throw new IoError(`${arg} is a folder; give the account's JSON file`);
    size = st.size;
  } catch (e) {
    if (e instanceof IoError) throw e;
    throw new IoError(`cannot read ${arg}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  if (size > maxBytes) return { file: displayPath(arg, cwd), bytes: new Uint8Array(), tooLarge: size };
  try {
    return { file: displayPath(arg, cwd), bytes: readFileSync(abs) };
  } catch (e) {
    throw new IoError(`cannot read ${arg}: ${(e as Error).message}`);
  }
}

/** Reads an account file (or standard input for "-") and validates it against the policy. */
export async function readAccount(ir: ResolvedPolicy, policyDir: string, arg: string, io: { cwd: string; stdin?: () => AsyncIterable<Uint8Array> }): Promise<AccountCheck> {
  const input = await readAccountBytes(arg, io.cwd, io.stdin);
  if (input.tooLarge !== undefined) {
    const document = parseAccount(input.file, new Uint8Array());
    return { document, diagnostics: [tooLargeDiagnostic(input.file, input.tooLarge)] };
  }
  return checkAccount(ir, policyDir, input.file, input.bytes);
}

export interface AccountCheck {
  document: AccountDocument;
  diagnostics: Diagnostic[];
  /** The opened account when the data is valid. */
  account?: KAccount;
}

/** Parses and validates an account file's bytes against a policy. */
export function checkAccount(ir: ResolvedPolicy, policyDir: string, file: string, bytes: Uint8Array, limits: { maxBytes?: number; maxDepth?: number } = {}): AccountCheck {
  const document = parseAccount(file, bytes, limits);
  if (document.diagnostics.length) return { document, diagnostics: document.diagnostics };
  const opened = kOpenAccount(tablesOf(ir), {}, document.value);
  if (opened.ok) return { document, diagnostics: [], account: opened.account };
  return { document, diagnostics: opened.problems.map((p) => toDiagnostic(p, document, policyDir)) };
}

/** The kernel names problems with the compiler's rules, plus account-schema and member-duplicate. */
function ruleOf(p: KernelProblem): Rule {
  return Object.hasOwn(CATALOGUE, p.rule) ? (p.rule as Rule) : 'account-schema';
}

/** Problems about a key (an unknown key or permission) point at the key; the rest at the value. */
function aboutKey(p: KernelProblem): boolean {
  return /^unknown (key|permission)\b/.test(p.message);
}

function toDiagnostic(p: KernelProblem, doc: AccountDocument, policyDir: string): Diagnostic {
  const rule = ruleOf(p);
  const path = p.path ?? '';
  const { line, column } = doc.locate(path, aboutKey(p));
  // The kernel's rule stays visible when it has no catalogue entry of its own.
  const message = `${path || '(document)'}: ${rule === p.rule ? '' : `${p.rule}: `}${p.message}`;
  const d: Diagnostic = { code: CATALOGUE[rule].code, rule, severity: CATALOGUE[rule].severity, message, file: doc.file, line, column, path };
  const hint = HINTS[rule]?.(policyDir, path);
  if (hint) d.hint = hint;
  return d;
}

const HINTS: Partial<Record<Rule, (dir: string, path: string) => string>> = {
  'account-schema': () => 'account.schema.json in the generated folder of the policy describes the shape of account data',
  'unknown-reference': (dir) => `ids must name a plan, role, permission, level or tier node of the policy (npx policyc export ${dir}), or a custom role or tier node of the account`,
  'invalid-level': (dir, path) =>
    path.startsWith('/roles/') ? `a customised cell stays within the values its role allows: npx policyc explain ${dir} <role> <permission>` : "use a level (or, for an action set, a list of actions) of the permission's scale",
  'name-duplicate': () => 'give the role another id or name; names are compared without case, width or spacing',
  'name-reserved': () => 'rename the role: reserved names and their look-alikes belong to builtin roles',
  'admin-only-grant': () => 'only the builtin admin and owner roles may hold adminOnly permissions; remove it from the custom role',
  'owner-only-grant': () => 'only the owner role may hold ownerOnly permissions; remove it from the role',
  'custom-role-cap': () => 'delete custom roles, or move the account to a plan that allows more',
  'role-cap': () => 'delete custom roles, or move the account to a plan that allows more',
  'owner-members': () => 'give at least the required number of members an owner role',
  'member-without-role': () => 'give the member a role, or remove the member',
  'roles-per-member': () => 'give the member as many roles as limits.rolesPerMember allows',
  'member-duplicate': () => 'merge the two entries: a member is listed once',
  'unknown-object': () => 'list the object under objects: { <kind>: [...] } of the account, or grant "<permission>:<object>" for an object it lists',
  'default-role': () => 'invited members get a builtin or custom role, never an owner or admin role',
  'tier-depth': () => 'attach the node higher in the tree',
  'escalation-subset': (dir) => `a role that may assign or edit roles must not reach one that holds more than it does: npx policyc explain ${dir} --escalation`,
  'protected-role': () => 'owner and admin roles are out of reach of custom roles',
  'self-assign': () => 'a role may not change the roles of its own members',
  'self-edit': () => 'a role may not edit itself',
};
