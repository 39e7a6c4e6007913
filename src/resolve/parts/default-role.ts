// The default role: the one a new member gets.

import type { ResolveContext } from '../part.js';

export function resolveDefaultRole(ctx: ResolveContext): void {
  const { merged } = ctx;
  let defaultRole: string | null = merged.defaultRole?.value ?? null;
  if (defaultRole !== null && !merged.roles.has(defaultRole)) {
    ctx.unknown('role', defaultRole, merged.defaultRole!.at, [...merged.roles.keys()]);
    defaultRole = null;
  }
  ctx.ir.defaultRole = defaultRole;
}
