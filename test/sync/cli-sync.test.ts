/** `unipbx cdrs sync` as a real process against the simulators: NDJSON and CSV files, state, reruns. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, killLeftovers, ndjson, removeDir, run, startSim, tempDir, writeConfig, type Sim } from '../cli/support.js';

let dir: string;
let config: string;
const sims: Record<string, Sim> = {};

beforeAll(async () => {
  dir = tempDir('unipbx-sync-cli-');
  for (const vendor of ['portsip', 'voipstudio', 'netpbx'] as const) sims[vendor] = await startSim(vendor);
  config = writeConfig(dir, sims);
});
afterAll(async () => {
  killLeftovers();
  await Promise.all(Object.values(sims).map((s) => s.close()));
  removeDir(dir);
});

const cli = (args: string[]) => run(['--config', config, ...args], { env: cleanEnv(dir) });

describe.each(['portsip', 'voipstudio'])('unipbx cdrs sync on %s', (vendor) => {
  it('appends every call record once as NDJSON; a rerun appends nothing', async () => {
    const out = join(dir, `${vendor}.ndjson`);
    const state = join(dir, `${vendor}.state.json`);
    const args = ['--profile', vendor, 'cdrs', 'sync', '--state', state, '--out', out, '--from', '60d', '--page-size', '50'];
    const first = await cli(args);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const expected = (await sims[vendor]!.client.cdrs.list({ from: new Date(Date.now() - 60 * 86_400_000) }).toArray()).map((c) => c.id);
    const ids = ndjson(readFileSync(out, 'utf8')).map((r) => (r as { id: string }).id);
    expect(ids.sort()).toEqual([...expected].sort());
    expect(first.stdout).toContain(`synced ${expected.length} new call records`);
    const second = await cli(args);
    expect(second.stdout).toContain('synced 0 new call records');
    expect(ndjson(readFileSync(out, 'utf8'))).toHaveLength(expected.length);
    const saved = JSON.parse(readFileSync(state, 'utf8')) as { bytes: number; records: number; cursor: string };
    expect(saved).toMatchObject({ bytes: readFileSync(out).length, records: expected.length });
  });

  it('writes CSV with one header when asked', async () => {
    const out = join(dir, `${vendor}.csv`);
    const args = ['--profile', vendor, 'cdrs', 'sync', '--state', join(dir, `${vendor}.csv.state`), '--out', out, '--from', '60d', '--json'];
    const result = await cli(args);
    expect(JSON.parse(result.stdout)).toMatchObject({ operation: 'cdrs.sync', ok: true });
    await cli(args);
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Array<{ id: string }>;
    expect(rows.length).toBe((JSON.parse(result.stdout) as { records: number }).records);
    expect(rows.every((r) => r.id !== 'id')).toBe(true);
  });
});

describe('unipbx cdrs sync: a run cut short', () => {
  it('by --timeout fails (exit 7) instead of reporting success; a rerun stores every record once', async () => {
    const out = join(dir, 'timeout.ndjson');
    const state = join(dir, 'timeout.state.json');
    const args = ['--profile', 'portsip', 'cdrs', 'sync', '--state', state, '--out', out, '--from', '60d', '--page-size', '5'];
    const cut = await cli(['--timeout', '1', ...args]);
    expect(cut.code).toBe(7);
    expect(cut.stderr).toMatch(/--timeout 1 ms/);
    expect(cut.stdout).not.toContain('synced');
    const rerun = await cli(args);
    expect(rerun.code).toBe(0);
    const expected = (await sims['portsip']!.client.cdrs.list({ from: new Date(Date.now() - 60 * 86_400_000) }).toArray()).map((c) => c.id);
    const ids = ndjson(readFileSync(out, 'utf8')).map((r) => (r as { id: string }).id);
    expect(ids.sort()).toEqual([...expected].sort());
  });
});

describe('unipbx cdrs sync: usage', () => {
  it('on NetPBX: unsupported (exit 5), no file written', async () => {
    const result = await cli(['--profile', 'netpbx', 'cdrs', 'sync', '--state', join(dir, 'n.state'), '--out', join(dir, 'n.ndjson')]);
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/no call records/);
  });

  it('needs --out and --state, or --into', async () => {
    const result = await cli(['--profile', 'portsip', 'cdrs', 'sync', '--out', join(dir, 'x.ndjson')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--state/);
  });
});
