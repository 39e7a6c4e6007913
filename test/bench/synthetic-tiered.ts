// Synthetic policies for the benchmark sections that test/synthetic.ts does not cover:
//
// - tieredPolicy: an organisation tree of any size (Super 8's shape: a root, regional nodes, stores)
//   whose nodes carry grants, resources with access rules on every relation (assignee, follower,
//   same_tier, parent_tier, ancestor_tier, same_group), exceptions, plans, and members placed in
//   nodes, split across members/*.yaml as a user would (the loader refuses files of more than
//   500,000 lines and commas, or 10 MiB).
// - delegationPolicy: roles x permissions where some roles may assign and edit roles
//   (`delegation`), organised in teams: each team's lead reaches its team (editableBy), an
//   administrator reaches the leads and the builtin roles, some roles are customizable up to what
//   their lead holds. Every escalation rule has real work (multi-step closures, edits that raise
//   roles, subset checks) and the policy is clean, so `check` passes.
//
// Both are fixed functions of their sizes, so every run compiles the same policy.

const pad = (i: number, n: number): string => String(i).padStart(String(Math.max(1, n - 1)).length, '0');
const schema = (depth: number): string => `# yaml-language-server: $schema=${'../'.repeat(depth)}schema/policy.schema.json`;

function random(seed: number): (n: number) => number {
  let x = seed | 0 || 1;
  return (n) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

export interface Generated {
  /** Path (relative to the policy folder) -> YAML text. */
  files: Record<string, string>;
  roleIds: string[];
  nodeIds: string[];
}

/** Members per file under members/: 10,000 one-line members are about 0.5 MiB and 10,000 lines. */
const MEMBERS_PER_FILE = 10_000;

function memberFiles(files: Record<string, string>, lines: string[]): void {
  const chunks = Math.ceil(lines.length / MEMBERS_PER_FILE);
  for (let c = 0; c < chunks; c++) {
    files[`members/${pad(c, chunks)}.yaml`] = [schema(3), 'members:', ...lines.slice(c * MEMBERS_PER_FILE, (c + 1) * MEMBERS_PER_FILE), ''].join('\n');
  }
}

// ---------------------------------------------------------------------------------------------
// Tiers

export interface TieredSize {
  /** Tier nodes in all, root included. */
  nodes: number;
  /** Nodes of each level between the root and the last level, which takes the rest: [100] is a root, 100 regions and stores below them. */
  levels?: readonly number[];
  roles: number;
  /** Extra permissions without access rules, besides the ten core ones (seven of them with access rules). */
  fillers: number;
  members?: number;
}

/** Permissions with access rules, as in test/fixtures/golden/tiered and the Super 8 preset. */
const TIER_PERMISSIONS = `  inbox:
    label: Inbox
    group: inbox
    scale: inbox
    access:
      - { resource: conversation, atLeast: participating, relations: [assignee], actions: [read, reply, edit] }
      - { resource: conversation, atLeast: participating, relations: [follower], actions: [read, reply] }
      - { resource: conversation, atLeast: all, actions: [read, reply, edit] }
  folders.department:
    label: Department folder
    group: folders
    scale: toggle
    access:
      - { resource: conversation, relations: [assigned, same_tier], actions: [read] }
      - { resource: conversation, relations: [assigned, parent_tier], actions: [read] }
  folders.subtree:
    label: Subordinate nodes' folder
    group: folders
    scale: toggle
    access:
      - { resource: conversation, relations: [assigned, ancestor_tier], actions: [read] }
  folders.group:
    label: Group folder
    group: folders
    scale: toggle
    access:
      - { resource: conversation, relations: [same_group], actions: [read, reply] }
  folders.bound:
    label: Bound customers folder
    group: folders
    scale: toggle
    access:
      - { resource: customer, relations: [same_tier], actions: [view] }
      - { resource: customer, relations: [ancestor_tier], actions: [view] }
  customers.edit:
    label: Customer profile
    group: customers
    scale: access
    access:
      - { resource: customer, atLeast: read, relations: [same_tier], actions: [view] }
      - { resource: customer, atLeast: edit, relations: [same_tier], actions: [edit] }
      - { resource: customer, atLeast: edit, relations: [parent_tier], actions: [edit] }
  notify.binding:
    label: Binding notifications
    group: customers
    scale: toggle
    minPlan: pro
    access:
      - { resource: customer, relations: [same_tier], actions: [notify] }
      - { resource: customer, relations: [ancestor_tier], actions: [notify] }
  conversations.private:
    label: View private conversations
    group: inbox
    scale: toggle
  reports:
    label: Reports
    group: admin
    scale: toggle
    minPlan: pro
  audit:
    label: Audit log
    group: admin
    scale: toggle
    minPlan: enterprise
`;

export function tieredPolicy(size: TieredSize): Generated {
  const { nodes, roles, fillers } = size;
  const members = size.members ?? 0;
  const rnd = random(nodes * 31 + roles * 7 + fillers);
  const fillerIds = Array.from({ length: fillers }, (_, i) => `area_${i % 6}.perm_${pad(i, fillers)}`);
  const fillerScale = (i: number): 'toggle' | 'access' => (i % 3 === 0 ? 'access' : 'toggle');
  const roleIds = Array.from({ length: roles }, (_, i) => ['owner', 'admin', 'manager', 'agent', 'viewer'][i] ?? `custom_${pad(i, roles)}`);

  // The tree, level by level; a node's parent is spread over the level above.
  const levels = size.levels ?? [Math.max(1, Math.round(Math.sqrt(nodes)))];
  const nodeIds: string[] = ['hq'];
  const byLevel: string[][] = [['hq']];
  const parentOf = new Map<string, string>();
  for (let l = 0; nodeIds.length < nodes; l++) {
    const count = l < levels.length ? levels[l]! : nodes - nodeIds.length;
    const above = byLevel[l]!;
    const level: string[] = [];
    for (let i = 0; i < count && nodeIds.length < nodes; i++) {
      const id = `t${l + 1}_${pad(i, count)}`;
      parentOf.set(id, above[i % above.length]!);
      level.push(id);
      nodeIds.push(id);
    }
    byLevel.push(level);
  }
  const depth = byLevel.length;

  const main: string[] = [
    schema(2),
    `title: Synthetic tiers, ${nodes} nodes`,
    'description: Generated for the benchmark.',
    'plans:',
    '  basic: { label: Basic }',
    '  pro: { label: Pro }',
    '  enterprise: { label: Enterprise }',
    'scales:',
    '  toggle: { levels: [off, on] }',
    '  access: { levels: [off, read, edit] }',
    '  inbox: { levels: [none, participating, all] }',
    'groups:',
    '  inbox: { label: Inbox }',
    '  folders: { label: Folders }',
    '  customers: { label: Customers }',
    '  admin: { label: Administration }',
    ...Array.from({ length: 6 }, (_, g) => `  area_${g}: { label: Area ${g} }`),
    'resources:',
    '  conversation: { label: Conversation, actions: [read, reply, edit], privateNeeds: conversations.private }',
    '  customer: { label: Customer, actions: [view, edit, notify] }',
    'exceptions:',
    '  assignee_reads: { label: The assignee can always read and reply, resource: conversation, relations: [assignee], actions: [read, reply] }',
    '  former_assignee_reads: { label: A former assignee keeps read access, resource: conversation, relations: [former_assignee], actions: [read] }',
    'permissions:',
    TIER_PERMISSIONS.trimEnd(),
    ...fillerIds.map((p, i) => `  ${p}: { label: Setting ${i}, group: area_${i % 6}, scale: ${fillerScale(i)} }`),
    'limits:',
    `  maxRoles: ${roles}`,
    `  maxCustomRoles: ${Math.max(0, roles - 5)}`,
    '  minOwners: 1',
    '  rolesPerMember: { min: 1, max: 3 }',
    'tiers:',
    `  maxDepth: ${depth}`,
    '  nodes:',
  ];
  // Node grants: the root and regions see their subtree; stores get a random few.
  for (const id of nodeIds) {
    const grants: string[] = [];
    const level = id === 'hq' ? 0 : Number(id.slice(1, id.indexOf('_')));
    if (level === 0) grants.push('folders.department: on', 'folders.subtree: on', 'folders.bound: on', 'customers.edit: edit');
    else if (level < depth - 1) grants.push('folders.department: on', 'folders.subtree: on', 'folders.bound: on', 'notify.binding: on', 'customers.edit: read');
    else {
      if (rnd(2)) grants.push('folders.bound: on');
      if (rnd(3) === 0) grants.push('folders.department: on');
      if (rnd(4) === 0) grants.push(`customers.edit: ${rnd(2) ? 'edit' : 'read'}`);
      if (fillers > 0 && rnd(4) === 0) {
        const f = rnd(fillers);
        grants.push(`${fillerIds[f]}: ${fillerScale(f) === 'access' ? 'read' : 'on'}`);
      }
    }
    const name = level === 0 ? '總公司' : level < depth - 1 ? `區域 ${id}` : `門市 ${id}`;
    const parent = parentOf.get(id);
    main.push(`    ${id}: { name: ${name}${parent ? `, parent: ${parent}` : ''}${grants.length ? `, grants: { ${grants.join(', ')} }` : ''} }`);
  }
  main.push('');

  const roleLines = [schema(3), 'roles:'];
  roleIds.forEach((id, i) => {
    if (i === 0) {
      roleLines.push(`  ${id}: { name: Owner, kind: owner }`);
      return;
    }
    const grants: string[] = [];
    if (id === 'admin') {
      grants.push('inbox: all', 'conversations.private: on', 'customers.edit: edit', 'reports: on', 'audit: on', 'folders.group: on');
      fillerIds.forEach((p, j) => grants.push(`${p}: ${fillerScale(j) === 'access' ? 'edit' : 'on'}`));
    } else if (id === 'manager') grants.push('inbox: all', 'reports: on', 'folders.group: on', 'conversations.private: on');
    else if (id === 'agent') grants.push('inbox: participating');
    else if (id !== 'viewer') {
      grants.push(`inbox: ${['none', 'participating', 'all'][rnd(3)]}`);
      for (const p of ['folders.department', 'folders.subtree', 'folders.group', 'folders.bound', 'notify.binding', 'conversations.private', 'reports']) if (rnd(4) === 0) grants.push(`${p}: on`);
      if (rnd(3) === 0) grants.push(`customers.edit: ${rnd(2) ? 'edit' : 'read'}`);
      fillerIds.forEach((p, j) => {
        if (rnd(3) === 0) grants.push(`${p}: ${fillerScale(j) === 'access' ? (rnd(2) ? 'edit' : 'read') : 'on'}`);
      });
    }
    const kind = i < 5 ? 'builtin' : 'custom';
    roleLines.push(`  ${id}:`, `    name: ${id === 'admin' ? 'Administrator' : `Role ${id}`}`, `    kind: ${kind}`);
    if (id === 'admin') roleLines.push('    admin: true');
    if (grants.length) roleLines.push('    grants:', ...grants.map((g) => `      ${g}`));
  });
  const files: Record<string, string> = { 'policy.yaml': main.join('\n'), 'roles/roles.yaml': roleLines.join('\n') + '\n' };

  if (members > 0) {
    const lines: string[] = [];
    for (let m = 0; m < members; m++) {
      const held = m === 0 ? ['owner'] : [...new Set(Array.from({ length: 1 + rnd(3) }, () => roleIds[1 + rnd(roles - 1)]!))];
      lines.push(`  member_${pad(m, members)}: { roles: [${held.join(', ')}], tier: ${m === 0 ? 'hq' : nodeIds[rnd(nodes)]} }`);
    }
    memberFiles(files, lines);
  }
  return { files, roleIds, nodeIds };
}

// ---------------------------------------------------------------------------------------------
// Delegation

export interface DelegationSize {
  roles: number;
  permissions: number;
  /** Roles per team (the lead included). */
  teamSize?: number;
  /** false: the same roles without the delegation section, so nobody may assign or edit roles. */
  delegation?: boolean;
}

type Scale = 'crude' | 'toggle' | 'access';
const CRUDE = ['read', 'create', 'update', 'delete', 'export'];
const scaleOf = (i: number): Scale => (i % 5 === 4 ? 'crude' : i % 3 === 0 ? 'toggle' : 'access');

/** A written value: a level, or a set of actions (closed: every action brings read). */
type V = string | string[];
const rankOf = (s: Scale, v: V): number => (s === 'toggle' ? ['off', 'on'] : ['off', 'read', 'edit']).indexOf(v as string);
function joinV(s: Scale, a: V | undefined, b: V): V {
  if (a === undefined) return b;
  if (s === 'crude') return CRUDE.filter((x) => (a as string[]).includes(x) || (b as string[]).includes(x));
  return rankOf(s, a) >= rankOf(s, b) ? a : b;
}
const fmt = (v: V): string => (typeof v === 'string' ? v : `[${v.join(', ')}]`);

export function delegationPolicy(size: DelegationSize): Generated {
  const { roles, permissions } = size;
  const team = size.teamSize ?? 10;
  const rnd = random(roles * 104729 + permissions * 13 + team);
  const roleIds = Array.from({ length: roles }, (_, i) => `role_${pad(i, roles)}`);
  const permissionIds = Array.from({ length: permissions }, (_, i) => `area_${i % 12}.perm_${pad(i, permissions)}`);
  const builtin = Math.min(roles, 10);

  const main: string[] = [
    schema(2),
    `title: Synthetic delegation, ${roles} roles x ${permissions} permissions`,
    'description: Generated for the benchmark. Team leads assign and edit the roles of their team; an administrator reaches the leads.',
    'scales:',
    '  access: { levels: [off, read, edit] }',
    '  toggle: { levels: [off, on] }',
    '  crude:',
    `    actions: [${CRUDE.join(', ')}]`,
    '    implies: { create: [read], update: [read], delete: [read], export: [read] }',
    'groups:',
    ...Array.from({ length: 12 }, (_, g) => `  area_${g}: { label: Area ${g} }`),
    '  team: { label: Team }',
    'permissions:',
    '  team.assign_roles: { label: Assign roles, group: team, scale: toggle }',
    '  team.manage_roles: { label: Create and edit roles, group: team, scale: toggle }',
  ];
  permissionIds.forEach((p, i) => {
    main.push(`  ${p}:`, `    label: Permission ${i}`, `    group: area_${i % 12}`, `    scale: ${scaleOf(i)}`);
    if (i === 2) main.push('    adminOnly: true');
  });
  if (size.delegation !== false) {
    main.push('delegation:', '  manageRoles:', '    - { permission: team.manage_roles, atLeast: "on" }', '  assignRoles:', '    - { permission: team.assign_roles, atLeast: "on" }');
  }
  main.push(
    'limits:',
    `  maxRoles: ${roles}`,
    `  maxCustomRoles: ${Math.max(0, roles - builtin)}`,
    '  minOwners: 1',
    '  rolesPerMember: { min: 1, max: 3 }',
    '  reservedNames: [Admin, Administrator]',
    '',
  );

  // Grants first, then leads cover their team (at its highest allowed values) and the builtin roles.
  interface R {
    grants: Map<number, { value: V; allowed?: V[] }>;
    editableBy?: string;
    admin?: boolean;
    lead?: { assign: boolean; manage: boolean };
  }
  const spec: R[] = roleIds.map(() => ({ grants: new Map() }));
  const randomValue = (j: number): V => {
    const s = scaleOf(j);
    if (s === 'toggle') return 'on';
    if (s === 'access') return rnd(2) ? 'edit' : 'read';
    const picked = CRUDE.filter(() => rnd(2));
    return picked.length ? CRUDE.filter((a) => a === 'read' || picked.includes(a)) : ['read'];
  };
  const leadOf = (i: number): number => i - (i % team);
  for (let i = 1; i < roles; i++) {
    const r = spec[i]!;
    if (i === 1) {
      r.admin = true;
      permissionIds.forEach((_, j) => r.grants.set(j, { value: scaleOf(j) === 'crude' ? [...CRUDE] : scaleOf(j) === 'toggle' ? 'on' : 'edit' }));
      continue;
    }
    const isLead = i >= builtin && i % team === 0;
    if (isLead) {
      const t = i / team;
      r.lead = { assign: true, manage: t % 2 === 0 };
      r.editableBy = roleIds[1];
    } else if (i >= builtin) r.editableBy = roleIds[leadOf(i) >= builtin ? leadOf(i) : 1];
    permissionIds.forEach((_, j) => {
      if (j === 2 || rnd(3) !== 0) return; // admin-only
      const value = randomValue(j);
      // A team member may be customised on some access permissions, from read up to edit.
      const custom = !isLead && i >= builtin && i % 2 === 1 && scaleOf(j) === 'access' && value === 'read' && rnd(2) === 0;
      r.grants.set(j, custom ? { value, allowed: ['read', 'edit'] } : { value });
    });
  }
  for (let i = builtin; i < roles; i++) {
    const lead = spec[i]!.lead ? undefined : spec[leadOf(i)];
    if (!lead?.lead) continue;
    for (const [j, g] of spec[i]!.grants) {
      const max = (g.allowed ?? [g.value]).reduce((m, v) => joinV(scaleOf(j), m, v), g.value);
      lead.grants.set(j, { value: joinV(scaleOf(j), lead.grants.get(j)?.value, max) });
    }
  }
  for (let i = builtin; i < roles; i++) {
    const lead = spec[i]!;
    if (!lead.lead) continue;
    for (let b = 2; b < builtin; b++) for (const [j, g] of spec[b]!.grants) lead.grants.set(j, { value: joinV(scaleOf(j), lead.grants.get(j)?.value, g.value) });
  }

  const files: Record<string, string> = { 'policy.yaml': main.join('\n') };
  const perFile = 50;
  for (let start = 0; start < roles; start += perFile) {
    const lines = [schema(3), 'roles:'];
    for (let i = start; i < Math.min(roles, start + perFile); i++) {
      const id = roleIds[i]!;
      const r = spec[i]!;
      lines.push(`  ${id}:`);
      if (i === 0) {
        lines.push('    name: Owner', '    kind: owner');
        continue;
      }
      lines.push(`    name: ${i === 1 ? 'Administrator' : r.lead ? `Lead ${pad(i, roles)}` : `Team ${pad(i, roles)}`}`, `    kind: ${i < builtin ? 'builtin' : 'custom'}`);
      if (r.admin) lines.push('    admin: true');
      if (r.editableBy) lines.push(`    editableBy: [${r.editableBy}]`);
      const grants: string[] = [];
      if (i === 1 || r.lead?.assign) grants.push('      team.assign_roles: on');
      if (i === 1 || r.lead?.manage) grants.push('      team.manage_roles: on');
      for (const [j, g] of [...r.grants].sort((a, b) => a[0] - b[0])) {
        grants.push(`      ${permissionIds[j]}: ${g.allowed ? `{ default: ${fmt(g.value)}, allowed: [${g.allowed.map(fmt).join(', ')}] }` : fmt(g.value)}`);
      }
      if (grants.length) lines.push('    grants:', ...grants);
    }
    files[`roles/${pad(start / perFile, Math.ceil(roles / perFile))}.yaml`] = lines.join('\n') + '\n';
  }
  return { files, roleIds, nodeIds: [] };
}
