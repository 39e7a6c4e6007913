// `policyc lsp`: a language server (LSP 3.17, over the streams it is given) for policy folders.
// Every change to an open buffer schedules a check of its policy folder, debounced, with the open
// buffers' unsaved text in place of the files on disk; the compiler's diagnostics are published for
// every file of the folder, open or not. A request never throws to the client: a defect in a
// handler is logged and answered with an empty result.

import { dirname, resolve } from 'node:path';
import {
  createConnection,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  ResponseError,
  ErrorCodes,
  TextDocuments,
  TextDocumentSyncKind,
  TextEdit,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type InitializeParams,
  type ServerCapabilities,
} from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import {
  codeActions,
  complete,
  definition,
  hover,
  offsetAt,
  pathOfUri,
  prepareRename,
  references,
  rename,
  RenameRefused,
  toLspDiagnostic,
  uriOf,
} from './features.js';
import { formatSource } from '../fmt/format.js';
import { fileKind } from '../fmt/layout.js';
import { indexFile } from './symbols.js';
import { policyFolderOf, PolicyFolder, type FolderFile } from './workspace.js';

export interface LspOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Workspace root when the client names none: diagnostics name files relative to it. */
  cwd: string;
  /** Quiet period after the last edit before checking, in ms (default 40; initializationOptions.debounceMs overrides). */
  debounceMs?: number;
}

/** What the server offers. One entry per feature, so that a feature is added in one place. */
export const CAPABILITIES: ServerCapabilities = {
  textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
  completionProvider: { triggerCharacters: [' ', '[', ',', ':', '-'] },
  hoverProvider: true,
  definitionProvider: true,
  referencesProvider: true,
  renameProvider: { prepareProvider: true },
  codeActionProvider: { codeActionKinds: ['quickfix'] },
  documentFormattingProvider: true,
};

/** Runs the server until the client sends exit or closes the input stream. */
export function serveLsp(options: LspOptions): Promise<number> {
  // Given as streams, the connection also ends the process when the input closes (the editor quit).
  const connection = createConnection(ProposedFeatures.all, options.input, options.output);
  const server = new PolicyServer(connection, options);
  return server.run();
}

class PolicyServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly folders = new Map<string, PolicyFolder>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly testTimers = new Map<string, NodeJS.Timeout>();
  /** The workspace root: diagnostics and explanations name files relative to it. */
  private root: string;
  private debounceMs: number;
  /** Pause after a check before the test suites are read (initializationOptions.testDelayMs overrides). */
  private testDelayMs: number;
  private shutdown = false;
  private watchFiles = false;

  constructor(
    private readonly connection: Connection,
    options: LspOptions,
  ) {
    this.root = options.cwd;
    this.debounceMs = options.debounceMs ?? 40;
    this.testDelayMs = 250;
  }

  run(): Promise<number> {
    const c = this.connection;
    c.onInitialize((params: InitializeParams) => {
      const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
      const root = folder ? pathOfUri(folder) : undefined;
      if (root) this.root = root;
      const opts = params.initializationOptions as { debounceMs?: unknown; testDelayMs?: unknown } | undefined;
      if (typeof opts?.debounceMs === 'number' && opts.debounceMs >= 0) this.debounceMs = opts.debounceMs;
      if (typeof opts?.testDelayMs === 'number' && opts.testDelayMs >= 0) this.testDelayMs = opts.testDelayMs;
      this.watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
      return { capabilities: CAPABILITIES, serverInfo: { name: 'policyc' } };
    });
    c.onInitialized(() => {
      // Files changed on disk (a checkout, another tool) change the folder's diagnostics too.
      if (this.watchFiles) void c.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml}' }] }).catch(() => undefined);
    });
    this.documents.onDidChangeContent((e) => this.changed(e.document.uri));
    // A closed file of a folder gets the diagnostics of its text on disk.
    this.documents.onDidClose((e) => this.changed(e.document.uri));
    c.onDidChangeWatchedFiles((p) => {
      for (const ch of p.changes) this.changed(ch.uri);
    });
    c.onCompletion(this.guard([], (p) => this.withFile(p.textDocument.uri, [], (folder, file, text) => complete(folder, text, file.test, offsetAt(file, text, p.position)))));
    c.onHover(this.guard(null, (p) => this.withFile(p.textDocument.uri, null, (folder, file) => hover(folder, file, offsetAt(file, file.text, p.position)))));
    c.onDefinition(this.guard(null, (p) => this.withFile(p.textDocument.uri, null, (folder, file) => definition(folder.symbols(), file, offsetAt(file, file.text, p.position)))));
    c.onReferences(this.guard(null, (p) => this.withFile(p.textDocument.uri, null, (folder, file) => references(folder.symbols(), file, offsetAt(file, file.text, p.position), p.context?.includeDeclaration !== false))));
    c.onPrepareRename(this.guard(null, (p) => this.withFile(p.textDocument.uri, null, (_folder, file) => prepareRename(file, offsetAt(file, file.text, p.position)))));
    c.onRenameRequest(
      this.guard(null, (p) =>
        this.withFile(p.textDocument.uri, null, (folder, file) => {
          try {
            return rename(folder.symbols(), file, offsetAt(file, file.text, p.position), String(p.newName));
          } catch (e) {
            if (e instanceof RenameRefused) return new ResponseError(ErrorCodes.InvalidParams, e.message);
            throw e;
          }
        }),
      ),
    );
    // Formatting: the buffer in the canonical layout of \`policyc fmt\`, as one edit; none when it
    // is already formatted or does not parse (its diagnostics say why).
    c.onDocumentFormatting(
      this.guard([], (p) =>
        this.withFile(p.textDocument.uri, [] as TextEdit[], (_folder, file, text) => {
          const doc = this.documents.get(p.textDocument.uri);
          if (!doc) return [];
          const r = formatSource(text, fileKind(file.rel), { file: file.rel });
          return r.ok && r.changed ? [TextEdit.replace({ start: { line: 0, character: 0 }, end: doc.positionAt(text.length) }, r.text)] : [];
        }),
      ),
    );
    c.onCodeAction(this.guard([], (p) => codeActions(p.textDocument.uri, p.context?.diagnostics ?? [], this.documents.get(p.textDocument.uri)?.getText())));
    c.onShutdown(() => {
      this.shutdown = true;
      for (const t of [...this.timers.values(), ...this.testTimers.values()]) clearTimeout(t);
      this.timers.clear();
      this.testTimers.clear();
    });
    const done = new Promise<number>((resolveExit) => {
      // The connection ends the process after this handler (exit code 0 after shutdown, else 1).
      c.onExit(() => resolveExit(this.shutdown ? 0 : 1));
    });
    this.documents.listen(c);
    c.listen();
    return done;
  }

  /** Wraps a handler: a defect is logged and answered with `empty`, never thrown to the client. */
  private guard<P, R>(empty: R, handler: (params: P) => R): (params: P) => R {
    return (params: P) => {
      try {
        return handler(params);
      } catch (e) {
        this.defect(e);
        return empty;
      }
    };
  }

  /** A bug in policyc, never in the policy: logged to the client's output, then carried on. */
  private defect(e: unknown): void {
    this.connection.console.error(`policyc: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }

  /** Runs a feature on a file of a policy folder, with the file's current text; `none` elsewhere. */
  private withFile<R>(uri: string, none: R, fn: (folder: PolicyFolder, file: FolderFile, text: string) => R): R {
    const abs = pathOfUri(String(uri));
    if (abs === undefined) return none;
    const folder = this.folderOf(abs);
    if (!folder) return none;
    // Hover and completion describe ids from the resolved policy: check a folder seen for the first time.
    if (!folder.last && !this.timers.has(folder.abs)) this.check(folder);
    const index = folder.symbols();
    const open = this.documents.get(uri)?.getText();
    const file = index.files.get(abs) ?? (open !== undefined ? { abs, rel: '', text: open, test: false, symbols: indexFile(open, false) } : undefined);
    if (!file) return none;
    return fn(folder, file, open ?? file.text);
  }

  private isOpen = (abs: string): boolean => this.documents.get(uriOf(abs)) !== undefined || this.openPaths().includes(abs);

  private openPaths(): string[] {
    const out: string[] = [];
    for (const d of this.documents.all()) {
      const p = pathOfUri(d.uri);
      if (p !== undefined) out.push(p);
    }
    return out;
  }

  private textOf = (abs: string): string | undefined => {
    const direct = this.documents.get(uriOf(abs));
    if (direct) return direct.getText();
    for (const d of this.documents.all()) if (pathOfUri(d.uri) === abs) return d.getText();
    return undefined;
  };

  private folderOf(abs: string): PolicyFolder | undefined {
    const dir = policyFolderOf(abs, this.isOpen);
    if (dir === undefined) return undefined;
    let folder = this.folders.get(dir);
    if (!folder) {
      folder = new PolicyFolder(dir, this.root, this.textOf, () => this.openPaths());
      this.folders.set(dir, folder);
    }
    return folder;
  }

  private changed(uri: string): void {
    try {
      const abs = pathOfUri(uri);
      if (abs === undefined) return;
      // A new or removed policy.yaml changes which folder its neighbours belong to.
      if (abs.endsWith('/policy.yaml')) for (const f of this.folders.values()) if (f.abs.startsWith(dirname(abs))) this.schedule(f);
      const folder = this.folderOf(abs);
      if (folder) this.schedule(folder);
    } catch (e) {
      this.defect(e);
    }
  }

  private schedule(folder: PolicyFolder): void {
    if (this.shutdown) return;
    folder.invalidate();
    const prev = this.timers.get(folder.abs);
    if (prev) clearTimeout(prev);
    const tests = this.testTimers.get(folder.abs);
    if (tests) clearTimeout(tests);
    this.testTimers.delete(folder.abs);
    this.timers.set(
      folder.abs,
      setTimeout(() => {
        this.timers.delete(folder.abs);
        this.check(folder);
      }, this.debounceMs),
    );
  }

  private check(folder: PolicyFolder): void {
    try {
      const outcome = folder.check();
      // Until the suites are read again, a policy that still compiles keeps their last findings.
      if (!outcome.result.ok) folder.testFindings = undefined;
      this.publish(folder, this.collect(folder, [outcome.byFile, folder.testFindings]));
      // The test suites come after a longer pause: reading them against the policy takes longer
      // than the check itself, and must neither delay the policy's diagnostics nor the next edit.
      this.testTimers.set(
        folder.abs,
        setTimeout(() => {
          this.testTimers.delete(folder.abs);
          try {
            if (this.timers.has(folder.abs) || folder.last !== outcome || this.shutdown) return;
            const before = folder.testFindings;
            folder.testFindings = folder.checkTests();
            if (!folder.testFindings?.size && !before?.size) return;
            this.publish(folder, this.collect(folder, [outcome.byFile, folder.testFindings]));
          } catch (e) {
            this.defect(e);
          }
        }, this.testDelayMs),
      );
    } catch (e) {
      this.defect(e);
    }
  }

  /** Diagnostics in LSP form for every file of the folder (an empty list for a clean file). */
  private collect(folder: PolicyFolder, parts: readonly (Map<string, Diagnostic[]> | undefined)[]): Map<string, LspDiagnostic[]> {
    const index = folder.symbols();
    const next = new Map<string, LspDiagnostic[]>();
    for (const abs of index.files.keys()) next.set(abs, []);
    for (const byFile of parts) {
      for (const [abs, list] of byFile ?? []) {
        if (abs === folder.abs) {
          // About the folder itself (no policy.yaml): shown at the top of its open files.
          for (const open of this.openPaths()) if (index.files.has(open)) next.get(open)!.push(...list.map((d) => toLspDiagnostic(d, undefined, folder)));
          continue;
        }
        const file = index.files.get(abs);
        next.set(abs, [...(next.get(abs) ?? []), ...list.map((d) => toLspDiagnostic(d, file, folder))]);
      }
    }
    return next;
  }

  private publish(folder: PolicyFolder, next: Map<string, LspDiagnostic[]>): void {
    const uris = new Set<string>();
    for (const [abs, list] of next) {
      const uri = this.uriFor(abs);
      uris.add(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics: list });
    }
    for (const uri of folder.published) if (!uris.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    folder.published = uris;
  }

  /** The URI the client uses for a path (its own spelling when the file is open). */
  private uriFor(abs: string): string {
    for (const d of this.documents.all()) if (pathOfUri(d.uri) === abs) return d.uri;
    return uriOf(resolve(abs));
  }
}
