/** How VoIPStudio writes date-times: `YYYY-MM-DD HH:MM:SS`, UTC. */

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

export function datetime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/;

/** Milliseconds of `YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DD` (UTC), or undefined when it is neither. */
export function parseDatetime(text: string): number | undefined {
  const m = DATETIME.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour = '0', minute = '0', second = '0'] = m.slice(1) as string[];
  const ms = Date.UTC(+year!, +month! - 1, +day!, +hour, +minute, +second);
  // Rejects 2025-02-31 and friends.
  return datetime(ms).startsWith(`${year}-${month}-${day}`) ? ms : undefined;
}
