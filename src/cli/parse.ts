/** Parsers of option values (commander `argParser`s): a bad value is a usage error. */
import { InvalidArgumentError } from 'commander';

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

const DAY = 86_400_000;
const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: DAY, w: 7 * DAY };

/**
 * A point in time: an ISO 8601 date or date-time (`2025-01-31`, `2025-01-31T08:00:00Z`),
 * `now`, `today` / `yesterday` (midnight UTC), or a time ago: `90m`, `12h`, `7d`, `2w`
 * (a leading `-` is allowed).
 */
export function parseWhen(value: string, now: number = Date.now()): Date {
  const text = value.trim().toLowerCase();
  const midnight = Math.floor(now / DAY) * DAY;
  if (text === 'now') return new Date(now);
  if (text === 'today') return new Date(midnight);
  if (text === 'yesterday') return new Date(midnight - DAY);
  const ago = /^-?(\d{1,6})([mhdw])$/.exec(text);
  if (ago) return new Date(now - Number(ago[1]) * UNITS[ago[2]!]!);
  if (/^\d{4}-\d{2}-\d{2}([t ][\d:.]+(z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    const date = new Date(value.trim());
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new InvalidArgumentError('must be an ISO date (2025-01-31 or 2025-01-31T08:00:00Z), now, today, yesterday, or a time ago like 12h or 7d');
}

export function when(value: string): Date {
  return parseWhen(value);
}
