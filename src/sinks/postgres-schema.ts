/**
 * The PostgreSQL sink's schema, created on first use (documented in docs/sync.md). CDRs are
 * keyed by (vendor, pbx, id); the sync cursor of each (vendor, pbx) lives beside them and is
 * written in the same transaction as the CDRs it covers.
 */
export const CDR_TABLE = 'unipbx_cdrs';
export const STATE_TABLE = 'unipbx_sync_state';

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
  PRIMARY KEY (vendor, pbx, id)
);
CREATE INDEX IF NOT EXISTS ${CDR_TABLE}_started ON ${CDR_TABLE} (vendor, pbx, started_at);
CREATE TABLE IF NOT EXISTS ${STATE_TABLE} (
  vendor      text        NOT NULL,
  pbx         text        NOT NULL,
  cursor      text        NOT NULL,
  records     bigint      NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (vendor, pbx)
);`;

/** Columns filled from each CDR, in the order of the unnest() arrays, with their array types. */
export const CDR_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['id', 'text'],
  ['call_id', 'text'],
  ['started_at', 'timestamptz'],
  ['answered_at', 'timestamptz'],
  ['ended_at', 'timestamptz'],
  ['direction', 'text'],
  ['from_number', 'text'],
  ['from_name', 'text'],
  ['to_number', 'text'],
  ['to_name', 'text'],
  ['disposition', 'text'],
  ['duration_seconds', 'float8'],
  ['talk_seconds', 'float8'],
  ['end_reason', 'text'],
  ['user_id', 'text'],
  ['trunk', 'text'],
  ['cost', 'float8'],
  ['record', 'jsonb'],
];

/** One statement upserting a whole batch: column arrays unnested server-side (one round trip, no per-row parameters). */
export const UPSERT_SQL = (() => {
  const names = CDR_COLUMNS.map(([name]) => name);
  const arrays = CDR_COLUMNS.map(([, type], i) => `$${i + 3}::${type}[]`).join(', ');
  const updates = names.filter((n) => n !== 'id').map((n) => `${n} = EXCLUDED.${n}`);
  return `INSERT INTO ${CDR_TABLE} (vendor, pbx, ${names.join(', ')})
SELECT $1, $2, u.* FROM unnest(${arrays}) AS u
ON CONFLICT (vendor, pbx, id) DO UPDATE SET ${updates.join(', ')}, synced_at = now()`;
})();

export const SAVE_CURSOR_SQL = `INSERT INTO ${STATE_TABLE} (vendor, pbx, cursor, records) VALUES ($1, $2, $3, $4)
ON CONFLICT (vendor, pbx) DO UPDATE SET cursor = EXCLUDED.cursor, records = ${STATE_TABLE}.records + EXCLUDED.records, updated_at = now()`;
