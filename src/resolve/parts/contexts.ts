// Contexts: where a request comes from (the product's screens, its API), in order, the first being
// the context of a question that names none; and the check permissions use for their `contexts`.

import type { Origin } from '../../diagnostics/diagnostic.js';
import type { ResolvedContext } from '../../ir.js';
import { child } from '../merge.js';
import type { ResolveContext, Unknown } from '../part.js';

export function resolveContexts(ctx: ResolveContext): void {
  const { merged, ir } = ctx;
  for (const [id, d] of merged.contexts) ir.contexts[id] = { label: d.value.label, description: d.value.description ?? null };
}

/** The contexts of a `contexts` list that exist, in the list's order; unknown ones are reported (an error, so no build). */
export function checkContextRefs(contexts: Record<string, ResolvedContext>, ids: readonly string[] | undefined, at: Origin, unknown: Unknown): string[] {
  const out: string[] = [];
  (ids ?? []).forEach((id, i) => {
    if (Object.hasOwn(contexts, id)) out.push(id);
    else unknown('context', id, child(at, i), Object.keys(contexts));
  });
  return out;
}
