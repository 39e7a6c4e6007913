// Switches: add-ons, product switches and account facts, each on or off per account, and the
// check other parts use for the switches a permission or feature requires.

import type { Origin } from '../../diagnostics/diagnostic.js';
import type { ResolvedSwitch } from '../../ir.js';
import { child } from '../merge.js';
import type { ResolveContext, Unknown } from '../part.js';

export function resolveSwitches(ctx: ResolveContext): void {
  const { merged, ir } = ctx;
  for (const [id, d] of merged.switches) ir.switches[id] = { label: d.value.label, description: d.value.description ?? null, on: d.value.on ?? false };
}

/** The switches of a `requires` list that exist, in the list's order; unknown ones are reported. */
export function checkSwitchRefs(switches: Record<string, ResolvedSwitch>, ids: readonly string[] | undefined, at: Origin, unknown: Unknown): string[] {
  const out: string[] = [];
  (ids ?? []).forEach((id, i) => {
    if (Object.hasOwn(switches, id)) out.push(id);
    else unknown('switch', id, child(at, i), Object.keys(switches));
  });
  return out;
}
