// Roles: the roles table and the inheritance graph.

import type { DocsPart } from './part.js';

export const roles: DocsPart = {
  name: 'roles',
  partials: [],
  view: ({ ir, roleIds }) => ({
    roleCount: roleIds.length,
    roles: roleIds.map((id) => {
      const r = ir.roles[id]!;
      return { id, name: r.name, kind: r.kind, admin: r.admin, protected: r.protected, inherits: r.inherits, description: r.description, isDefault: ir.defaultRole === id };
    }),
    edges: roleIds.flatMap((child) => ir.roles[child]!.inherits.map((parent) => ({ child, parent }))),
  }),
};
