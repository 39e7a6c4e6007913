// The presets' view-only items and everyone-exceptions through the generated guards: CloudGate's
// view-only items take read alone (can(role, item, 'delete') is false for every role, the owner
// included), and Channel Talk's operations, support bot and CRM marketing are visible to every
// staff member without a relation standing in for "everyone".

import { describe, expect, it } from 'vitest';
import * as channeltalk from '../../generated/channeltalk/guards.js';
import * as cloudgate from '../../generated/cloudgate/guards.js';

const VIEW_ONLY = ['common.home', 'common.help', 'common.system_notices', 'desk.menu', 'inquiries.menu', 'tickets.menu', 'tickets.transcript', 'messages.menu', 'messages.templates', 'analytics.menu', 'analytics.delay_status', 'analytics.agent_stats', 'settings.menu', 'members.menu'];
const can = cloudgate.can as (role: string, permission: string, atLeast?: string) => boolean;

describe('CloudGate view-only items', () => {
  it.each(VIEW_ONLY)('%s has read alone, for every role', (item) => {
    expect(cloudgate.POLICY_VERSION).toMatch(/^[0-9a-f]{16}$/);
    for (const role of cloudgate.ROLES) {
      for (const action of ['create', 'update', 'delete', 'export']) expect(can(role, item, action), `${role} ${action}`).toBe(false);
    }
    expect(can('super_admin', item, 'read')).toBe(true);
    expect(cloudgate.levelOf('super_admin', item as cloudgate.Permission)).toEqual(['read']);
  });

  it('items that are not view-only keep their other actions', () => {
    expect(can('super_admin', 'tickets.export', 'export')).toBe(true);
    expect(can('super_admin', 'settings.consultation', 'delete')).toBe(true);
  });
});

describe('Channel Talk: exceptions for every staff member', () => {
  const access = channeltalk.canAccess as (actor: unknown, resource: unknown, action: string) => boolean;
  it.each(['operation', 'support_bot', 'marketing_campaign'])('any staff member views a %s, and nothing more', (kind) => {
    const newcomer = { id: 'n', roles: ['general'] };
    expect(access(newcomer, { kind }, 'view')).toBe(true);
    expect(access({ id: 'x', roles: ['external'], groups: [] }, { kind, private: true }, 'view')).toBe(true);
    expect(access({ id: 'x', roles: [] }, { kind }, 'view')).toBe(true);
    expect(access(newcomer, { kind }, 'configure')).toBe(false);
  });
});
