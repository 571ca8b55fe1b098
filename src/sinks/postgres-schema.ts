/**
 * The PostgreSQL sink's schema, created on first use (documented in docs/sync.md). CDRs are
 * keyed by (vendor, pbx, id); the sync cursor of each (vendor, pbx) lives beside them and is
 * written in the same transaction as the CDRs it covers. `record` holds the unified CDR without
 * its vendor payload, which `raw` holds as `json` (validated text: about half of each CDR, and
 * much cheaper to store than `jsonb`).
 */
export const CDR_TABLE = 'unipbx_cdrs';
export const STATE_TABLE = 'unipbx_sync_state';

/**
 * Creates what is missing, run under the schema lock in one transaction. A table created by an
 * earlier version (the whole CDR, `raw` included, in `record`) gets the `raw` column; its rows
 * keep their payload in `record->'raw'` until they are stored again. The column and the index are
 * added only when missing: `ALTER TABLE` and `CREATE INDEX IF NOT EXISTS` lock the table before
 * looking, so every start would wait for the batches other PBXs' workers are writing.
 */
export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS ${CDR_TABLE} (
  vendor            text             NOT NULL,
  pbx               text             NOT NULL,
  id                text             NOT NULL,
  call_id           text,
  started_at        timestamptz      NOT NULL,
  answered_at       timestamptz,
  ended_at          timestamptz,
  direction         text             NOT NULL,
  from_number       text             NOT NULL,
  from_name         text,
  to_number         text             NOT NULL,
  to_name           text,
  disposition       text             NOT NULL,
  duration_seconds  double precision NOT NULL,
  talk_seconds      double precision,
  end_reason        text,
  user_id           text,
  trunk             text,
  cost              double precision,
  record            jsonb            NOT NULL,
  synced_at         timestamptz      NOT NULL DEFAULT now(),
  raw               json,
  PRIMARY KEY (vendor, pbx, id)
);
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_attribute WHERE attrelid = '${CDR_TABLE}'::regclass AND attname = 'raw' AND NOT attisdropped) THEN
    ALTER TABLE ${CDR_TABLE} ADD COLUMN raw json;
  END IF;
  IF to_regclass('${CDR_TABLE}_started') IS NULL THEN
    CREATE INDEX ${CDR_TABLE}_started ON ${CDR_TABLE} (vendor, pbx, started_at);
  END IF;
END $$;
CREATE TABLE IF NOT EXISTS ${STATE_TABLE} (
  vendor      text        NOT NULL,
  pbx         text        NOT NULL,
  cursor      text        NOT NULL,
  records     bigint      NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (vendor, pbx)
);`;

/** Each column and the expression that reads it from one CDR: `r` the unified CDR (jsonb), `w` its vendor payload (json). */
const COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['id', "r->>'id'"],
  ['call_id', "r->>'callId'"],
  ['started_at', "(r->>'startedAt')::timestamptz"],
  ['answered_at', "(r->>'answeredAt')::timestamptz"],
  ['ended_at', "(r->>'endedAt')::timestamptz"],
  ['direction', "r->>'direction'"],
  ['from_number', "r->'from'->>'number'"],
  ['from_name', "r->'from'->>'name'"],
  ['to_number', "r->'to'->>'number'"],
  ['to_name', "r->'to'->>'name'"],
  ['disposition', "r->>'disposition'"],
  ['duration_seconds', "(r->>'durationSeconds')::float8"],
  ['talk_seconds', "(r->>'talkSeconds')::float8"],
  ['end_reason', "r->>'endReason'"],
  ['user_id', "r->>'userId'"],
  ['trunk', "r->>'trunk'"],
  ['cost', "(r->>'cost')::float8"],
  ['record', 'r'],
  ['raw', 'w'],
];

/** The name the sink prepares {@link WRITE_BATCH_SQL} under, on a session planning it generically. */
export const WRITE_BATCH_STATEMENT = 'unipbx_write_batch';

/**
 * One statement storing a whole batch and its cursor (one round trip, one implicit transaction).
 * The CDRs travel as one text parameter ($3): a line per CDR, the unified CDR without `raw`, a
 * tab, then `raw` (JSON.stringify never emits a raw tab or newline). Each part is parsed once,
 * into jsonb and json (`OFFSET 0` keeps the planner from repeating it in every column). $4 is
 * the cursor, $5 the batch's number of CDRs.
 */
export const WRITE_BATCH_SQL = `WITH upserted AS (
INSERT INTO ${CDR_TABLE} (vendor, pbx, ${COLUMNS.map(([name]) => name).join(', ')})
SELECT $1, $2, ${COLUMNS.map(([, expression]) => expression).join(', ')}
FROM (SELECT split_part(line, E'\\t', 1)::jsonb AS r, split_part(line, E'\\t', 2)::json AS w FROM string_to_table($3::text, E'\\n') AS line OFFSET 0) AS lines
ON CONFLICT (vendor, pbx, id) DO UPDATE SET ${COLUMNS.filter(([name]) => name !== 'id').map(([name]) => `${name} = EXCLUDED.${name}`).join(', ')}, synced_at = now()
)
INSERT INTO ${STATE_TABLE} (vendor, pbx, cursor, records) VALUES ($1, $2, $4, $5)
ON CONFLICT (vendor, pbx) DO UPDATE SET cursor = EXCLUDED.cursor, records = ${STATE_TABLE}.records + EXCLUDED.records, updated_at = now()`;
