/**
 * The PostgreSQL sink (`unipbx cdrs sync --into postgres://…`, `pg` 8): each batch's CDRs are
 * upserted by (vendor, pbx, id) and the cursor saved in the same statement (one transaction), so
 * the table holds each CDR once whatever crashes. Writes may overlap: a batch is encoded as soon
 * as it is given, while the server stores the one before, and sent once that one is committed
 * (never after a failed one). A session-level advisory lock on (vendor, pbx), taken
 * on the connection that writes, keeps a second sync of the same PBX into the same database
 * from loading concurrently: it waits up to `lockWaitMs`, then fails with {@link SyncLockedError}.
 * Should the connection drop, the server releases the lock and the next write fails.
 */
import pg from 'pg';
import { toJsonRecord } from '../../core/json-record.js';
import type { Cdr } from '../../core/model.js';
import type { SyncBatch } from '../../core/sync/cdr-sync.js';
import { sleep } from '../../core/sync/sleep.js';
import { inOrder } from './in-order.js';
import { SCHEMA_SQL, STATE_TABLE, WRITE_BATCH_SQL, WRITE_BATCH_STATEMENT } from './postgres-schema.js';
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
// A batch is a text parameter of about a megabyte. Planned for its value (a custom plan), it is
// copied into the plan as well, and the server gets fresh memory for each batch: with a binary
// parameter, 1.3 page faults per CDR instead of 0.1, about half the statement's CPU
// (docs/performance.md). The generic plan is the same plan, without the value.
const GENERIC_PLANS_SQL = 'SET plan_cache_mode = force_generic_plan';

export function postgresSink(options: PostgresSinkOptions): CdrSink {
  const { vendor, pbx } = options.source;
  let client: pg.Client | undefined;
  let writes = inOrder();
  let written = 0;

  return {
    get written() {
      return written;
    },

    async open() {
      // Reopened (after a failure upstream): what was given before is stored, or not, first.
      await writes.settled();
      writes = inOrder();
      if (client) return readCursor(client);
      const connection = new pg.Client({ connectionString: options.url });
      // A dropped connection surfaces on the next query; an idle 'error' must not crash the process.
      connection.on('error', () => undefined);
      await connection.connect();
      try {
        await connection.query(GENERIC_PLANS_SQL);
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

    write(batch: SyncBatch) {
      let lines: string;
      try {
        lines = encodeLines(batch.cdrs);
      } catch (error) {
        return writes.run(() => Promise.reject(error));
      }
      return writes.run(async () => {
        if (!client) throw new Error('postgres sink: open() first');
        await client.query({ name: WRITE_BATCH_STATEMENT, text: WRITE_BATCH_SQL, values: [vendor, pbx, lines, batch.cursor, batch.cdrs.length] });
        written += batch.cdrs.length;
      });
    },

    async close() {
      await writes.settled();
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

/**
 * The batch as {@link WRITE_BATCH_SQL} reads it: per CDR a line of its unified fields as JSON, a
 * tab, and its vendor payload as JSON. A string goes in PostgreSQL's text format, which the server
 * copies once less than a binary parameter.
 */
function encodeLines(cdrs: readonly Cdr[]): string {
  return cdrs.map((cdr) => `${JSON.stringify(toJsonRecord(cdr))}\t${JSON.stringify(cdr.raw)}`).join('\n');
}
