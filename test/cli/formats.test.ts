/**
 * Output formats, parsed back: the same users (and call records) as JSON, NDJSON, CSV and a
 * table must say the same thing, for every registered vendor.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { VENDORS, VENDOR_IDS, OPERATIONS, type Cdr, type User } from '../../src/index.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { asJson, cleanEnv, ndjson, removeDir, run, startSim, tempDir, writeConfig, type Sim } from './support.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

/** A value as the CSV shows it. */
const csvText = (value: unknown): string => (value === undefined ? '' : typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value));

const SINGLE_RECORD_VENDOR = VENDOR_IDS.find((v) => ['users.get', 'users.list'].every((op) => VENDORS[v].capabilities[op as (typeof OPERATIONS)[number]].support !== 'unsupported'));

for (const vendor of VENDOR_IDS) {
  const supports = (op: (typeof OPERATIONS)[number]) => VENDORS[vendor].capabilities[op].support !== 'unsupported';

  describe.concurrent(`output formats (${vendor})`, () => {
    let dir: string;
    let env: Record<string, string>;
    let s: Sim;
    const cli = (...args: string[]) => run(['--profile', 'p', ...args], { env });

    beforeAll(async () => {
      dir = tempDir();
      s = await startSim(vendor);
      env = cleanEnv(dir, { UNIPBX_CONFIG: writeConfig(dir, { p: s }) });
    });
    afterAll(async () => {
      await s?.close();
      removeDir(dir);
    });

    it.runIf(supports('users.list'))('users list: JSON, NDJSON, CSV and table agree', async () => {
      const [json, nd, csv, table] = await Promise.all([
        cli('users', 'list', '--json'),
        cli('users', 'list', '--ndjson'),
        cli('users', 'list', '--csv'),
        cli('users', 'list'),
      ]);
      for (const r of [json, nd, csv, table]) expect(r.code, r.stderr).toBe(EXIT.OK);
      const users = JSON.parse(json.stdout) as User[];
      expect(users).toEqual(asJson(await s.client.users.list().toArray()));
      expect(json.stdout).toMatch(/^\[\n {2}\{\n {4}"id": /); // pretty-printed array
      expect(ndjson(nd.stdout)).toEqual(users);
      expect(nd.stdout.trimEnd().split('\n')).toHaveLength(users.length);

      const rows = parse(csv.stdout, { columns: true }) as Array<Record<string, string>>;
      expect(Object.keys(rows[0]!)).toEqual(['id', 'extension', 'username', 'displayName', 'firstName', 'lastName', 'email', 'mobile', 'enabled', 'role', 'department', 'vendor']);
      expect(rows).toHaveLength(users.length);
      rows.forEach((row, i) => {
        for (const [key, value] of Object.entries(row)) expect(value, `${key} of row ${i}`).toBe(csvText((users[i] as unknown as Record<string, unknown>)[key]));
      });

      const lines = table.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^ID\s+EXT\s+NAME\s+/);
      expect(lines).toHaveLength(1 + users.length);
      lines.slice(1).forEach((line, i) => {
        expect(line.startsWith(`${users[i]!.id} `)).toBe(true);
        expect(line).toContain(users[i]!.displayName);
        expect(line).toBe(line.trimEnd());
      });
    });

    // One vendor is enough for how a single record is printed (the code path is vendor-neutral).
    it.runIf(vendor === SINGLE_RECORD_VENDOR)('one record: a JSON object, one NDJSON line, a CSV row, a FIELD/VALUE table; --raw keeps the vendor payload', async () => {
      const [user] = await s.client.users.list().toArray({ max: 1 });
      const [json, nd, csv, table, raw] = await Promise.all([
        cli('users', 'get', user!.id, '--json'),
        cli('users', 'get', user!.id, '--ndjson'),
        cli('users', 'get', user!.id, '--csv'),
        cli('users', 'get', user!.id),
        cli('users', 'get', user!.id, '--json', '--raw'),
      ]);
      const expected = asJson(user);
      expect(JSON.parse(json.stdout)).toEqual(expected);
      expect(ndjson(nd.stdout)).toEqual([expected]);
      expect(parse(csv.stdout, { columns: true })).toHaveLength(1);
      expect(table.stdout).toMatch(new RegExp(`^id\\s+${user!.id}$`, 'm'));
      expect(table.stdout).toMatch(new RegExp(`^displayName\\s+${user!.displayName}$`, 'm'));
      expect(JSON.parse(raw.stdout).raw).toEqual(JSON.parse(JSON.stringify((await s.client.users.get(user!.id)).raw)));
    });

    it.runIf(supports('cdrs.list'))('cdrs list: CSV columns carry what JSON does', async () => {
      const { from, to } = s.sim.facts.cdrRange!;
      const range = ['--from', from.toISOString(), '--to', to.toISOString(), '--limit', '40'];
      const [json, csv] = await Promise.all([cli('cdrs', 'list', ...range, '--json'), cli('cdrs', 'list', ...range, '--csv')]);
      const cdrs = JSON.parse(json.stdout) as Array<Cdr & { startedAt: string }>;
      const rows = parse(csv.stdout, { columns: true }) as Array<Record<string, string>>;
      expect(rows).toHaveLength(cdrs.length);
      rows.forEach((row, i) => {
        const cdr = cdrs[i]!;
        expect(row).toMatchObject({
          id: cdr.id,
          startedAt: cdr.startedAt,
          direction: cdr.direction,
          fromNumber: cdr.from.number,
          toNumber: cdr.to.number,
          disposition: cdr.disposition,
          durationSeconds: String(cdr.durationSeconds),
        });
      });
    });
  });
}

describe('capabilities of all vendors', () => {
  it('as JSON and CSV: one row per vendor and operation, the manifest\'s entry; as a table: the matrix', async () => {
    const dir = tempDir();
    try {
      const env = cleanEnv(dir);
      const [json, csv, table] = await Promise.all([run(['capabilities', 'all', '--json'], { env }), run(['capabilities', 'all', '--csv'], { env }), run(['capabilities'], { env })]);
      const entries = JSON.parse(json.stdout) as Array<{ vendor: (typeof VENDOR_IDS)[number]; operation: (typeof OPERATIONS)[number] }>;
      expect(entries.map((e) => `${e.vendor} ${e.operation}`)).toEqual(VENDOR_IDS.flatMap((v) => OPERATIONS.map((op) => `${v} ${op}`)));
      for (const entry of entries) expect(entry).toEqual({ vendor: entry.vendor, operation: entry.operation, ...VENDORS[entry.vendor].capabilities[entry.operation] });
      const rows = parse(csv.stdout, { columns: true }) as Array<Record<string, string>>;
      expect(rows).toHaveLength(VENDOR_IDS.length * OPERATIONS.length);
      rows.forEach((row, i) => {
        const capability = VENDORS[entries[i]!.vendor].capabilities[entries[i]!.operation] as unknown as Record<string, unknown>;
        expect(row).toMatchObject({ vendor: entries[i]!.vendor, operation: entries[i]!.operation, support: capability['support'], reason: csvText(capability['reason']), cost: csvText(capability['cost']) });
      });
      const lines = table.stdout.split('\n');
      expect(lines[0]).toMatch(new RegExp(`^OPERATION\\s+${VENDOR_IDS.map((v) => v.toUpperCase()).join('\\s+')}$`));
      for (const [i, op] of OPERATIONS.entries()) {
        expect(lines[i + 1]!.split(/\s+/)).toEqual([op, ...VENDOR_IDS.map((v) => VENDORS[v].capabilities[op].support)]);
      }
    } finally {
      removeDir(dir);
    }
  });
});
