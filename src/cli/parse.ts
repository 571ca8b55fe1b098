/** Parsers of option values (commander `argParser`s): a bad value is a usage error. */
import { InvalidArgumentError } from 'commander';
import { INSTANT_FORMS, isTimeZone, parseInstant, parseIsoDate } from '../../core/dates.js';

/** An integer option in `[min, max]`. */
export function integer(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`must be an integer from ${min} to ${max}`);
    }
    return n;
  };
}

/** Repeatable option: collects every value. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * Why `value` is not an instant: a calendar day that does not exist gets its own message
 * (`2025-06-31`), anything else the list of accepted forms.
 */
export function whyNotInstant(value: string): string {
  const day = /^\s*(\d{4}-\d{2}-\d{2})/.exec(value)?.[1];
  if (day && parseIsoDate(day) === undefined) return `${day} is not a day of the calendar`;
  return `must be ${INSTANT_FORMS}`;
}

/**
 * A point in time (core/dates.ts `parseInstant`): an ISO date or date-time, `now`, `today` /
 * `yesterday`, or a time ago (`90m`, `12h`, `7d`, `2w`). A plain date, `today`, `yesterday`
 * and a date-time without a zone are read in `timeZone` (default UTC).
 */
export function parseWhen(value: string, now: number = Date.now(), timeZone = 'UTC'): Date {
  const date = parseInstant(value, { now, timeZone });
  if (date) return date;
  throw new InvalidArgumentError(whyNotInstant(value));
}

/** `parseWhen` in UTC, as a commander argument parser. */
export function when(value: string): Date {
  return parseWhen(value);
}

/** An IANA time zone option (`--tz Europe/Berlin`, `UTC`). */
export function timeZone(value: string): string {
  const zone = value.trim();
  if (!isTimeZone(zone)) throw new InvalidArgumentError('must be an IANA time zone like UTC, Europe/Berlin or America/New_York');
  // Intl's canonical spelling (`utc` and `Etc/UTC` become `UTC`), so that messages show one name.
  return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
}
