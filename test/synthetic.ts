// Synthetic policies of any size, for tests and the benchmark: ordered scales and an action set,
// inheritance, implications, an admin-only permission, builtin and custom roles, members. The
// content is a fixed function of the sizes, so every run compiles the same policy.

export interface SyntheticSize {
  roles: number;
  permissions: number;
  members?: number;
  /** Roles per file under roles/ (default 50): a policy split as reviewers like it. */
  rolesPerFile?: number;
}

const pad = (i: number, n: number): string => String(i).padStart(String(n - 1).length, '0');

/** A small deterministic generator (xorshift), so that the policy never depends on the run. */
function random(seed: number): (n: number) => number {
  let x = seed | 0 || 1;
  return (n) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

export interface SyntheticPolicy {
  /** Path (relative to the policy folder) -> YAML text. */
  files: Record<string, string>;
  roleIds: string[];
  permissionIds: string[];
}

/** Permission i's scale: every fifth an action set, every third a toggle, the rest off/read/edit. */
function scaleOf(i: number): 'crude' | 'toggle' | 'access' {
  return i % 5 === 4 ? 'crude' : i % 3 === 0 ? 'toggle' : 'access';
}

export function syntheticPolicy(size: SyntheticSize, schemaDepth = 2): SyntheticPolicy {
  const { roles, permissions } = size;
  const members = size.members ?? 0;
  const perFile = size.rolesPerFile ?? 50;
  const rnd = random(roles * 7919 + permissions);
  const schema = (depth: number): string => `# yaml-language-server: $schema=${'../'.repeat(depth)}schema/policy.schema.json\n`;
  const roleIds = Array.from({ length: roles }, (_, i) => `role_${pad(i, roles)}`);
  const permissionIds = Array.from({ length: permissions }, (_, i) => `area_${i % 12}.perm_${pad(i, permissions)}`);
  const builtin = Math.min(roles, 10);

  const main: string[] = [
    schema(schemaDepth),
    `title: Synthetic ${roles} roles x ${permissions} permissions`,
    'description: Generated for tests and the benchmark.',
    'scales:',
    '  access: { levels: [off, read, edit] }',
    '  toggle: { levels: [off, on] }',
    '  crude:',
    '    actions: [read, create, update, delete, export]',
    '    implies: { create: [read], update: [read], delete: [read], export: [read] }',
    'groups:',
    ...Array.from({ length: 12 }, (_, g) => `  area_${g}: { label: Area ${g} }`),
    'permissions:',
  ];
  permissionIds.forEach((p, i) => {
    main.push(`  ${p}:`, `    label: Permission ${i}`, `    group: area_${i % 12}`, `    scale: ${scaleOf(i)}`);
    // Every tenth permission brings the one before it (a toggle or access scale) with it.
    if (i % 10 === 1) main.push(`    implies: { ${permissionIds[i - 1]}: ${scaleOf(i - 1) === 'toggle' ? 'on' : 'read'} }`);
    if (i === 2) main.push('    adminOnly: true');
  });
  main.push(
    'limits:',
    `  maxRoles: ${roles}`,
    `  maxCustomRoles: ${Math.max(0, roles - builtin)}`,
    '  minOwners: 1',
    '  rolesPerMember: { min: 1, max: 3 }',
    '  reservedNames: [Admin, Administrator]',
    '',
  );

  const files: Record<string, string> = { 'policy.yaml': main.join('\n') };
  for (let start = 0; start < roles; start += perFile) {
    const lines = [schema(schemaDepth + 1), 'roles:'];
    for (let i = start; i < Math.min(roles, start + perFile); i++) {
      const id = roleIds[i]!;
      lines.push(`  ${id}:`);
      if (i === 0) {
        lines.push('    name: Owner', '    kind: owner');
        continue;
      }
      lines.push(`    name: ${i === 1 ? 'Administrator' : `Team ${pad(i, roles)}`}`, `    kind: ${i < builtin ? 'builtin' : 'custom'}`);
      if (i === 1) lines.push('    admin: true');
      if (i >= builtin && i % 10 === 0) lines.push(`    inherits: [${roleIds[2 + (i % Math.max(1, builtin - 2))] ?? roleIds[1]}]`);
      const grants: string[] = [];
      permissionIds.forEach((p, j) => {
        if (j === 2 && i !== 1) return; // admin-only
        if (rnd(3) !== 0) return;
        const s = scaleOf(j);
        if (s === 'toggle') grants.push(`      ${p}: on`);
        else if (s === 'access') grants.push(`      ${p}: ${rnd(2) ? 'edit' : 'read'}`);
        else grants.push(`      ${p}: [${['read', 'create', 'update', 'delete', 'export'].filter(() => rnd(2)).join(', ')}]`);
      });
      if (grants.length) lines.push('    grants:', ...grants);
    }
    files[`roles/${pad(start / perFile, Math.ceil(roles / perFile))}.yaml`] = lines.join('\n') + '\n';
  }
  if (members > 0) {
    const lines = [schema(schemaDepth), 'members:'];
    for (let m = 0; m < members; m++) {
      const held = m === 0 ? [roleIds[0]!] : [roleIds[1 + rnd(roles - 1)]!, ...(m % 4 === 0 ? [roleIds[1 + rnd(roles - 1)]!] : [])];
      lines.push(`  member_${pad(m, members)}: { roles: [${[...new Set(held)].join(', ')}] }`);
    }
    files['members.yaml'] = lines.join('\n') + '\n';
  }
  return { files, roleIds, permissionIds };
}
