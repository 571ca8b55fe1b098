/**
 * Seed data of the contact-centre additions (issue 12): not-ready codes. Seeded after
 * everything else and without the shared random stream, so the older seed data (users,
 * groups, queues, CDRs) stays exactly what it was.
 */
import type { SimState } from './state.js';

/** Assumption: a tenant ships with a handful of codes like these (PortSIP documents no defaults). */
const NOT_READY_CODES: ReadonlyArray<readonly [string, string]> = [
  ['BREAK', 'Short break'],
  ['LUNCH', 'Lunch'],
  ['MEETING', 'Meeting'],
  ['TRAINING', 'Training'],
  ['ADMIN', 'Administrative work'],
];

export function seedContactCentre(state: SimState, anchor: number): void {
  for (const [code, description] of NOT_READY_CODES) state.notReadyCodes.push({ id: state.newId(anchor - 200 * 86_400_000), code, description });
}
