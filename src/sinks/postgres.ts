/**
 * The PostgreSQL sink (`unipbx cdrs sync --into postgres://…`, `pg` 8): each batch's CDRs are
 * upserted by (vendor, pbx, id) and the cursor saved in the same transaction, so the table
 * holds each CDR once whatever crashes. A session-level advisory lock on (vendor, pbx), taken
 * on the connection that writes, keeps a second sync of the same PBX into the same database
 * from loading concurrently: it waits up to `lockWaitMs`, then fails with {@link SyncLockedError}.
 * Should the connection drop, the server releases the lock and the next write fails.
 */
import pg from 'pg';
import type { SyncBatch } from '../../core/sync/cdr-sync.js';
import { sleep } from '../../core/sync/sleep.js';
import { SAVE_CURSOR_SQL, SCHEMA_SQL, STATE_TABLE, UPSERT_SQL } from './postgres-schema.js';
import type { CdrSink, SinkSource } from './types.js';

export interface PostgresSinkOptions {
  /** A postgres:// connection string. */
  readonly url: string;
  readonly source: SinkSource;
  /** How long to wait for another sync of the same PBX to finish. Default 10000 ms. */
  readonly lockWaitMs?: number;
}

/** Another process holds the sync lock of this PBX in this database. */
export class SyncLockedError extends Error {
  constructor(readonly source: SinkSource) {
    super(`another unipbx sync of ${source.vendor} at ${source.pbx} holds the lock in this database`);
    this.name = 'SyncLockedError';
  }
}

const LOCK_SQL = "SELECT pg_try_advisory_lock(hashtext('unipbx.cdrs.sync'), hashtext($1)) AS locked";
// Serialises first-use schema creation between processes (CREATE … IF NOT EXISTS can race).
const SCHEMA_LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtext('unipbx.schema'))";

export function postgresSink(options: PostgresSinkOptions): CdrSink {
  const { vendor, pbx } = options.source;
  let client: pg.Client | undefined;
  let written = 0;

  return {
    get written() {
      return written;
    },

    async open() {
      if (client) return readCursor(client);
      const connection = new pg.Client({ connectionString: options.url });
      // A dropped connection surfaces on the next query; an idle 'error' must not crash the process.
      connection.on('error', () => undefined);
      await connection.connect();
      try {
        const deadline = Date.now() + (options.lockWaitMs ?? 10_000);
        for (;;) {
          const { rows } = await connection.query<{ locked: boolean }>(LOCK_SQL, [`${vendor}\n${pbx}`]);
          if (rows[0]?.locked) break;
          if (Date.now() >= deadline) throw new SyncLockedError(options.source);
          await sleep(200);
        }
        await connection.query('BEGIN');
        await connection.query(SCHEMA_LOCK_SQL);
        await connection.query(SCHEMA_SQL);
        await connection.query('COMMIT');
      } catch (error) {
        await connection.end().catch(() => undefined);
        throw error;
      }
      client = connection;
      return readCursor(connection);
    },

    async write(batch: SyncBatch) {
      if (!client) throw new Error('postgres sink: open() first');
      await client.query('BEGIN');
      try {
        await client.query(UPSERT_SQL, [vendor, pbx, JSON.stringify(batch.cdrs)]);
        await client.query(SAVE_CURSOR_SQL, [vendor, pbx, batch.cursor, batch.cdrs.length]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      written += batch.cdrs.length;
    },

    async close() {
      // Ending the session releases the advisory lock.
      await client?.end().catch(() => undefined);
      client = undefined;
    },
  };

  async function readCursor(connection: pg.Client): Promise<string | undefined> {
    const { rows } = await connection.query<{ cursor: string }>(`SELECT cursor FROM ${STATE_TABLE} WHERE vendor = $1 AND pbx = $2`, [vendor, pbx]);
    return rows[0]?.cursor;
  }
}
