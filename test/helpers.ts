// Shared test helpers: temporary policy folders, in-process CLI runs, and the built CLI binary.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { checkPolicy, type CheckResult } from '../src/compile.js';
import { readPolicyDir } from '../src/cli/read-policy.js';
import { runCli } from '../src/cli/run.js';
import { runPolicyTests, type TestRun } from '../src/policy-test/run-tests.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI = join(ROOT, 'dist/cli/main.js');
export const SCHEMA_LINE = (depth: number): string =>
  `# yaml-language-server: $schema=${'../'.repeat(depth)}schema/policy.schema.json\n`;

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test file. */
export function tempDir(prefix = 'policyc-test-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}

/** Writes files (path -> text or bytes) under a new temporary folder and returns it. */
export function writeTree(files: Record<string, string | Uint8Array>, root = tempDir()): string {
  for (const [p, content] of Object.entries(files)) {
    const abs = join(root, p);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return root;
}

/** Checks an in-memory policy folder; file paths are relative to the folder. */
export function checkFiles(files: Record<string, string | Uint8Array>, name = 'p'): CheckResult {
  return checkPolicy({
    name,
    dir: `policies/${name}`,
    files: Object.entries(files).map(([path, c]) => ({ path, bytes: typeof c === 'string' ? Buffer.from(c, 'utf8') : c })),
  });
}

export function checkDir(dir: string, cwd = ROOT): CheckResult {
  return checkPolicy(readPolicyDir(dir, cwd));
}

/** Runs policy-test suites (path under the policy folder -> text) against the policy in `dir`, checked once. */
export function policyTestRunner(dir: string): (files: Record<string, string>) => TestRun {
  const policy = checkDir(dir);
  return (files) => runPolicyTests(policy.ir!, dir, Object.entries(files).map(([path, text]) => ({ path, bytes: Buffer.from(text) })), { trace: policy.trace!, locate: policy.sources.locate });
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process (fast; same code path as the binary). */
export async function cli(args: string[], cwd: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    cwd,
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    isTTY: false,
    env: {},
  });
  return { code, stdout, stderr };
}

/** Runs the built binary (dist/cli/main.js), as a user would. */
export function bin(args: string[], cwd: string, timeout = 60_000): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A minimal valid policy.yaml, to which tests add or change sections. */
export const MINIMAL = `${SCHEMA_LINE(2)}title: Minimal
scales:
  access: { levels: [off, read, edit] }
  toggle: { levels: [off, on] }
permissions:
  tickets: { label: Tickets, scale: access }
  billing: { label: Billing, scale: toggle }
roles:
  owner: { name: Owner, kind: owner }
  agent:
    name: Agent
    grants:
      tickets: edit
`;
