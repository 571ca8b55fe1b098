/**
 * VoIPStudio's list parameters: `filter` is a JSON array of `{property, operator, value}`
 * conditions (operators `eq like gt gte lt lte`, ANDed), sent URL-encoded as one query
 * parameter; dates are `YYYY-MM-DD HH:MM:SS` in UTC. Values travel as JSON strings, so
 * caller input can never change the structure of a filter.
 */

export type FilterOperator = 'eq' | 'like' | 'gt' | 'gte' | 'lt' | 'lte';

export interface Condition {
  readonly property: string;
  readonly operator: FilterOperator;
  readonly value: string | number | boolean;
}

export const condition = (property: string, operator: FilterOperator, value: string | number | boolean): Condition => ({ property, operator, value });

/** The `filter` query value for `conditions` (undefined when there are none). */
export function filterParam(...conditions: ReadonlyArray<Condition | undefined>): string | undefined {
  const present = conditions.filter((c): c is Condition => c !== undefined);
  return present.length ? JSON.stringify(present) : undefined;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** `YYYY-MM-DD HH:MM:SS` (UTC) of a whole-second instant. */
export function datetimeText(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

const SECOND = 1000;

/**
 * The unified range `[from, to)` as `calldate` conditions. VoIPStudio dates have whole
 * seconds, so `gte` the first whole second at or after `from` and `lte` the last whole second
 * before `to` select exactly the records in the range.
 */
export function calldateRange(from: Date | undefined, to: Date | undefined): Condition[] {
  return [
    ...(from ? [condition('calldate', 'gte', datetimeText(Math.ceil(from.getTime() / SECOND) * SECOND))] : []),
    ...(to ? [condition('calldate', 'lte', datetimeText((Math.ceil(to.getTime() / SECOND) - 1) * SECOND))] : []),
  ];
}
