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

/** Switches, contexts, quotas, declared relations, resource parts, everyone's exceptions, a permission limited to some actions with a baseline, and look-alike names. */
const PARTS = `${SCHEMA_LINE(2)}title: Parts
plans:
  basic: { label: Basic }
  pro: { label: Pro }
plan: pro
switches:
  explore: { label: "Explore <on>", on: true }
  beta: { label: Beta, description: "Early | access" }
  unused: { label: Unused }
contexts:
  ui: { label: Screens }
  api: { label: "API | keys", description: "Requests with a key" }
quotas:
  shared_views:
    label: "Shared <views>"
    default: 12
    cases:
      - { if: { permission: views, atLeast: "on" }, value: 100 }
      - { requires: [beta], value: 50 }
      - { minPlan: pro, value: 30 }
scales:
  toggle: { levels: [off, on] }
  crud:
    label: Actions
    actions: [read, create, update]
    implies: { create: [read], update: [read] }
    labels: { read: Read, create: Create, update: Update }
resources:
  conversation:
    label: Conversation
    actions: [read, reply, read_private_messages]
    attributes: [brand]
    parts:
      private_messages: { label: "Private <messages>", actions: [read_private_messages], privateNeeds: private_view, description: "Notes | between agents" }
  faq: { label: "FAQ <article>", actions: [read] }
relations:
  same_brand: { label: Same Brand, actor: brands, resource: brand, description: "Brand | match" }
  spare: { label: Spare, actor: teams, resource: brand }
exceptions:
  everyone_reads_faq: { label: Everyone reads the FAQ, resource: faq, actions: [read] }
permissions:
  views: { label: Views, scale: toggle, requires: [explore], contexts: [ui] }
  keys: { label: API keys, scale: toggle, requires: [beta], contexts: [api] }
  private_view: { label: See private messages, scale: toggle }
  brand_chats:
    label: Brand chats
    scale: toggle
    access: [{ resource: conversation, atLeast: "on", relations: [same_brand], actions: [read, reply] }]
  menu: { label: Home menu, scale: crud, actions: [read], baseline: [read] }
  nothing_menu: { label: Quiet menu, scale: crud, baseline: [] }
  reports: { label: "Reports <all>", scale: crud, baseline: [read, update] }
roles:
  owner: { name: Owner, kind: owner }
  agent:
    name: Agent
    grants: { views: "on", brand_chats: "on" }
  viewer:
    name: Viewer
    grants: { menu: [] }
limits:
  distinctNames: lookalike
`;

describe('README sections of switches, contexts, quotas, relations, parts and limits', () => {
  const md = emitDocs(compile({ 'policy.yaml': PARTS }), 'policies/p');
  const lines = (heading: string): string[] => section(md, heading).split('\n');

  it('lists each switch with its policy value and what requires it', () => {
    const s = lines('Switches');
    expect(s).toContain('| Switch | Id | Policy value | Required by | Description |');
    expect(s).toContain('| Explore &lt;on\\> | `explore` | on | Views | — |');
    expect(s).toContain('| Beta | `beta` | off | API keys | Early \\| access |');
    expect(s).toContain('| Unused | `unused` | off | — | — |');
    expect(md).toContain('| Views `views` | — | off < on | needs switch Explore &lt;on\\>; only in Screens |');
    expect(md).toContain('| API keys `keys` | — | off < on | needs switch Beta (off unless the account turns it on); only in API \\| keys |');
  });

  it('lists each context with the default one and the permissions limited to it or denied in it', () => {
    const s = lines('Contexts');
    expect(s).toContain('| Screens | `ui` | yes | Views | API keys | — |');
    expect(s).toContain('| API \\| keys | `api` | — | API keys | Views | Requests with a key |');
  });

  it("lists each quota's cases in words and each role's value on the account's plan", () => {
    const s = lines('Quotas');
    expect(s).toContain('| Shared &lt;views\\> | `shared_views` | 12 | 100 if Views at least on; 50 if switch Beta on; 30 if plan Pro or higher | — |');
    expect(s).toContain('| Role | Shared &lt;views\\> |');
    // Owner and Agent hold Views; Viewer gets the plan's case (Beta is off, the account is on Pro),
    // and the default on the lower plan.
    expect(s).toContain('| Owner | 100 |');
    expect(s).toContain('| Agent | 100 |');
    expect(s).toContain('| Viewer | 30 |');
    expect(section(emitDocs(compile({ 'policy.yaml': PARTS.replace('plan: pro', 'plan: basic') }), 'policies/p'), 'Quotas').split('\n')).toContain('| Viewer | 12 |');
  });

  it('lists declared relations with their attributes and the resource kinds that use them', () => {
    const s = lines('Relations');
    expect(s).toContain('| Same Brand | `same_brand` | `brands` | `brand` | Conversation | Brand \\| match |');
    expect(s).toContain('| Spare | `spare` | `teams` | `brand` | none yet | — |');
    const r = lines('Resources and access');
    // A declared relation reads as its label in lower case, and the legend names its attributes.
    expect(r).toContain('| `read`, `reply` | Brand chats at least on | same brand | Owner, Agent |');
    expect(r).toContain("- *same brand*: its `brand` is the member's `brands` or one of them.");
  });

  it('lists the parts of a resource with privacy of their own', () => {
    const r = lines('Resources and access');
    expect(r).toContain('Parts with privacy of their own; the other actions stay open on a private Conversation:');
    expect(r).toContain('- *Private &lt;messages\\>* (`read_private_messages`): on a private Conversation, also needs See private messages at least on. Notes \\| between agents');
    expect(md).not.toContain('A private Conversation also needs');
  });

  it('says an exception without relations holds for any resource of its kind', () => {
    const r = lines('Resources and access');
    expect(r).toContain('### FAQ &lt;article\\> (`faq`)');
    expect(r).toContain('No permission gives access to it.');
    expect(r).toContain('| Everyone reads the FAQ | `read` | any FAQ &lt;article\\> | — |');
  });

  it('shows a permission limited to some actions as its own scale', () => {
    expect(lines('Scales')).toContain('| Actions \\(Read only\\) | any of Read |');
    expect(md).toContain('| Home menu `menu` | — | any of Read |');
  });

  it("says in a permission's notes what every role holds by its baseline, custom roles too", () => {
    expect(md).toContain('| Home menu `menu` | — | any of Read | every role holds Read unless its grants say otherwise, custom roles too |');
    expect(md).toContain('| Quiet menu `nothing_menu` | — | any of Read, Create, Update | every role holds nothing unless its grants say otherwise, custom roles too |');
    expect(md).toContain(
      '| Reports &lt;all\\> `reports` | — | any of Read, Create, Update | every role holds Read, Update unless its grants say otherwise, custom roles too |',
    );
    // Viewer's own grant of nothing replaces the baseline; Agent holds it.
    const row = md.split('\n').find((l) => l.startsWith('| Home menu |'))!;
    expect(row).toBe('| Home menu | Read | Read | — |');
    expect(md).toContain('| Views `views` | — | off < on | needs switch');
    expect(md).not.toMatch(/\| Views `views` .*every role holds/);
  });

  it('names the look-alike rule for custom role names in the limits', () => {
    expect(lines('Limits')).toContain("| Custom role names | unique, and not a look-alike of another role's name |");
    expect(emitDocs(compile({ 'policy.yaml': PARTS.replace('distinctNames: lookalike', 'distinctNames: exact') }), 'policies/p')).not.toContain('| Custom role names |');
  });

  it('is the same output for the same policy', () => {
    expect(emitDocs(compile({ 'policy.yaml': PARTS }), 'policies/p')).toBe(md);
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
