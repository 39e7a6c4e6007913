// Bundles the command-line entry (dist/cli/main.js, written by tsc) into one module plus a chunk
// per command-only part (emitters, diff, watch, account...), in place. `policyc check` in a fresh
// process otherwise loads some 50 of the compiler's modules and 70 of the YAML parser's, which was
// a fifth of its time. The bundle sits in dist/cli/ like the modules it replaces, so paths relative
// to the package root (package.json, schema/, presets, dist/validate/*.validate.cjs) stay the same.
// Run by `npm run build:cli` after tsc; the library (dist/index.js) stays unbundled.
import { chmodSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const cliDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli');
const CHUNK = /^chunk-.*\.js$/;
// Chunks of an earlier bundle would only accumulate (their names carry a content hash).
for (const f of readdirSync(cliDir)) if (CHUNK.test(f)) rmSync(join(cliDir, f));

const options = {
  input: join(cliDir, 'main.js'),
  platform: 'node',
  // ajv is only ever required at run time (createRequire); jsonc-parser (account files) ships a
  // UMD module whose inner requires a bundler cannot follow. typescript is a development tool the
  // CLI never loads; kept external so that a stray import cannot pull it into the bundle.
  external: [/^node:/, /^ajv(\/|$)/, /^typescript$/, /^jsonc-parser$/],
  logLevel: 'warn',
  // yaml's ES module build (the same code as its CommonJS one, whose modules cannot be tree-shaken);
  // they differ only in how yaml logs a warning, which the loader never asks for (it composes
  // documents itself and reports their warnings as diagnostics).
  resolve: { alias: { yaml: join(cliDir, '..', '..', 'node_modules', 'yaml', 'browser', 'index.js') } },
};
const output = {
  dir: cliDir,
  format: 'esm',
  entryFileNames: 'main.js',
  chunkFileNames: 'chunk-[name]-[hash].js',
  // Readable output, like tsc's: the bundle exists to load fewer files, not to be smaller.
  minify: false,
  sourcemap: false,
};

// Every module that starting the CLI loads (those the entry imports statically, directly or not)
// goes into one chunk; the default split makes a chunk of every set of modules that some
// command's dynamic import shares, which is a dozen files to load before any command runs.
const probe = await build({ ...options, write: false, output });
const chunks = new Map(probe.output.filter((c) => c.type === 'chunk').map((c) => [c.fileName, c]));
const startup = new Set();
const pending = ['main.js'];
for (let name; (name = pending.pop()) !== undefined; ) {
  const chunk = chunks.get(name);
  if (!chunk || startup.has(name)) continue;
  startup.add(name);
  pending.push(...chunk.imports);
}
// The entry module itself stays in main.js: it awaits the command at its top level, and a chunk
// that a command imports dynamically imports the core chunk, which must not wait for that await.
const entry = join(cliDir, 'main.js');
const core = new Set([...startup].flatMap((name) => chunks.get(name).moduleIds).filter((id) => id !== entry));
await build({ ...options, output: { ...output, codeSplitting: { groups: [{ name: 'core', test: (id) => core.has(id) || id.includes('rolldown/runtime') }] } } });
// main.js is the package's bin. npm makes a bin executable only when it links it, and `npx policyc`
// reuses a link it made earlier (its cache outlives a clean clone at the same path): a main.js the
// bundler has just re-created without the executable bit then fails with 'Permission denied'.
chmodSync(entry, 0o755);
