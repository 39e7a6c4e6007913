// An unknown reference gets a hint either way: the likely typo when one id is close, otherwise the
// ids it may name (the first 20 and a count of the rest).

import { describe, expect, it } from 'vitest';
import { checkFiles, MINIMAL } from '../helpers.js';

const unknown = (policy: string) => checkFiles({ 'policy.yaml': policy }).diagnostics.filter((d) => d.rule === 'unknown-reference');

describe('unknown-reference hints', () => {
  it('a close match: did you mean', () => {
    const [d] = unknown(MINIMAL.replace('tickets: edit', 'tickets: edit\n    inherits: [ownr]'));
    expect(d?.hint).toBe('did you mean "owner"?');
  });

  it('no close match: the roles that exist', () => {
    const [d] = unknown(MINIMAL.replace('tickets: edit', 'tickets: edit\n    inherits: [supervisor]'));
    expect(d?.line).toBe(15);
    expect(d?.hint).toBe('use one of: "owner", "agent"');
  });

  it('no close match among permissions: the permissions that exist', () => {
    const [d] = unknown(MINIMAL.replace('tickets: edit', 'tickets: edit\n      reporting: read'));
    expect(d?.hint).toBe('use one of: "tickets", "billing"');
  });

  it('more than 20 candidates: the first 20 and how many more', () => {
    const roles = Array.from({ length: 25 }, (_, i) => `  role${String(i).padStart(2, '0')}: { name: Role ${i} }`).join('\n');
    const [d] = unknown(MINIMAL.replace('roles:\n', `roles:\n${roles}\n`).replace('tickets: edit', 'tickets: edit\n    inherits: [zzzzzzzz]'));
    expect(d?.hint).toMatch(/^use one of: "role00", .*"role19" \(and 7 more\)$/);
  });
});
