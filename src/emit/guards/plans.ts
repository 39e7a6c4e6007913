// Plans: the product plans, lowest first, and the features that need a minimum plan.

import { doc, lit, union } from './helpers.js';
import type { GuardsPart } from './part.js';

export const plans: GuardsPart = {
  types: ({ data }) => [
    doc('Product plans, lowest first (never: the policy has no plans).'),
    `export type Plan = ${union(data.plans)};`,
    doc('Features that need a minimum plan.'),
    `export type Feature = ${union(data.features)};`,
  ],
  constants: ({ ir, data }) => [
    doc('Plans, lowest first.'),
    `export const PLANS: readonly Plan[] = Object.freeze([${data.plans.map(lit).join(', ')}]);`,
    doc('The lowest plan of each feature.'),
    `export const FEATURE_PLAN: Readonly<Record<Feature, Plan>> = Object.freeze({ ${data.features.map((f) => `${lit(f)}: ${lit(ir.features[f]!.minPlan)}`).join(', ')} });`,
  ],
};
