// The generated README: the sections a support manager reads (what each permission allows, plans
// and features, resources and access, tiers, cross-field rules, role management), with every
// policy string escaped, and sections with nothing to show left out.

import { describe, expect, it } from 'vitest';
import { emitDocs } from '../../src/emit/emit-docs.js';
import type { ResolvedPolicy } from '../../src/ir.js';
import { checkFiles, MINIMAL, SCHEMA_LINE } from '../helpers.js';

const HOSTILE = '<script>alert(1)</script> a | b [x](javascript:alert(1)) **bold** `code` <img src=x onerror=y>';

const FULL = `${SCHEMA_LINE(2)}title: Docs test
plans:
  basic: { label: Basic }
  pro: { label: "Pro <b>plus</b>", description: "Pays | more" }
  enterprise: { label: Enterprise }
plan: pro
features:
  sso: { label: Single sign-on, minPlan: enterprise, description: "Log in [here](javascript:alert(1))" }
scales:
  toggle: { levels: [off, on] }
  inbox: { levels: [none, mine, all], labels: { none: "No access", mine: "Own | chats", all: "All chats" } }
  crud:
    label: Actions
    actions: [read, create, update, export]
    implies: { create: [read], update: [read], export: [read] }
groups:
  work: { label: Work, description: "Daily work" }
resources:
  conversation:
    label: "Conversation <i>"
    actions: [read, reply]
    privateNeeds: private
permissions:
  inbox:
    label: Inbox
    description: ${JSON.stringify(HOSTILE)}
    group: work
    scale: inbox
    access:
      - { resource: conversation, atLeast: mine, relations: [assignee], actions: [read, reply] }
      - { resource: conversation, atLeast: all, actions: [read] }
      - { resource: conversation, atLeast: mine, relations: [unassigned, same_group], actions: [read] }
  reports:
    label: Reports
    group: work
    scale: crud
    implies: { inbox: mine }
  private:
    label: Private chats
    scale: toggle
  audit:
    label: Audit log
    scale: toggle
    minPlan: enterprise
  folder:
    label: Folder
    scale: toggle
    access:
      - { resource: conversation, relations: [ancestor_tier], actions: [read] }
      - { resource: conversation, relations: [parent_tier], actions: [read] }
  notify:
    label: Notify
    scale: toggle
  roles.manage:
    label: Manage roles
    scale: toggle
    adminOnly: true
  billing:
    label: Billing
    scale: toggle
    ownerOnly: true
roles:
  owner: { name: "Boss \\"#1\\" <b>\`x\`", kind: owner }
  admin:
    name: Admin
    admin: true
    grants: { roles.manage: "on", inbox: all, reports: [create, update, export] }
  agent:
    name: "Agent # \\"A\\""
    editableBy: [admin]
    grants:
      inbox: mine
      reports: { default: [read, export], allowed: any }
  lead:
    name: Lead
    inherits: [agent]
    grants:
      reports: { default: [read, export], allowed: [[read, create, update, export]] }
exceptions:
  assignee_reads:
    label: "Assignee <reads> | always"
    resource: conversation
    relations: [assignee]
    actions: [read]
tiers:
  maxDepth: 3
  nodes:
    hq: { name: "HQ \\"#\\" <x>", grants: { folder: "on" } }
    east: { name: East | wing, parent: hq, grants: { folder: "on", notify: "on" } }
rules:
  notify_needs_folder:
    label: "Notify needs [folder](javascript:x)"
    if: { permission: notify }
    then: { permission: folder }
    severity: warning
delegation:
  manageRoles:
    - { permission: roles.manage, atLeast: "on" }
limits:
  maxCustomRoles: { pro: 5, enterprise: 50 }
members:
  ana: { name: "Ana <script>", roles: [owner], tier: hq }
  ben: { roles: [agent], tier: east }
`;

function compile(files: Record<string, string>): ResolvedPolicy {
  const r = checkFiles(files);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.ir!;
}

/** The lines of one `## heading` section (up to the next `## ` heading). */
function section(md: string, heading: string): string {
  const start = md.indexOf(`\n## ${heading}\n`);
  if (start < 0) return '';
  const next = md.indexOf('\n## ', start + 1);
  return md.slice(start + 1, next < 0 ? undefined : next + 1);
}

/** The fenced block that starts with ```mermaid and the given first line. */
function mermaid(md: string, first: string): string {
  const start = md.indexOf(`\`\`\`mermaid\n${first}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  return md.slice(start, md.indexOf('\n```\n', start + 10) + 5);
}

describe('README sections', () => {
  const ir = compile({ 'policy.yaml': FULL });
  const md = emitDocs(ir, 'policies/p');

  it('never lets raw HTML, links or table-breaking pipes through', () => {
    expect(md).not.toMatch(/<(script|img|b|i|x|reads)\b/i);
    expect(md).not.toMatch(/\]\(javascript:/);
    // Every table row has as many unescaped pipes as its header.
    const lines = md.split('\n');
    let cols = -1;
    for (const line of lines) {
      if (!line.startsWith('|')) {
        cols = -1;
        continue;
      }
      const n = line.replace(/\\\|/g, '').split('|').length;
      if (cols < 0) cols = n;
      expect(n, line).toBe(cols);
    }
  });

  it('describes each permission after its group matrix, escaped', () => {
    expect(md).toContain('| Permission | What it allows | Values | Notes |');
    expect(md).toContain(
      '| Inbox `inbox` | &lt;script\\>alert\\(1\\)&lt;/script\\> a \\| b \\[x\\]\\(javascript:alert\\(1\\)\\) \\*\\*bold\\*\\* \\`code\\` &lt;img src=x onerror=y\\> | No access < Own \\| chats < All chats | gives access to Conversation &lt;i\\> (see Resources and access) |',
    );
    expect(md).toContain('| Reports `reports` | — | any of read, create, update, export | brings Inbox at least Own \\| chats |');
    expect(md).toMatch(/\| Audit log `audit` \| — \| off < on \| needs plan Enterprise \(not on this account's plan\) \|/);
    expect(md).toMatch(/\| Manage roles `roles\.manage` \| — \| off < on \| admin roles only; lets a member manage roles/);
    expect(md).toMatch(/\| Billing `billing` \| — \| off < on \| owner roles only \|/);
    expect(md).toMatch(/\| Private chats `private` \| — \| off < on \| needed to open a private Conversation &lt;i\\> \|/);
  });

  it('shows the actions an administrator may add or remove in action-set cells', () => {
    const row = md.split('\n').find((l) => l.startsWith('| Reports |'))!;
    // Owner and Admin fixed; Agent: any subset; Lead: exactly two choices, listed as they are.
    expect(row).toBe(
      '| Reports | read, create, update, export | read, create, update, export | read, export (may add: create, update; may remove: read, export) | read, export (or read, create, update, export) |',
    );
  });

  it('lists plans with the account plan marked, features, plan-bound permissions and limits by plan', () => {
    const s = section(md, 'Plans and features');
    expect(s).toContain('| Pro &lt;b\\>plus&lt;/b\\> (this account\'s plan) | `pro` | Pays \\| more |');
    expect(s).toContain('| Single sign\\-on | `sso` | Enterprise | no | Log in \\[here\\]\\(javascript:alert\\(1\\)\\) |');
    expect(s).toContain('| Audit log | `audit` | Enterprise | no |');
    expect(s).toContain('| Limit | Basic | Pro &lt;b\\>plus&lt;/b\\> | Enterprise |');
    expect(s).toContain('| Most custom roles | 0 | 5 | 50 |');
    expect(section(md, 'Limits')).toContain('| Most custom roles | 5 on the account\'s plan (Pro &lt;b\\>plus&lt;/b\\>); depends on the plan');
  });

  it('tells who gets which action on a resource, under which relations, and the exceptions', () => {
    const s = section(md, 'Resources and access');
    expect(s).toContain('### Conversation &lt;i\\> (`conversation`)');
    expect(s).toContain('| `read`, `reply` | Inbox at least Own \\| chats | member is the assignee | Boss "\\#1" &lt;b\\>\\`x\\`, Admin, Agent \\# "A", Lead |');
    expect(s).toContain('| `read` | Inbox at least All chats | any Conversation &lt;i\\> | Boss "\\#1" &lt;b\\>\\`x\\`, Admin |');
    expect(s).toContain('| `read` | Inbox at least Own \\| chats | unassigned and same group |');
    expect(s).toContain("| `read` | Folder at least on | member's node is any node above | Boss \"\\#1\" &lt;b\\>\\`x\\`; members of every tier node |");
    expect(s).toContain("| `read` | Folder at least on | member's node is the node directly above |");
    expect(s).toContain('Always, whatever the role:');
    expect(s).toContain('| Assignee &lt;reads\\> \\| always | `read` | member is the assignee | — |');
    expect(s).toContain('A private Conversation &lt;i\\> also needs Private chats at least on, for every rule and exception above.');
    expect(s).toContain("- *member's node is any node above*:");
    expect(s).not.toContain('*member is a follower*');
  });

  it('draws the tier tree top-down with prefixed ids and escaped labels, and lists node grants and members', () => {
    const s = section(md, 'Tiers');
    expect(mermaid(s, 'graph TD')).toBe(
      ['```mermaid', 'graph TD', '  tier_hq["HQ #quot;#35;#quot; #lt;x#gt;"]', '  tier_east["East | wing"]', '  tier_hq --> tier_east', '```', ''].join('\n'),
    );
    expect(s).toContain('at most 3 levels deep; this one is\n2 levels deep');
    expect(s).toContain('| HQ "\\#" &lt;x\\> | `hq` | 1 | — | Folder: on | Ana &lt;script\\> |');
    expect(s).toContain('| East \\| wing | `east` | 2 | HQ "\\#" &lt;x\\> | Folder: on; Notify: on | `ben` |');
    expect(section(md, 'Members')).toContain('| — | `ben` | Agent \\# "A" | East \\| wing |');
  });

  it('escapes role names inside the Mermaid inheritance graph', () => {
    const g = mermaid(md, 'graph BT');
    expect(g).toContain('  role_owner["Boss #quot;#35;1#quot; #lt;b#gt;#96;x#96;"]');
    expect(g).toContain('  role_agent["Agent #35; #quot;A#quot;"]');
    expect(g).toContain('  role_lead --> role_agent');
    for (const line of g.split('\n').filter((l) => l.includes('["'))) {
      expect(line, line).toMatch(/^ {2}role_[a-z0-9_]+\["[^"<>`]*"\]$/);
    }
  });

  it('lists cross-field rules in words', () => {
    expect(section(md, 'Cross-field rules')).toContain('| Notify needs \\[folder\\]\\(javascript:x\\) | Notify at least on | Folder at least on | warning | — |');
  });

  it('explains role management: the permissions, the roles they reach, and protected roles', () => {
    const s = section(md, 'Role management');
    expect(s).toContain('- Managing roles (creating, editing and deleting them) needs Manage roles at least on.');
    expect(s).toContain('- No permission lets a member assign roles; only owner roles (Boss "\\#1" &lt;b\\>\\`x\\`) can.');
    expect(s).toContain('- Roles that can therefore manage roles: Boss "\\#1" &lt;b\\>\\`x\\`, Admin.');
    expect(s).toContain('| Agent \\# "A" | `agent` | has an editable-by list | Boss "\\#1" &lt;b\\>\\`x\\`, Admin |');
    expect(s).toContain('| Admin | `admin` | admin role | owner and admin roles (Boss "\\#1" &lt;b\\>\\`x\\`, Admin) |');
  });

  it('is deterministic and ends in one LF', () => {
    expect(emitDocs(compile({ 'policy.yaml': FULL }), 'policies/p')).toBe(md);
    expect(md).not.toContain('\r');
    expect(md.endsWith('\n') && !md.endsWith('\n\n')).toBe(true);
  });
});

describe('README of a policy without the optional parts', () => {
  const md = emitDocs(compile({ 'policy.yaml': MINIMAL }), 'policies/p');

  it('leaves out the sections with nothing to show', () => {
    for (const heading of ['Plans and features', 'Resources and access', 'Tiers', 'Cross-field rules', 'Role management']) {
      expect(md, heading).not.toContain(`## ${heading}`);
    }
    expect(md).not.toContain('graph TD');
    expect(md).not.toContain('may add');
    expect(md).not.toContain('| Tier node |');
  });

  it('still has the roles, the matrix with permission details, scales and limits', () => {
    for (const heading of ['Roles', 'Permissions by role', 'Scales', 'Role inheritance', 'Limits']) expect(md).toContain(`\n## ${heading}\n`);
    // The README promises the inheritance diagram for every policy: with no edges it shows the roles.
    expect(md).toContain('No role inherits from another');
    expect(md).toMatch(/```mermaid\ngraph BT\n {2}role_owner\[/);
    expect(md).toContain('| Tickets `tickets` | — | off < read < edit | — |');
  });
});
