// The one catalogue of diagnostics. Codes are stable and never reused; ranges group them by stage:
// PC1xxx load (files, YAML), PC2xxx schema, PC3xxx resolve (references, cycles, levels),
// PC4xxx analysis (safety rules), PC5xxx account data (`policyc account`; the kernel's findings on an
// account reuse the compiler's rules above), PC6xxx formatting (`policyc fmt`). docs/diagnostics.md documents each entry with a failing example.

export type Severity = 'error' | 'warning';

export interface CatalogueEntry {
  readonly code: string;
  readonly severity: Severity;
  readonly summary: string;
}

export const CATALOGUE = {
  // load
  'io-error': { code: 'PC1000', severity: 'error', summary: 'A policy file could not be read.' },
  'yaml-syntax': { code: 'PC1001', severity: 'error', summary: 'The file is not valid YAML.' },
  'duplicate-key': { code: 'PC1002', severity: 'error', summary: 'A mapping defines the same key twice.' },
  'invalid-encoding': {
    code: 'PC1003',
    severity: 'error',
    summary: 'The file is not valid UTF-8, or a string escapes half of a surrogate pair.',
  },
  'file-too-large': { code: 'PC1004', severity: 'error', summary: 'The file exceeds the size limit for policy files.' },
  'yaml-resource-limit': {
    code: 'PC1005',
    severity: 'error',
    summary: 'The document expands beyond the limits on aliases, nodes or nesting depth.',
  },
  'forbidden-key': {
    code: 'PC1006',
    severity: 'error',
    summary: 'A key such as __proto__ could alter object prototypes and is not allowed.',
  },
  'empty-file': { code: 'PC1007', severity: 'error', summary: 'The policy file is empty.' },
  'schema-line': {
    code: 'PC1008',
    severity: 'warning',
    summary: 'The file does not start with the yaml-language-server $schema line.',
  },
  'policy-file-missing': { code: 'PC1009', severity: 'error', summary: 'The policy folder has no policy.yaml.' },
  'yaml-tag': { code: 'PC1010', severity: 'error', summary: 'A YAML tag or non-JSON value is not allowed.' },
  'symlink-target': {
    code: 'PC1012',
    severity: 'error',
    summary: 'A symbolic link in a policy folder points outside the repository or to nothing.',
  },
  'diagnostic-limit': {
    code: 'PC1099',
    severity: 'error',
    summary: 'A file has more than 100 diagnostics; the rest are counted, not shown.',
  },
  // schema
  schema: { code: 'PC2001', severity: 'error', summary: 'The document does not match the policy schema.' },
  // resolve
  'unknown-reference': { code: 'PC3001', severity: 'error', summary: 'A reference names something that is not defined.' },
  'duplicate-definition': {
    code: 'PC3002',
    severity: 'error',
    summary: 'The same role, permission, scale, group or member is defined in two places.',
  },
  'inherits-cycle': { code: 'PC3003', severity: 'error', summary: 'Roles inherit from each other in a cycle.' },
  'implies-cycle': { code: 'PC3004', severity: 'error', summary: 'Permissions imply each other in a cycle.' },
  'invalid-level': { code: 'PC3005', severity: 'error', summary: "A value does not belong to its permission's scale." },
  'duplicate-level': { code: 'PC3006', severity: 'error', summary: 'A scale lists the same level or action twice.' },
  'owner-grants': {
    code: 'PC3007',
    severity: 'error',
    summary: 'An owner role holds every permission and cannot declare grants or parents.',
  },
  'tier-root': { code: 'PC3008', severity: 'error', summary: 'The tier tree must have exactly one root node.' },
  'tier-cycle': { code: 'PC3009', severity: 'error', summary: 'Tier nodes are each other\'s parents in a cycle.' },
  'requirement-cycle': {
    code: 'PC3031',
    severity: 'error',
    summary: 'Actions of a resource need each other (through access rule requirements) in a cycle.',
  },
  'per-object-use': {
    code: 'PC3032',
    severity: 'error',
    summary: 'A per-object permission is used where one value must hold for every object (its own implies, access rules, conditions, privateNeeds).',
  },
  'relation-attribute': {
    code: 'PC3033',
    severity: 'error',
    summary: 'A declared relation reads an attribute the resource kind does not declare, or a field every actor (other than its id) or resource already has, or reads as a list (many) an attribute another relation reads as one value.',
  },
  'relation-default': { code: 'PC3034', severity: 'error', summary: 'A declared relation takes the name of a default relation.' },
  // analysis
  'owner-missing': { code: 'PC4001', severity: 'error', summary: 'The policy has no role of kind owner.' },
  'owner-members': { code: 'PC4002', severity: 'error', summary: 'Fewer members hold an owner role than minOwners requires.' },
  'role-cap': { code: 'PC4003', severity: 'error', summary: 'The policy defines more roles than limits.maxRoles.' },
  'custom-role-cap': {
    code: 'PC4004',
    severity: 'error',
    summary: 'The policy defines more custom roles than limits.maxCustomRoles.',
  },
  'name-duplicate': {
    code: 'PC4005',
    severity: 'error',
    summary: 'Two roles have the same display name after Unicode normalisation and case folding.',
  },
  'name-reserved': {
    code: 'PC4006',
    severity: 'error',
    summary: 'A role name equals or looks like a reserved name.',
  },
  'admin-only-grant': {
    code: 'PC4007',
    severity: 'error',
    summary: 'An adminOnly permission is granted to a role that is neither owner nor admin, or by a tier node.',
  },
  'owner-only-grant': {
    code: 'PC4008',
    severity: 'error',
    summary: 'An ownerOnly permission is granted to a role that is not the owner, or by a tier node.',
  },
  'member-without-role': { code: 'PC4009', severity: 'error', summary: 'A member holds no role.' },
  'roles-per-member': {
    code: 'PC4010',
    severity: 'error',
    summary: 'A member holds more roles than limits.rolesPerMember.max allows.',
  },
  'default-role': {
    code: 'PC4011',
    severity: 'error',
    summary: 'The default role for invitees must be a builtin or custom role, not an owner or admin role.',
  },
  'tier-depth': { code: 'PC4012', severity: 'error', summary: 'A tier node is deeper than tiers.maxDepth.' },
  'cross-field': {
    code: 'PC4013',
    severity: 'error',
    summary: 'A role or tier node holds a permission without the permission a cross-field rule says it needs.',
  },
  'self-edit': {
    code: 'PC4014',
    severity: 'error',
    summary: 'A role that may edit roles is allowed to edit its own role.',
  },
  'self-assign': {
    code: 'PC4015',
    severity: 'error',
    summary: 'A role that may assign roles is allowed to change the roles of its own members.',
  },
  'escalation-subset': {
    code: 'PC4016',
    severity: 'error',
    summary: 'A non-owner role may assign or edit a role whose effective permissions exceed its own.',
  },
  'protected-role': {
    code: 'PC4017',
    severity: 'error',
    summary: 'A non-owner role is given reach over a protected role (owner, or admin for a non-admin).',
  },
  'escalation-path': {
    code: 'PC4018',
    severity: 'error',
    summary: 'A chain of allowed steps (assign a role, edit a role, ...) ends with more than the role it started from.',
  },
  'spicedb-form': {
    code: 'PC4019',
    severity: 'error',
    summary: 'With the spicedb build target: a construct of the policy has no faithful form in a SpiceDB schema.',
  },
  'name-lookalike': {
    code: 'PC4020',
    severity: 'error',
    summary: "With limits.distinctNames lookalike: a custom role's name looks like another role's name.",
  },
  // account data (policyc account)
  'account-json': { code: 'PC5001', severity: 'error', summary: 'The account file is not valid JSON.' },
  'account-duplicate-key': { code: 'PC5002', severity: 'error', summary: 'An object of the account file has the same key twice.' },
  'account-forbidden-key': {
    code: 'PC5003',
    severity: 'error',
    summary: 'A key such as __proto__ could alter object prototypes and is not allowed in account data.',
  },
  'account-too-large': { code: 'PC5004', severity: 'error', summary: 'The account file exceeds the size limit for account files.' },
  'account-too-deep': { code: 'PC5005', severity: 'error', summary: 'Arrays and objects of the account file nest too deeply.' },
  'account-schema': { code: 'PC5006', severity: 'error', summary: 'The account data does not have the shape of AccountData.' },
  'member-duplicate': { code: 'PC5007', severity: 'error', summary: 'The account lists the same member id twice.' },
  'unknown-object': { code: 'PC5008', severity: 'error', summary: 'Grants name an object the account does not define, or a per-object permission without its object.' },
  // formatting (policyc fmt)
  unformatted: { code: 'PC6001', severity: 'error', summary: 'The file is not in the canonical layout of policyc fmt.' },
  'format-unsafe': {
    code: 'PC6002',
    severity: 'error',
    summary: 'policyc fmt cannot lay the file out without changing what it says or dropping a comment.',
  },
} as const satisfies Record<string, CatalogueEntry>;

export type Rule = keyof typeof CATALOGUE;

export const RULES = Object.keys(CATALOGUE) as Rule[];
