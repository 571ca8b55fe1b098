/**
 * The strict date parser of the command line (`--from`, `--to`, `--now`), with time zones; the
 * library's inputs (`CdrQuery.from/to`) use its grammar (`iso-date.ts`) in UTC.
 *
 * Accepted: ISO 8601 / RFC 3339 dates and date-times (`2025-01-31`, `2025-01-31T08:00`,
 * `2025-01-31 08:00:00.250+02:00`). A day that does not exist (`2025-06-31`, `2024-02-30`) is
 * refused — `new Date(text)` would silently roll it over into the next month.
 *
 * The rule for text without a zone: a plain date means midnight and a date-time without a
 * zone means that wall-clock time, both in the time zone given (`timeZone`, an IANA name like
 * `Europe/Berlin`, default `UTC`). Never the process's local zone: the same command gives the
 * same range on every machine. Zones use `Intl` (the ICU data Node ships), no dependency.
 */
import { parseIsoParts, utcOf, type WallClock } from './iso-date.js';

const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA time zone name (or `UTC`) this Node knows. */
export function isTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC in ms at the instant `utc` (positive east of Greenwich). */
export function zoneOffsetMs(timeZone: string, utc: number): number {
  if (timeZone === 'UTC') return 0;
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(utc))) parts[part.type] = part.value;
  const year = parts['era'] === 'BC' || parts['era'] === 'B' ? 1 - Number(parts['year']) : Number(parts['year']);
  const wall = utcOf({ year, month: Number(parts['month']), day: Number(parts['day']), hour: Number(parts['hour']), minute: Number(parts['minute']), second: Number(parts['second']), ms: 0 });
  return wall - (utc - (((utc % 1000) + 1000) % 1000));
}

/**
 * The instant at which the clocks of `timeZone` show `wall`. In a gap (spring forward) the
 * time is read with the offset from before the change (02:30 becomes 03:30); in an overlap
 * (fall back) the earlier of the two instants is chosen.
 */
function fromWallClock(wall: WallClock, timeZone: string): number {
  const asUtc = utcOf(wall);
  if (timeZone === 'UTC') return asUtc;
  const before = zoneOffsetMs(timeZone, asUtc - DAY_MS);
  const after = zoneOffsetMs(timeZone, asUtc + DAY_MS);
  const candidates = [asUtc - before, asUtc - after].filter((t, i, all) => all.indexOf(t) === i && zoneOffsetMs(timeZone, t) === asUtc - t);
  if (candidates.length > 0) return Math.min(...candidates);
  return asUtc - before; // a wall-clock time the zone skipped
}

/** Options of {@link parseIsoDate} and {@link parseInstant}. */
export interface DateParseOptions {
  /** The IANA zone of text without a zone (plain dates, `today`, zone-less date-times). Default `UTC`. */
  readonly timeZone?: string;
}

/**
 * An ISO 8601 date or date-time as an instant, or `undefined` when `text` is not one or names
 * a day or time that does not exist. Text without a zone is read in `options.timeZone`.
 */
export function parseIsoDate(text: string, options: DateParseOptions = {}): Date | undefined {
  const parsed = parseIsoParts(text);
  if (!parsed) return undefined;
  if (parsed.offsetMs !== undefined) return new Date(utcOf(parsed.wall) - parsed.offsetMs);
  return new Date(fromWallClock(parsed.wall, options.timeZone ?? 'UTC'));
}

/** Midnight of the day that contains `instant`, in `timeZone`, `days` days later (negative: earlier). */
export function startOfDay(instant: number, timeZone: string, days = 0): Date {
  const local = new Date(instant + zoneOffsetMs(timeZone, instant));
  const wall: WallClock = { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() + days, hour: 0, minute: 0, second: 0, ms: 0 };
  // utcOf normalises day overflow (the 32nd becomes the 1st of the next month) on purpose here.
  const normal = new Date(utcOf(wall));
  return new Date(fromWallClock({ ...wall, year: normal.getUTCFullYear(), month: normal.getUTCMonth() + 1, day: normal.getUTCDate() }, timeZone));
}

const UNITS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: DAY_MS, w: 7 * DAY_MS };

/** Why a text is not an instant, for messages: the forms that are accepted. */
export const INSTANT_FORMS = 'an ISO date or date-time (2025-01-31, 2025-01-31T08:00, 2025-01-31T08:00:00Z), now, today, yesterday, or a time ago like 90m, 12h, 7d, 2w';

/**
 * A point in time as people type it on a command line: {@link parseIsoDate}'s forms, `now`,
 * `today` / `yesterday` (midnight in `timeZone`), or a time ago (`90m`, `12h`, `7d`, `2w`,
 * a leading `-` allowed). `undefined` when `text` is none of them or names no real day.
 */
export function parseInstant(text: string, options: DateParseOptions & { readonly now?: number } = {}): Date | undefined {
  const value = text.trim().toLowerCase();
  const now = options.now ?? Date.now();
  const timeZone = options.timeZone ?? 'UTC';
  if (value === 'now') return new Date(now);
  if (value === 'today') return startOfDay(now, timeZone);
  if (value === 'yesterday') return startOfDay(now, timeZone, -1);
  const ago = /^-?(\d{1,6})([mhdw])$/.exec(value);
  if (ago) return new Date(now - Number(ago[1]) * UNITS[ago[2]!]!);
  return parseIsoDate(text.trim(), { timeZone });
}
