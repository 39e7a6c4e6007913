// What the schema stage knows about levels before anything is resolved: from the raw documents of
// one policy, each permission's scale and that scale's levels (or actions). A grant value that fails
// the schema can then be reported as a value outside its scale, with the valid levels as the hint.
// Best effort: documents that are themselves invalid contribute what they can.

import { dict } from '../util/text.js';

export interface LevelContext {
  /** The scale and its levels or actions for a permission id, when the documents define them. */
  scaleOf(permission: string): { scale: string; levels: readonly string[] } | undefined;
}

export const NO_LEVELS: LevelContext = { scaleOf: () => undefined };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function levelContext(documents: readonly unknown[]): LevelContext {
  const scales = dict<string[]>();
  const permissions = dict<string>();
  for (const doc of documents) {
    if (!isRecord(doc)) continue;
    if (isRecord(doc.scales)) {
      for (const [id, s] of Object.entries(doc.scales)) {
        if (!isRecord(s)) continue;
        const list = Array.isArray(s.levels) ? s.levels : Array.isArray(s.actions) ? s.actions : undefined;
        if (list) scales[id] = list.filter((l): l is string => typeof l === 'string');
      }
    }
    if (isRecord(doc.permissions)) {
      for (const [id, p] of Object.entries(doc.permissions)) if (isRecord(p) && typeof p.scale === 'string') permissions[id] = p.scale;
    }
  }
  return {
    scaleOf(permission) {
      const scale = permissions[permission];
      if (scale === undefined) return undefined;
      const levels = scales[scale];
      return levels && levels.length ? { scale, levels } : undefined;
    },
  };
}

/**
 * The permission whose scale a JSON path holds a value of: a grant of a role or tier node (plain,
 * action list, `default`, `allowed` items) or an `implies` entry of a permission; else undefined.
 */
export function permissionOfValue(path: string): string | undefined {
  const segs = path.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const numeric = (s: string | undefined): boolean => s !== undefined && /^\d+$/.test(s);
  for (let i = segs.length - 2; i >= 2; i--) {
    const owner = segs[i - 2];
    const isGrant = segs[i] === 'grants' && (owner === 'roles' || owner === 'nodes');
    const isImplied = segs[i] === 'implies' && owner === 'permissions';
    if (!isGrant && !isImplied) continue;
    const rest = segs.slice(i + 2);
    const ok = isImplied
      ? rest.length === 0 || (rest.length === 1 && numeric(rest[0]))
      : rest.length === 0 ||
        (rest.length === 1 && (numeric(rest[0]) || rest[0] === 'default')) ||
        (rest.length === 2 && (rest[0] === 'default' || rest[0] === 'allowed') && numeric(rest[1]));
    return ok ? segs[i + 1] : undefined;
  }
  return undefined;
}
