/**
 * One strict date parser (core/dates.ts) for the library and the command line: impossible
 * days are refused (exit 2 naming the flag), text without a zone is read in --tz (default
 * UTC) whatever the process's TZ, and the resolved range is printed on stderr.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isTimeZone, parseInstant, parseIsoDate, startOfDay, zoneOffsetMs } from '../../core/dates.js';
import { CdrQuerySchema } from '../../core/inputs.js';
import { parseIsoDateUtc } from '../../core/iso-date.js';
import { VENDORS, VENDOR_IDS } from '../../src/index.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { cleanEnv, killLeftovers, removeDir, run, startSim, tempDir, writeConfig, type Sim } from './support.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });
afterAll(killLeftovers);

const iso = (d: Date | undefined) => d?.toISOString();

describe('core/dates', () => {
  it('refuses days that do not exist, in dates and date-times', () => {
    for (const text of ['2025-06-31', '2024-02-30', '2023-02-29', '2025-13-01', '2025-00-10', '2025-06-31T10:00:00Z', '2025-04-31 08:00']) {
      expect(parseIsoDate(text), text).toBeUndefined();
      expect(parseInstant(text), text).toBeUndefined();
    }
    expect(iso(parseIsoDate('2024-02-29'))).toBe('2024-02-29T00:00:00.000Z');
  });

  it('reads text without a zone in the given zone (default UTC), text with one as it says', () => {
    expect(iso(parseIsoDate('2025-06-01T00:00:00'))).toBe('2025-06-01T00:00:00.000Z');
    expect(iso(parseIsoDate('2025-06-01', { timeZone: 'America/New_York' }))).toBe('2025-06-01T04:00:00.000Z');
    expect(iso(parseIsoDate('2025-01-15T09:30', { timeZone: 'America/New_York' }))).toBe('2025-01-15T14:30:00.000Z');
    expect(iso(parseIsoDate('2025-06-01', { timeZone: 'Asia/Kolkata' }))).toBe('2025-05-31T18:30:00.000Z');
    expect(iso(parseIsoDate('2025-06-01T00:00:00+02:00', { timeZone: 'Asia/Kolkata' }))).toBe('2025-05-31T22:00:00.000Z');
    expect(iso(parseIsoDate('2025-06-01T00:00:00.5Z'))).toBe('2025-06-01T00:00:00.500Z');
  });

  it('daylight saving: a skipped time moves forward, a repeated time is the earlier instant', () => {
    // 2025-03-09 02:30 does not exist in New York (clocks jump 02:00 -> 03:00).
    expect(iso(parseIsoDate('2025-03-09T02:30', { timeZone: 'America/New_York' }))).toBe('2025-03-09T07:30:00.000Z');
    // 2025-11-02 01:30 happens twice; the first (EDT, -04:00) is chosen.
    expect(iso(parseIsoDate('2025-11-02T01:30', { timeZone: 'America/New_York' }))).toBe('2025-11-02T05:30:00.000Z');
    expect(zoneOffsetMs('Europe/Berlin', Date.parse('2025-07-01T00:00:00Z'))).toBe(2 * 3_600_000);
  });

  it('today and yesterday are midnights of the zone', () => {
    const now = Date.parse('2025-06-02T02:00:00Z'); // still 1 June in New York
    expect(iso(parseInstant('today', { now }))).toBe('2025-06-02T00:00:00.000Z');
    expect(iso(parseInstant('today', { now, timeZone: 'America/New_York' }))).toBe('2025-06-01T04:00:00.000Z');
    expect(iso(parseInstant('yesterday', { now, timeZone: 'Asia/Kolkata' }))).toBe('2025-05-31T18:30:00.000Z');
    expect(iso(startOfDay(Date.parse('2025-03-01T12:00:00Z'), 'UTC', -1))).toBe('2025-02-28T00:00:00.000Z');
  });

  it('knows time zones', () => {
    expect([isTimeZone('UTC'), isTimeZone('Europe/Berlin'), isTimeZone('Mars/Olympus'), isTimeZone('')]).toEqual([true, true, false, false]);
  });

  it("the library's UTC-only parser (iso-date.ts) agrees with parseIsoDate in UTC", () => {
    const texts = ['2024-02-29', '2024-02-30', '2025-06-01T00:00:00', '2025-06-01T00:00:00.5Z', '2025-06-01 08:00:00.250+02:00', '2025-06-01T23:59-0130', '0099-01-01', 'x', '2025-13-01'];
    for (const text of texts) expect(parseIsoDateUtc(text)?.toISOString(), text).toBe(parseIsoDate(text)?.toISOString());
    expect(iso(parseIsoDateUtc('2025-06-01 08:00:00.250+02:00'))).toBe('2025-06-01T06:00:00.250Z');
  });

  it('the library refuses impossible days in CdrQuery and reads zone-less text as UTC', () => {
    expect(CdrQuerySchema.safeParse({ from: '2024-02-30' }).success).toBe(false);
    expect(CdrQuerySchema.safeParse({ to: '2025-06-31T00:00:00Z' }).success).toBe(false);
    const ok = CdrQuerySchema.parse({ from: '2025-06-01T00:00:00', to: '2025-06-02' });
    expect([iso(ok.from), iso(ok.to)]).toEqual(['2025-06-01T00:00:00.000Z', '2025-06-02T00:00:00.000Z']);
  });
});

const VENDOR = VENDOR_IDS.find((v) => VENDORS[v].capabilities['cdrs.list'].support !== 'unsupported')!;

describe('--from / --to / --tz on the command line, in several process time zones', () => {
  let home: string;
  let s: Sim;
  let env: (tz: string) => Record<string, string>;
  beforeAll(async () => {
    home = tempDir();
    s = await startSim(VENDOR, { seed: 4, users: 5, cdrs: 20 });
    const config = writeConfig(home, { office: s });
    env = (tz) => cleanEnv(home, { UNIPBX_CONFIG: config, UNIPBX_PROFILE: 'office', TZ: tz });
  });
  afterAll(async () => {
    await s?.close();
    removeDir(home);
  });

  const ZONES = ['UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham'];

  it.each(ZONES)('TZ=%s: an impossible day is a usage error naming the flag; nothing is fetched', async (tz) => {
    const before = s.sim.requestCount();
    const [to, from] = await Promise.all([
      run(['cdrs', 'list', '--from', '2025-05-31', '--to', '2025-06-31'], { env: env(tz) }),
      run(['cdrs', 'export', '--from', '2024-02-30', '--to', 'today', '--out', `${home}/x.csv`], { env: env(tz) }),
    ]);
    expect(to.code, to.stderr).toBe(EXIT.USAGE);
    expect(to.stderr).toContain('--to 2025-06-31: 2025-06-31 is not a day of the calendar');
    expect(from.code, from.stderr).toBe(EXIT.USAGE);
    expect(from.stderr).toContain('--from 2024-02-30');
    expect(s.sim.requestCount()).toBe(before);
  });

  it.each(ZONES)('TZ=%s: a date and a zone-less date-time mean the same instant (UTC by default); --tz moves both', async (tz) => {
    const [date, dateTime, zoned, kolkata] = await Promise.all([
      run(['cdrs', 'list', '--from', '2025-06-01', '--to', '2025-06-02', '--json'], { env: env(tz) }),
      run(['cdrs', 'list', '--from', '2025-06-01T00:00:00', '--to', '2025-06-02T00:00', '--json'], { env: env(tz) }),
      run(['cdrs', 'list', '--from', '2025-06-01', '--to', '2025-06-02T00:00:00', '--tz', 'America/New_York', '--json'], { env: env(tz) }),
      run(['cdrs', 'list', '--from', '2025-06-01', '--to', '2025-06-01T12:00:00Z', '--tz', 'Asia/Kolkata', '--json'], { env: env(tz) }),
    ]);
    for (const r of [date, dateTime, zoned, kolkata]) expect(r.code, r.stderr).toBe(EXIT.OK);
    expect(date.stderr).toContain('range: 2025-06-01T00:00:00.000Z to 2025-06-02T00:00:00.000Z');
    expect(dateTime.stderr).toContain('range: 2025-06-01T00:00:00.000Z to 2025-06-02T00:00:00.000Z');
    expect(zoned.stderr).toContain('range: 2025-06-01T04:00:00.000Z to 2025-06-02T04:00:00.000Z (exclusive; zone-less dates read in America/New_York)');
    expect(kolkata.stderr).toContain('range: 2025-05-31T18:30:00.000Z to 2025-06-01T12:00:00.000Z');
  });

  it('refuses an unknown --tz and a --from after --to', async () => {
    const [zone, order] = await Promise.all([
      run(['cdrs', 'list', '--from', '2025-06-01', '--tz', 'Mars/Olympus'], { env: env('UTC') }),
      run(['cdrs', 'list', '--from', '2025-06-02', '--to', '2025-06-01'], { env: env('UTC') }),
    ]);
    expect(zone.code).toBe(EXIT.USAGE);
    expect(zone.stderr).toMatch(/--tz.*IANA time zone/);
    expect(order.code).toBe(EXIT.USAGE);
    expect(order.stderr).toContain('is after --to');
  });
});
