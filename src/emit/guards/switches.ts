// Switches: add-ons, product switches and account facts, and whether each is on by default.

import { doc, lit, union } from './helpers.js';
import type { GuardsPart } from './part.js';

export const switches: GuardsPart = {
  types: ({ data }) => [doc('Add-ons, product switches and account facts: on or off per account (never: the policy has none).'), `export type Switch = ${union(data.switches)};`],
  constants: ({ ir, data }) => [
    doc('Whether each switch is on for an account whose data does not say (what the static guards answer for).'),
    `export const SWITCH_DEFAULTS: Readonly<Record<Switch, boolean>> = Object.freeze({ ${data.switches.map((id) => `${lit(id)}: ${ir.switches[id]!.on}`).join(', ')} });`,
  ],
};
