// Depth-first ordering of a reference graph with cycle reporting, shared by the parts whose
// references may loop (implications between permissions, inheritance between roles).

/**
 * Depth-first order of a graph, dependencies first. Each cycle found is handed to `onCycle`
 * (as the path a -> b -> ... -> a), which must break it; the search then continues.
 */
export function orderAcyclic(ids: readonly string[], edges: (id: string) => readonly string[], onCycle: (cycle: string[]) => void): string[] {
  const state = new Map<string, 1 | 2>();
  const order: string[] = [];
  const stack: string[] = [];
  const visit = (id: string): void => {
    state.set(id, 1);
    stack.push(id);
    for (const next of [...edges(id)]) {
      const s = state.get(next);
      if (s === 1) {
        const from = stack.indexOf(next);
        const cycle = [...stack.slice(from), next];
        // Report the cycle starting at its first member in declaration order, for stable output.
        const members = cycle.slice(0, -1);
        const start = members.reduce((best, m) => (ids.indexOf(m) < ids.indexOf(best) ? m : best), members[0]!);
        const k = members.indexOf(start);
        const rotated = [...members.slice(k), ...members.slice(0, k), start];
        onCycle(rotated);
        continue;
      }
      if (s === undefined) visit(next);
    }
    stack.pop();
    state.set(id, 2);
    order.push(id);
  };
  for (const id of ids) if (!state.has(id)) visit(id);
  return order;
}
