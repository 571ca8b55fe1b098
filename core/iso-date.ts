/**
 * The ISO 8601 / RFC 3339 grammar of `dates.ts`, without time zones: what the library's inputs
 * need (text without a zone is UTC there), apart so that a client does not carry the zone
 * machinery only the command line uses.
 */

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ]([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.(\d+))?)?([Zz]|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?)?$/;

/** The fields of a wall-clock time (month 1–12). */
export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly ms: number;
}

/** The instant the clocks of UTC show `w` (fields out of range roll over). */
export function utcOf(w: WallClock): number {
  const probe = new Date(0);
  probe.setUTCFullYear(w.year, w.month - 1, w.day); // setUTCFullYear: years 0–99 are not mapped to 19xx
  probe.setUTCHours(w.hour, w.minute, w.second, w.ms);
  return probe.getTime();
}

function dayExists(year: number, month: number, day: number): boolean {
  const probe = new Date(utcOf({ year, month, day, hour: 0, minute: 0, second: 0, ms: 0 }));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

/** An ISO 8601 text's wall-clock fields and its zone offset (`undefined` when it names no zone), or `undefined` when it is not a real date. */
export function parseIsoParts(text: string): { readonly wall: WallClock; readonly offsetMs: number | undefined } | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || !dayExists(year, month, day)) return undefined;
  const wall: WallClock = {
    year,
    month,
    day,
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    ms: m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0,
  };
  const zone = m[8];
  if (zone === undefined) return { wall, offsetMs: undefined };
  if (zone === 'Z' || zone === 'z') return { wall, offsetMs: 0 };
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return { wall, offsetMs: sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000 };
}

/** An ISO 8601 date or date-time as an instant (text without a zone is UTC), or `undefined` when it is not one or names a day that does not exist. */
export function parseIsoDateUtc(text: string): Date | undefined {
  const parsed = parseIsoParts(text);
  return parsed && new Date(utcOf(parsed.wall) - (parsed.offsetMs ?? 0));
}
