// Tiers: the nodes of the policy's organisation tree, depth first from the root, and their names.

import { doc, lit, union } from './helpers.js';
import type { GuardsPart } from './part.js';

export const tiers: GuardsPart = {
  types: ({ ir, data }) => [
    doc(ir.tiers ? `Nodes of the policy's organisation tree (at most ${ir.tiers.maxDepth} levels).` : 'Nodes of the organisation tree (never: the policy has none).'),
    `export type TierNode = ${union(data.tiers)};`,
  ],
  constants: ({ data }) => [
    doc('Tier nodes, depth first from the root.'),
    `export const TIER_NODES: readonly TierNode[] = Object.freeze([${data.tiers.map(lit).join(', ')}]);`,
    doc('Display name of each tier node.'),
    `export const TIER_NAMES: Readonly<Record<TierNode, string>> = Object.freeze({ ${data.tiers.map((id, i) => `${lit(id)}: ${lit(data.tierNames[i]!)}`).join(', ')} });`,
  ],
};
