// What every command of the command-line layer shares: its input and output streams, and the error
// that means "the command line is wrong" (exit code 2). Commands import these from here, never from
// run.ts, so that run.ts, which loads the commands, is imported by none of them.

export interface CliIo {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Whether stdout is a terminal: decides colour and the default format. */
  isTTY: boolean;
  env: Record<string, string | undefined>;
  /** Standard input, for commands that read a file given as "-" (account). */
  stdin?: () => AsyncIterable<Uint8Array>;
  /** The process's standard streams, for the language server, which speaks the protocol on them. */
  lspStreams?: () => { input: NodeJS.ReadableStream; output: NodeJS.WritableStream };
  /** Resolves when the user asks a long-running command (watch) to stop, e.g. on Ctrl-C. */
  interrupted?: () => Promise<void>;
}

/** A mistake in the command line (unknown flag or value, missing argument): printed with the usage, exit code 2. */
export class UsageError extends Error {}
