// `policyc init <dir> --preset <name>`: scaffolds a policy folder from one of the presets shipped
// in this package's policies/ folder, tests included, with every $schema line pointing at this
// package's schema from the new location.

import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IoError } from './read-policy.js';

/** dist/cli and src/cli both sit two levels below the package root. */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PRESETS_DIR = join(PACKAGE_ROOT, 'policies');
const SCHEMA_DIR = join(PACKAGE_ROOT, 'schema');

export function listPresets(): string[] {
  try {
    return readdirSync(PRESETS_DIR, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(relative(root, p));
    }
  };
  walk(root);
  return out;
}

/** Copies the preset into `dir` (which must not exist or be empty). Returns the files written. */
export function initPolicy(dir: string, preset: string, cwd: string): string[] {
  const target = resolve(cwd, dir);
  if (existsSync(target) && (!statSync(target).isDirectory() || readdirSync(target).length > 0)) {
    throw new IoError(`${dir} already exists and is not empty; choose a new folder`);
  }
  const source = join(PRESETS_DIR, preset);
  const written: string[] = [];
  try {
    for (const rel of listFiles(source)) {
      const to = join(target, rel);
      mkdirSync(dirname(to), { recursive: true });
      let text = readFileSync(join(source, rel), 'utf8');
      text = text.replace(/^# yaml-language-server: \$schema=(\S+)/, (_line, old: string) => {
        const name = old.slice(old.lastIndexOf('/') + 1);
        const path = relative(dirname(to), join(SCHEMA_DIR, name)).split(sep).join('/');
        return `# yaml-language-server: $schema=${path}`;
      });
      writeFileSync(to, text);
      written.push(relative(cwd, to).split(sep).join('/'));
    }
  } catch (e) {
    throw new IoError(`could not write ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return written;
}
