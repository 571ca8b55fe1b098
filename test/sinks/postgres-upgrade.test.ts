/**
 * The PostgreSQL sink's schema on first use: concurrent first use of an empty database, and a
 * table created by the earlier schema (the vendor payload inside `record`, no `raw` column)
 * upgraded in place, with its rows kept and converted when stored again.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncBatch } from '../../core/sync/cdr-sync.js';
import { createPbx, type CreatePbxOptions } from '../../src/create.js';
import { postgresSink } from '../../src/sinks/postgres.js';
import { startSimulator } from '../../src/simulator.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';

let db: TestPostgres;
const batches: SyncBatch[] = [];

/** The table as the sink created it before the vendor payload got its own column. */
const EARLIER_SCHEMA = `
CREATE TABLE unipbx_cdrs (
  vendor text NOT NULL, pbx text NOT NULL, id text NOT NULL, call_id text, started_at timestamptz NOT NULL,
  answered_at timestamptz, ended_at timestamptz, direction text NOT NULL, from_number text NOT NULL, from_name text,
  to_number text NOT NULL, to_name text, disposition text NOT NULL, duration_seconds double precision NOT NULL,
  talk_seconds double precision, end_reason text, user_id text, trunk text, cost double precision,
  record jsonb NOT NULL, synced_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (vendor, pbx, id)
);
CREATE INDEX unipbx_cdrs_started ON unipbx_cdrs (vendor, pbx, started_at);
CREATE TABLE unipbx_sync_state (
  vendor text NOT NULL, pbx text NOT NULL, cursor text NOT NULL, records bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (vendor, pbx)
);`;

beforeAll(async () => {
  const [sim, server] = await Promise.all([startSimulator('portsip', { seed: 5, cdrs: 500 }), startPostgres()]);
  db = server;
  try {
    const pbx = createPbx({ vendor: 'portsip', baseUrl: sim.url, credentials: sim.credentials, fetch: sim.fetch } as CreatePbxOptions);
    for await (const batch of pbx.cdrs.sync({ from: new Date(Date.now() - 40 * 86_400_000), pageSize: 100 })) batches.push(batch);
  } finally {
    await sim.close();
  }
}, 60_000);

afterAll(() => db?.stop());

/** Runs `work` on a fresh database of the test server. */
async function withDatabase<T>(name: string, work: (url: string, client: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = db.url.replace(/\/postgres$/, `/${name}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(url, client);
  } finally {
    await client.end();
  }
}

const columnsOf = async (client: pg.Client) =>
  (await client.query<{ column_name: string; data_type: string; is_nullable: string }>("SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = 'unipbx_cdrs' ORDER BY ordinal_position")).rows;

describe('PostgreSQL sink schema', () => {
  it('is created once when several workers start on an empty database at the same time', async () => {
    const fresh = await withDatabase('fresh', async (url, client) => {
      const sinks = ['a', 'b', 'c', 'd'].map((pbx) => postgresSink({ url, source: { vendor: 'portsip', pbx } }));
      expect(await Promise.all(sinks.map((sink) => sink.open()))).toEqual([undefined, undefined, undefined, undefined]);
      await Promise.all(sinks.map((sink, i) => sink.write(batches[i]!)));
      await Promise.all(sinks.map((sink) => sink.close()));
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM unipbx_cdrs');
      expect(Number(rows[0]!.n)).toBe(batches.slice(0, 4).reduce((n, b) => n + b.cdrs.length, 0));
      return columnsOf(client);
    });
    expect(fresh.find((c) => c.column_name === 'raw')).toEqual({ column_name: 'raw', data_type: 'json', is_nullable: 'YES' });
    expect(fresh.find((c) => c.column_name === 'record')).toMatchObject({ data_type: 'jsonb' });
  });

  it('upgrades a table of the earlier schema in place: its rows and cursor kept, stored again without loss', async () => {
    await withDatabase('earlier', async (url, client) => {
      await client.query(EARLIER_SCHEMA);
      // What the earlier sink stored: batch 0 with its cursor, the whole CDR (raw included) in `record`.
      for (const cdr of batches[0]!.cdrs) {
        await client.query(
          'INSERT INTO unipbx_cdrs (vendor, pbx, id, started_at, direction, from_number, to_number, disposition, duration_seconds, record) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
          ['portsip', 'old', cdr.id, cdr.startedAt, cdr.direction, cdr.from.number, cdr.to.number, cdr.disposition, cdr.durationSeconds, JSON.stringify(cdr)],
        );
      }
      await client.query("INSERT INTO unipbx_sync_state (vendor, pbx, cursor, records) VALUES ('portsip', 'old', $1, $2)", [batches[0]!.cursor, batches[0]!.cdrs.length]);

      // Two workers start at once on the earlier table: one adds the column under the schema lock, the other finds it.
      const old = postgresSink({ url, source: { vendor: 'portsip', pbx: 'old' } });
      const other = postgresSink({ url, source: { vendor: 'portsip', pbx: 'other' } });
      expect(await Promise.all([old.open(), other.open()])).toEqual([batches[0]!.cursor, undefined]);
      const upgraded = await columnsOf(client);
      expect(upgraded.at(-1)).toEqual({ column_name: 'raw', data_type: 'json', is_nullable: 'YES' });

      const kept = await client.query<{ raw: unknown; payload: unknown }>("SELECT raw, coalesce(raw::jsonb, record->'raw') AS payload FROM unipbx_cdrs WHERE pbx = 'old' AND id = $1", [batches[0]!.cdrs[0]!.id]);
      expect(kept.rows[0]).toEqual({ raw: null, payload: JSON.parse(JSON.stringify(batches[0]!.cdrs[0]!.raw)) });

      // Resuming redelivers the overlap (batch 0 again) and goes on.
      for (const batch of batches) await old.write(batch);
      await Promise.all([old.close(), other.close()]);
      const { rows } = await client.query<{ n: string; distinct_ids: string; old_format: string }>(
        "SELECT count(*) AS n, count(DISTINCT id) AS distinct_ids, count(*) FILTER (WHERE raw IS NULL OR record ? 'raw') AS old_format FROM unipbx_cdrs WHERE pbx = 'old'",
      );
      const total = batches.reduce((n, b) => n + b.cdrs.length, 0);
      expect(rows[0]).toEqual({ n: String(total), distinct_ids: String(total), old_format: '0' });
      const state = await client.query<{ cursor: string }>("SELECT cursor FROM unipbx_sync_state WHERE pbx = 'old'");
      expect(state.rows[0]!.cursor).toBe(batches.at(-1)!.cursor);
    });
  });

  it('starts without waiting for other PBXs’ workers once the table is up to date', async () => {
    await withDatabase('busy', async (url, client) => {
      const first = postgresSink({ url, source: { vendor: 'portsip', pbx: 'first' } });
      await first.open();
      await first.close();
      // Another worker's transaction is open on the table (its batch not committed yet).
      await client.query('BEGIN');
      await client.query("INSERT INTO unipbx_sync_state (vendor, pbx, cursor, records) VALUES ('portsip', 'busy', 'c', 0)");
      await client.query("DELETE FROM unipbx_cdrs WHERE pbx = 'nothing'");
      const next = postgresSink({ url, source: { vendor: 'portsip', pbx: 'next' } });
      const started = await Promise.race([next.open().then(() => 'started'), new Promise((resolve) => setTimeout(resolve, 5000, 'blocked'))]);
      await client.query('ROLLBACK');
      expect(started).toBe('started');
      await next.close();
    });
  });
});
