// The canonical layout of each kind of file, as data: which mappings have a fixed key order (the
// order of the README's language section for policy files, of the schema for test suites), which
// are always written as blocks and which values always stay on one line. Mappings of ids (roles,
// permissions, grants, members, ...) keep the author's order: it is the display order.

export interface Shape {
  /** Keys in canonical order; keys not listed follow, in the order written. */
  readonly order?: readonly string[];
  /** Always a block, one entry per line. */
  readonly block?: boolean;
  /** Always on one line (a grant), unless a comment or multi-line text inside needs lines. */
  readonly flow?: boolean;
  /** The shape of the value of each listed key. */
  readonly keys?: Readonly<Record<string, Shape>>;
  /** The shape of every value of a mapping of ids, or of every item of a list. */
  readonly each?: Shape;
}

export type FileKind = 'policy' | 'role' | 'members' | 'test';

const GRANT: Shape = { flow: true, order: ['default', 'allowed'] };
const GRANTS: Shape = { block: true, each: GRANT };
const CONDITION: Shape = { order: ['permission', 'atLeast'] };
const DESCRIBED = ['label', 'description'] as const;

export const POLICY_LAYOUT: Shape = {
  block: true,
  order: [
    'title',
    'description',
    'scales',
    'groups',
    'permissions',
    'roles',
    'defaultRole',
    'plans',
    'plan',
    'features',
    'switches',
    'objects',
    'contexts',
    'quotas',
    'resources',
    'relations',
    'exceptions',
    'tiers',
    'rules',
    'delegation',
    'limits',
    'members',
    'targets',
  ],
  keys: {
    scales: { block: true, each: { block: true, order: [...DESCRIBED, 'levels', 'actions', 'options', 'includes', 'implies', 'labels'] } },
    groups: { block: true, each: { order: DESCRIBED } },
    permissions: {
      block: true,
      each: {
        block: true,
        order: [...DESCRIBED, 'group', 'scale', 'actions', 'perObject', 'baseline', 'implies', 'adminOnly', 'ownerOnly', 'minPlan', 'requires', 'contexts', 'access'],
        keys: { access: { each: { flow: true, order: ['resource', 'atLeast', 'relations', 'actions', 'requires'] } } },
      },
    },
    roles: {
      block: true,
      each: {
        block: true,
        order: ['name', 'description', 'kind', 'admin', 'inherits', 'editableBy', 'customizable', 'grants'],
        keys: { grants: GRANTS },
      },
    },
    plans: { block: true, each: { order: DESCRIBED } },
    features: { block: true, each: { order: [...DESCRIBED, 'minPlan', 'requires'] } },
    switches: { block: true, each: { order: [...DESCRIBED, 'on'] } },
    objects: { block: true, each: { block: true, order: [...DESCRIBED, 'defaults'] } },
    quotas: {
      block: true,
      each: { block: true, order: [...DESCRIBED, 'default', 'cases'], keys: { cases: { each: { flow: true, order: ['if', 'minPlan', 'requires', 'value'] } } } },
    },
    resources: {
      block: true,
      each: { block: true, order: [...DESCRIBED, 'actions', 'attributes', 'privateNeeds', 'parts'], keys: { parts: { block: true, each: { order: [...DESCRIBED, 'actions', 'privateNeeds'] } } } },
    },
    relations: { block: true, each: { order: [...DESCRIBED, 'actor', 'resource', 'many'] } },
    exceptions: { block: true, each: { order: [...DESCRIBED, 'resource', 'relations', 'actions'] } },
    tiers: {
      block: true,
      order: ['maxDepth', 'nodes'],
      keys: { nodes: { block: true, each: { order: ['name', 'description', 'parent', 'grants'], keys: { grants: GRANTS } } } },
    },
    rules: {
      block: true,
      each: { block: true, order: [...DESCRIBED, 'if', 'then', 'severity'], keys: { if: CONDITION, then: CONDITION } },
    },
    delegation: { block: true, order: ['manageRoles', 'assignRoles', 'cloneRoles'], keys: { manageRoles: { each: CONDITION }, assignRoles: { each: CONDITION } } },
    limits: {
      block: true,
      order: ['maxRoles', 'maxCustomRoles', 'minOwners', 'rolesPerMember', 'reservedNames', 'distinctNames'],
      keys: { rolesPerMember: { order: ['min', 'max'] } },
    },
    members: { block: true, each: { order: ['name', 'roles', 'tier'] } },
  },
};

const MEMBER_FIELDS = ['roles', 'groups', 'organization', 'tier'] as const;

/** AccountData, as a suite's `account:` and a case's `accountData:` give it. */
const ACCOUNT_DATA: Shape = {
  order: ['plan', 'switches', 'objects', 'roles', 'customRoles', 'members', 'tiers', 'defaultRole'],
  keys: {
    customRoles: { each: { order: ['id', 'name', 'grants'] } },
    members: { each: { order: ['id', ...MEMBER_FIELDS] } },
    tiers: { each: { order: ['id', 'name', 'parent', 'grants'] } },
  },
};

export const TEST_LAYOUT: Shape = {
  block: true,
  order: ['description', 'plan', 'account', 'actors', 'resources', 'cases'],
  keys: {
    account: { block: true, ...ACCOUNT_DATA },
    actors: { block: true, each: { order: MEMBER_FIELDS } },
    resources: {
      block: true,
      each: { order: ['kind', 'assignee', 'followers', 'formerAssignees', 'group', 'organization', 'tier', 'private'] },
    },
    cases: {
      block: true,
      each: {
        block: true,
        order: ['name', 'actor', 'roles', 'permission', 'atLeast', 'resource', 'action', 'feature', 'assignRole', 'target', 'editRole', 'limit', 'equals', 'createRole', 'cloneRole', 'moveMember', 'accountData', 'object', 'context', 'plan', 'expect', 'rule'],
        keys: { actor: { order: ['id', ...MEMBER_FIELDS] }, createRole: { order: ['id', 'name', 'description', 'grants'] }, cloneRole: { order: ['from', 'id', 'name', 'description'] }, moveMember: { order: ['member', 'tier'] }, accountData: ACCOUNT_DATA },
      },
    },
  },
};

export function layoutOf(kind: FileKind): Shape {
  return kind === 'test' ? TEST_LAYOUT : POLICY_LAYOUT;
}

/** The kind of a file from its path inside a policy folder: tests/*.yaml are test suites. */
export function fileKind(path: string): FileKind {
  const parts = path.split(/[\\/]/);
  const name = parts[parts.length - 1] ?? '';
  if (parts.length >= 2 && parts[parts.length - 2] === 'tests') return 'test';
  if (name === 'members.yaml' || name === 'members.yml') return 'members';
  if (parts.length >= 2 && parts[parts.length - 2] === 'roles') return 'role';
  return 'policy';
}
