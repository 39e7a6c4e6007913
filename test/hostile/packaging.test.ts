// What `npm pack` ships: the licence package.json names, every file the README and the shipped
// docs link to, and preset comments free of notes about where they came from.

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

function packedFiles(): Set<string> {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  const [pack] = JSON.parse(r.stdout) as { files: { path: string }[] }[];
  return new Set(pack!.files.map((f) => f.path));
}

/** Relative Markdown link targets of a file, without fragments, resolved against its folder. */
function links(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!.split('#')[0]!)
    .filter((t) => t !== '' && !/^[a-z]+:/i.test(t))
    .map((t) => normalize(join(dirname(file), t)).replace(/\\/g, '/'));
}

describe('the npm package', () => {
  const files = packedFiles();

  it('ships a LICENSE with the licence package.json names', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { license: string };
    expect(pkg.license).toBe('MIT');
    expect(files.has('LICENSE')).toBe(true);
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
  });

  const shipped = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((f) => `docs/${f}`)];
  it.each(shipped)('every relative link in %s is to a shipped file or folder', (doc) => {
    expect(files.has(doc)).toBe(true);
    for (const target of links(doc)) {
      const ok = files.has(target) || [...files].some((f) => f.startsWith(`${target.replace(/\/$/, '')}/`));
      expect(ok, `${doc} links to ${target}, which is not in the package`).toBe(true);
    }
  });

  it('ships the compiled library and CLI but no tests and no template sources it no longer reads', () => {
    expect(files.has('dist/cli/main.js')).toBe(true);
    expect(files.has('dist/emit/templates.generated.js')).toBe(true);
    expect([...files].filter((f) => f.startsWith('test/') || f.startsWith('src/'))).toEqual([]);
  });
});

describe('preset comments', () => {
  const presets = readdirSync(join(ROOT, 'policies'));
  it.each(presets)('%s: no notes about where the model came from in this repository', (preset) => {
    const dir = join(ROOT, 'policies', preset);
    const yaml = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));
    for (const f of yaml) expect(readFileSync(join(dir, f), 'utf8'), f).not.toMatch(/\(seed \d+\)|\bseeds?\//i);
  });
});
