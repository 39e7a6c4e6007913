// A real LSP client for the tests and the benchmark: spawns `policyc lsp` and speaks the protocol
// to it over stdio with vscode-languageserver-protocol's client side.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node.js';

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface Published {
  params: PublishDiagnosticsParams;
  /** When it arrived (performance.now()), for the benchmark. */
  at: number;
}

export class LspClient {
  /** The latest diagnostics per URI. */
  readonly diagnostics = new Map<string, Diagnostic[]>();
  private waiters: { test: (p: PublishDiagnosticsParams) => boolean; done: (p: Published) => void }[] = [];
  private versions = new Map<string, number>();
  readonly stderr: string[] = [];
  readonly exited: Promise<number | null>;

  private constructor(
    readonly connection: ProtocolConnection,
    readonly child: ChildProcess,
  ) {
    this.exited = new Promise((done) => child.once('exit', (code) => done(code)));
    child.stderr!.on('data', (b: Buffer) => this.stderr.push(b.toString()));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const at = performance.now();
      this.diagnostics.set(params.uri, params.diagnostics);
      this.waiters = this.waiters.filter((w) => {
        if (!w.test(params)) return true;
        w.done({ params, at });
        return false;
      });
    });
  }

  /** Starts the server in `root` and completes the initialize handshake. */
  static async start(root: string, initializationOptions: Record<string, unknown> = { debounceMs: 5 }): Promise<LspClient> {
    const child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.listen();
    const client = new LspClient(connection, child);
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true } } },
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'root' }],
      initializationOptions,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  uri(path: string): string {
    return pathToFileURL(path).href;
  }

  /** Opens a file with the given text (default: its text on disk). */
  async open(path: string, text = readFileSync(path, 'utf8')): Promise<void> {
    const uri = this.uri(path);
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  }

  /** Opens the file with this text, or replaces the text when it is open already. */
  async set(path: string, text: string): Promise<void> {
    if (this.isOpen(path)) await this.change(path, text);
    else await this.open(path, text);
  }

  isOpen(path: string): boolean {
    return this.versions.has(this.uri(path));
  }

  /** Replaces the whole text of an open file. */
  async change(path: string, text: string): Promise<void> {
    const uri = this.uri(path);
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async close(path: string): Promise<void> {
    this.versions.delete(this.uri(path));
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: this.uri(path) } });
  }

  /** Resolves with the next publication for `path` that satisfies `test`. */
  next(path: string, test: (d: Diagnostic[]) => boolean = () => true, timeoutMs = 10_000): Promise<Published> {
    const uri = this.uri(path);
    return new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no diagnostics for ${path} within ${timeoutMs} ms; last: ${JSON.stringify(this.diagnostics.get(uri))}`)), timeoutMs);
      this.waiters.push({
        test: (p) => p.uri === uri && test(p.diagnostics),
        done: (p) => {
          clearTimeout(timer);
          done(p);
        },
      });
    });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** shutdown, then exit; resolves with the server's exit code. */
  async stop(): Promise<number | null> {
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  kill(): void {
    this.connection.dispose();
    this.child.kill();
  }
}
