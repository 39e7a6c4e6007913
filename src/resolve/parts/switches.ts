// Switches: add-ons, product switches and account facts, each on or off per account. Other parts
// check the switches they require with checkRefs (part.ts).

import type { ResolveContext } from '../part.js';

export function resolveSwitches(ctx: ResolveContext): void {
  const { merged, ir } = ctx;
  for (const [id, d] of merged.switches) ir.switches[id] = { label: d.value.label, description: d.value.description ?? null, on: d.value.on ?? false };
}
