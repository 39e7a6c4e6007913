#!/usr/bin/env node
// Entry point of the policyc command: wires the CLI to the process.

import { runCli } from './run.js';

const code = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: process.stdout.isTTY === true,
  env: process.env,
  stdin: () => process.stdin,
  lspStreams: () => ({ input: process.stdin, output: process.stdout }),
  // Only commands that run until stopped ask for this, so Ctrl-C keeps its default elsewhere.
  interrupted: () => new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  }),
});
process.exitCode = code;
