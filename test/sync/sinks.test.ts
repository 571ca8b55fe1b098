/** The file and PostgreSQL sinks of `cdrs sync`: recovery after a crash, exactly-once storage, the advisory lock. */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncBatch } from '../../core/sync/cdr-sync.js';
import { createPbx, type CreatePbxOptions } from '../../src/create.js';
import { fileSink, SinkStateError } from '../../src/sinks/file.js';
import { postgresSink, SyncLockedError } from '../../src/sinks/postgres.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';

let sim: RunningSimulator<unknown>;
let db: TestPostgres;
let dir: string;
const batches: SyncBatch[] = [];
const source = { vendor: 'portsip', pbx: 'pbx-a' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'unipbx-sinks-'));
  [sim, db] = await Promise.all([startSimulator('portsip', { seed: 9, cdrs: 700 }), startPostgres()]);
  const pbx = createPbx({ vendor: 'portsip', baseUrl: sim.url, credentials: sim.credentials, fetch: sim.fetch } as CreatePbxOptions);
  for await (const batch of pbx.cdrs.sync({ from: new Date(Date.now() - 40 * 86_400_000), pageSize: 100 })) batches.push(batch);
}, 60_000);

afterAll(async () => {
  await sim?.close();
  db?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Rows and stored cursor of one PBX in the test database. */
async function stored(pbx: string): Promise<{ ids: string[]; cursor: string | undefined; records: number | undefined }> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const rows = await client.query<{ id: string }>('SELECT id FROM unipbx_cdrs WHERE vendor = $1 AND pbx = $2 ORDER BY started_at, id', ['portsip', pbx]);
    const state = await client.query<{ cursor: string; records: string }>('SELECT cursor, records FROM unipbx_sync_state WHERE vendor = $1 AND pbx = $2', ['portsip', pbx]);
    return { ids: rows.rows.map((r) => r.id), cursor: state.rows[0]?.cursor, records: state.rows[0] ? Number(state.rows[0].records) : undefined };
  } finally {
    await client.end();
  }
}

const idsOf = (some: readonly SyncBatch[]) => some.flatMap((b) => b.cdrs.map((c) => c.id)).sort();

const ndjson = async (batch: SyncBatch) => batch.cdrs.map((c) => `${JSON.stringify({ id: c.id })}\n`).join('');

describe('file sink', () => {
  it('after a crash between the data and the state, truncates the unconfirmed batch: each CDR once', async () => {
    const out = join(dir, 'a.ndjson');
    const state = join(dir, 'a.state.json');
    const sink = fileSink({ out, state, format: 'ndjson', source, encode: ndjson });
    expect(await sink.open()).toBeUndefined();
    await sink.write(batches[0]!);
    await sink.write(batches[1]!);
    // The crash: batch 2's data reached the file, its state did not.
    appendFileSync(out, await ndjson(batches[2]!));
    appendFileSync(out, '{"id":"half a li');
    const again = fileSink({ out, state, format: 'ndjson', source, encode: ndjson });
    expect(await again.open()).toBe(batches[1]!.cursor);
    for (const batch of batches.slice(2)) await again.write(batch);
    const ids = readFileSync(out, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { id: string }).id);
    expect(ids).toEqual(batches.flatMap((b) => b.cdrs.map((c) => c.id)));
  });

  it('after a crash in the middle of its very first batch, starts over (a state is saved before the first byte)', async () => {
    const out = join(dir, 'first.ndjson');
    const state = join(dir, 'first.state.json');
    expect(await fileSink({ out, state, format: 'ndjson', source, encode: ndjson }).open()).toBeUndefined();
    // The crash: the first batch's data reached the file, its state did not.
    appendFileSync(out, await ndjson(batches[0]!));
    const again = fileSink({ out, state, format: 'ndjson', source, encode: ndjson });
    expect(await again.open()).toBeUndefined();
    for (const batch of batches) await again.write(batch);
    const ids = readFileSync(out, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { id: string }).id);
    expect(ids).toEqual(batches.flatMap((b) => b.cdrs.map((c) => c.id)));
  });

  it('stores overlapping writes in call order', async () => {
    const out = join(dir, 'o.ndjson');
    const sink = fileSink({ out, state: join(dir, 'o.state.json'), format: 'ndjson', source, encode: ndjson });
    await sink.open();
    await Promise.all(batches.map((batch) => sink.write(batch)));
    const ids = readFileSync(out, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { id: string }).id);
    expect(ids).toEqual(batches.flatMap((b) => b.cdrs.map((c) => c.id)));
    const again = fileSink({ out, state: join(dir, 'o.state.json'), format: 'ndjson', source, encode: ndjson });
    expect(await again.open()).toBe(batches.at(-1)!.cursor);
  });

  it('refuses files that do not belong together', async () => {
    const out = join(dir, 'b.ndjson');
    writeFileSync(out, '{"id":"x"}\n');
    await expect(fileSink({ out, state: join(dir, 'b.state.json'), format: 'ndjson', source, encode: ndjson }).open()).rejects.toThrow(SinkStateError);
    const other = fileSink({ out: join(dir, 'c.ndjson'), state: join(dir, 'c.state.json'), format: 'ndjson', source, encode: ndjson });
    await other.open();
    await other.write(batches[0]!);
    await expect(fileSink({ out: join(dir, 'c.ndjson'), state: join(dir, 'c.state.json'), format: 'ndjson', source: { ...source, pbx: 'pbx-b' }, encode: ndjson }).open()).rejects.toThrow(/belongs to portsip at pbx-a/);
  });
});

describe('PostgreSQL sink', () => {
  it('creates its schema, stores each CDR once with its cursor, and resumes from the stored cursor', async () => {
    const sink = postgresSink({ url: db.url, source });
    expect(await sink.open()).toBeUndefined();
    for (const batch of batches.slice(0, 3)) await sink.write(batch);
    // A batch written again (the redelivery after a crash) is an upsert, not a second row.
    await sink.write(batches[2]!);
    for (const batch of batches.slice(3)) await sink.write(batch);
    await sink.close();

    const again = postgresSink({ url: db.url, source });
    expect(await again.open()).toBe(batches.at(-1)!.cursor);
    await again.close();

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query<{ n: string; distinct_ids: string }>('SELECT count(*) AS n, count(DISTINCT id) AS distinct_ids FROM unipbx_cdrs WHERE vendor = $1 AND pbx = $2', ['portsip', 'pbx-a']);
    // Nothing lost: the unified CDR in `record`, its vendor payload in `raw`, together the CDR as JSON.
    const first = batches[0]!.cdrs[0]!;
    const record = await client.query<{ record: Record<string, unknown>; cdr: unknown; started_at: Date; raw_caller: string }>(
      "SELECT record, record || jsonb_build_object('raw', raw) AS cdr, started_at, raw->>'caller' AS raw_caller FROM unipbx_cdrs WHERE vendor = 'portsip' AND pbx = 'pbx-a' AND id = $1",
      [first.id],
    );
    await client.end();
    const total = batches.reduce((n, b) => n + b.cdrs.length, 0);
    expect(Number(rows[0]!.n)).toBe(total);
    expect(Number(rows[0]!.distinct_ids)).toBe(total);
    const row = record.rows[0]!;
    expect(row.record).not.toHaveProperty('raw');
    expect(row.cdr).toEqual(JSON.parse(JSON.stringify(first)));
    expect(row.raw_caller).toBe(first.raw['caller']);
    expect(row.started_at.toISOString()).toBe(first.startedAt.toISOString());
  });

  it('lets only one sync of a PBX load at a time (advisory lock), others are unaffected', async () => {
    const first = postgresSink({ url: db.url, source: { vendor: 'portsip', pbx: 'locked' } });
    await first.open();
    const second = postgresSink({ url: db.url, source: { vendor: 'portsip', pbx: 'locked' }, lockWaitMs: 300 });
    await expect(second.open()).rejects.toThrow(SyncLockedError);
    const otherPbx = postgresSink({ url: db.url, source: { vendor: 'portsip', pbx: 'another' }, lockWaitMs: 300 });
    await otherPbx.open();
    await otherPbx.close();
    await first.close();
    const third = postgresSink({ url: db.url, source: { vendor: 'portsip', pbx: 'locked' }, lockWaitMs: 3000 });
    await third.open();
    await third.close();
  });

  it('overlapping writes commit in call order, each batch with its cursor', async () => {
    const sink = postgresSink({ url: db.url, source: { vendor: 'portsip', pbx: 'overlap' } });
    await sink.open();
    const settled: number[] = [];
    await Promise.all(batches.map((batch, i) => sink.write(batch).then(() => settled.push(i))));
    await sink.close();
    expect(settled).toEqual(batches.map((_, i) => i));
    const { ids, cursor, records } = await stored('overlap');
    expect(ids.sort()).toEqual(idsOf(batches));
    expect(cursor).toBe(batches.at(-1)!.cursor);
    expect(records).toBe(ids.length);
  });

  it('stores nothing after a failed batch, and resuming from the stored cursor stores each CDR once', async () => {
    const pbx = 'poisoned';
    const sink = postgresSink({ url: db.url, source: { vendor: 'portsip', pbx } });
    await sink.open();
    // Batch 2 is refused by the server (no start time), batches 3 and 4 were already given.
    const broken: SyncBatch = { ...batches[2]!, cdrs: batches[2]!.cdrs.map((c, i) => (i === 50 ? { ...c, startedAt: new Date(Number.NaN) } : c)) };
    const results = await Promise.allSettled([batches[0]!, batches[1]!, broken, batches[3]!, batches[4]!].map((b) => sink.write(b)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected', 'rejected']);
    expect(sink.written).toBe(batches[0]!.cdrs.length + batches[1]!.cdrs.length);
    let state = await stored(pbx);
    expect(state.ids.sort()).toEqual(idsOf(batches.slice(0, 2)));
    expect(state.cursor).toBe(batches[1]!.cursor);
    // open() starts afresh from the stored cursor: the rest goes in once.
    expect(await sink.open()).toBe(batches[1]!.cursor);
    await Promise.all(batches.slice(2).map((b) => sink.write(b)));
    await sink.close();
    state = await stored(pbx);
    expect(state.ids.sort()).toEqual(idsOf(batches));
    expect(state.records).toBe(state.ids.length);
  });

  it('a connection killed with one batch at the server and the next one queued loses and duplicates nothing', async () => {
    const pbx = 'killed';
    const sink = postgresSink({ url: db.url, source: { vendor: 'portsip', pbx } });
    await sink.open();
    await sink.write(batches[0]!);
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    const inFlight = [sink.write(batches[1]!), sink.write(batches[2]!)];
    // Kill the sink's session while batch 1 is at the server (or just committed) and batch 2 waits.
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'WITH upserted AS%' AND pid <> pg_backend_pid()");
    await admin.end();
    const results = await Promise.allSettled([...inFlight, sink.write(batches[3]!)]);
    expect(results.at(-1)!.status).toBe('rejected'); // the connection is gone
    await sink.close();
    const before = await stored(pbx);
    // A prefix of the batches, and the cursor of its last one.
    const prefix = batches.findIndex((b) => b.cursor === before.cursor);
    expect(prefix).toBeGreaterThanOrEqual(0);
    expect(before.ids.sort()).toEqual(idsOf(batches.slice(0, prefix + 1)));
    const again = postgresSink({ url: db.url, source: { vendor: 'portsip', pbx } });
    expect(await again.open()).toBe(before.cursor);
    for (const batch of batches.slice(prefix + 1)) await again.write(batch);
    await again.close();
    const after = await stored(pbx);
    expect(after.ids.sort()).toEqual(idsOf(batches));
    expect(after.records).toBe(after.ids.length);
  });
});
