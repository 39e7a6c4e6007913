// A perfect hash of a fixed set of ids, chosen at build time, for the generated id lookups of large
// sets (src/emit/emit-guards.ts). The hash reads the length and a few character codes at positions
// picked so that no two ids agree on all of them, and a displacement table ("hash and displace")
// sends every id to a slot of its own; the lookup then confirms the id with one string comparison,
// so a string outside the set is refused whatever its hash. Measured against V8's Map and a
// prototype-free object in docs/performance.md ("id lookup"). Deterministic: the same ids always
// give the same tables.

/** What the generated lookup needs; `hashOf` and `lookup` below compute exactly what it computes. */
export interface PerfectHash {
  /** Character positions: p >= 0 reads index p, p < 0 reads index length + p. */
  readonly positions: readonly number[];
  /** One odd multiplier for the length, then one per position. */
  readonly multipliers: readonly number[];
  /** The displacement table has 2^bucketBits entries, picked by the hash's top bits. */
  readonly bucketBits: number;
  /** The slot table has 2^slotBits entries (at most half of them used). */
  readonly slotBits: number;
  readonly displacements: readonly number[];
  /** The index of the id in each slot, -1 for an empty slot. */
  readonly slots: readonly number[];
}

/** The mixer applied to hash ^ displacement before its top bits pick the slot. */
export const SLOT_MIXER = 0x85ebca6b | 0;

/** At most this many character positions: more would cost more than V8's own string hash. */
const MAX_POSITIONS = 6;
/** Positions considered, from either end. */
const MAX_SCAN = 64;
const MAX_SEEDS = 16;
const MAX_DISPLACEMENT = 1 << 16;

const charAt = (s: string, p: number): number => (p >= 0 ? s.charCodeAt(p) : s.charCodeAt(s.length + p)) | 0;

/** The 32-bit hash of `s` under `h`, as the generated code computes it (NaN past the end reads as 0). */
export function hashOf(h: Pick<PerfectHash, 'positions' | 'multipliers'>, s: string): number {
  let sum = Math.imul(s.length, h.multipliers[0]!);
  for (let j = 0; j < h.positions.length; j++) sum += Math.imul(charAt(s, h.positions[j]!), h.multipliers[j + 1]!);
  return sum | 0;
}

function slotOf(hash: number, displacement: number, slotBits: number): number {
  return Math.imul(hash ^ displacement, SLOT_MIXER) >>> (32 - slotBits);
}

/** The index of `s` among `ids`, or -1: what the generated lookup answers. */
export function lookup(h: PerfectHash, ids: readonly string[], s: unknown): number {
  if (typeof s !== 'string') return -1;
  const hash = hashOf(h, s);
  const i = h.slots[slotOf(hash, h.displacements[hash >>> (32 - h.bucketBits)]!, h.slotBits)]!;
  return i >= 0 && ids[i] === s ? i : -1;
}

/**
 * Positions, fewest first, at which (length, characters) tells every id apart; undefined when
 * MAX_POSITIONS do not. Greedy: each step adds the position that separates the most ids.
 */
function choosePositions(ids: readonly string[]): number[] | undefined {
  const longest = Math.min(MAX_SCAN, Math.max(...ids.map((s) => s.length)));
  const candidates: number[] = [];
  for (let k = 1; k <= longest; k++) candidates.push(-k, k - 1);
  // Ids that agree on the length and every position chosen so far share a group number.
  const regroup = (key: (s: string, i: number) => number): { groups: number[]; count: number } => {
    const numbers = new Map<number, number>();
    const groups = ids.map((s, i) => {
      const k = key(s, i);
      let g = numbers.get(k);
      if (g === undefined) numbers.set(k, (g = numbers.size));
      return g;
    });
    return { groups, count: numbers.size };
  };
  let { groups, count: reached } = regroup((s) => s.length);
  const chosen: number[] = [];
  while (reached < ids.length) {
    if (chosen.length === MAX_POSITIONS) return undefined;
    let best: { groups: number[]; count: number; at: number } | undefined;
    for (const p of candidates) {
      if (chosen.includes(p)) continue;
      const next = regroup((s, i) => groups[i]! * 0x10000 + charAt(s, p));
      if (next.count > (best?.count ?? reached)) best = { ...next, at: p };
    }
    if (!best) return undefined;
    chosen.push(best.at);
    groups = best.groups;
    reached = best.count;
  }
  return chosen;
}

/** A perfect hash of `ids` (distinct strings), or undefined when none is found within the limits. */
export function buildPerfectHash(ids: readonly string[]): PerfectHash | undefined {
  if (ids.length < 2 || ids.length >= 1 << 30) return undefined;
  const positions = choosePositions(ids);
  if (!positions) return undefined;
  const n = ids.length;
  const slotBits = Math.ceil(Math.log2(n + 1)) + 1;
  const bucketBits = Math.max(1, slotBits - 2);
  let x = 0x9e3779b9;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x | 1;
  };
  for (let seed = 0; seed < MAX_SEEDS; seed++) {
    const multipliers = [next(), ...positions.map(() => next())];
    const hashes = ids.map((s) => hashOf({ positions, multipliers }, s));
    const buckets: number[][] = Array.from({ length: 1 << bucketBits }, () => []);
    hashes.forEach((hash, i) => buckets[hash >>> (32 - bucketBits)]!.push(i));
    const order = buckets.map((_, b) => b).sort((a, b) => buckets[b]!.length - buckets[a]!.length || a - b);
    const slots = new Array<number>(1 << slotBits).fill(-1);
    const displacements = new Array<number>(1 << bucketBits).fill(0);
    let placedAll = true;
    for (const b of order) {
      const members = buckets[b]!;
      if (members.length === 0) break;
      let placed = false;
      for (let d = 0; d < MAX_DISPLACEMENT && !placed; d++) {
        const want = members.map((i) => slotOf(hashes[i]!, d, slotBits));
        if (new Set(want).size === want.length && want.every((s) => slots[s] === -1)) {
          members.forEach((i, j) => (slots[want[j]!] = i));
          displacements[b] = d;
          placed = true;
        }
      }
      if (!placed) {
        placedAll = false;
        break;
      }
    }
    if (placedAll) return { positions, multipliers, bucketBits, slotBits, displacements, slots };
  }
  return undefined;
}
