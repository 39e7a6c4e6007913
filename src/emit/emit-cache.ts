// What the emitters keep between two emits of the same policy (watch keeps one per policy folder):
// pieces of the outputs with what each was made from. A piece is made again only when what it is
// made from differs; a piece made from the same values is the same text, so an emit with the cache
// gives exactly what an emit without it gives. (What is derived from one resolved role is kept by
// the role itself, in WeakMaps beside each emitter: a role that did not change is the same object.)

export class EmitCache {
  /** guards.ts: each printed row of a role or tier-node matrix, by table and row name, with the values it shows. */
  tableRows = new Map<string, { values: ArrayLike<number>; text: string }>();
  /** guards.ts: the printed `allowed` row of a role, by the row (a kept role keeps its row). */
  readonly allowedRows = new WeakMap<object, string>();
  /** README.md: each role's matrix column, by role id: an equal column is the same array as before. */
  columns = new Map<string, readonly string[]>();
  /** README.md: the matrix rows' cells, with the permissions and columns they were joined from. */
  matrix: { permIds: readonly string[]; columns: readonly (readonly string[])[]; cells: string[] } | undefined;
}

/** Whether two lists hold the same values in the same order. */
export function sameItems(a: ArrayLike<unknown>, b: ArrayLike<unknown>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The text with its trailing line breaks replaced by one: `.replace(/\n*$/, '\n')` without a regular expression trying every position of a large text. */
export function endWithNewline(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 10) end--;
  if (end === text.length - 1) return text;
  return end === text.length ? `${text}\n` : `${text.slice(0, end)}\n`;
}
