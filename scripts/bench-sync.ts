/**
 * `npm run bench:sync`: issue 14's targets, measured side by side on this machine.
 * 1. cdrs.sync throughput vs streaming the same range with cdrs.list (simulator in its own
 *    process, alternating rounds, median of per-round ratios with min–max);
 * 2. watch latency from a change in the simulator to its event, and requests per poll per vendor;
 * 3. the PostgreSQL sink's load rate (a throw-away local server, fsync on), side by side with the
 *    sink as it was before this work and, as an option only, with synchronous_commit=off; with the
 *    CPU and page faults of the server process running the statements.
 */
import { execFileSync, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createPbx, type Cdr, type CreatePbxOptions, type PbxClient } from '../src/index.js';
import pg from 'pg';
import type { SyncBatch } from '../core/sync/cdr-sync.js';
import { inOrder } from '../src/sinks/in-order.js';
import { postgresSink } from '../src/sinks/postgres.js';
import { WRITE_BATCH_SQL } from '../src/sinks/postgres-schema.js';
import type { CdrSink } from '../src/sinks/types.js';
import { storeBatches } from '../src/sinks/store.js';
import { startSimulator } from '../src/simulator.js';
import { startPostgres } from '../test/support/postgres.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, cdrs: { type: 'string', default: '20000' }, pg: { type: 'string', default: '100000' }, only: { type: 'string' } } });
const part = (name: string) => values.only === undefined || values.only.split(',').includes(name);
const rounds = Number(values.rounds);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number, d = 2) => n.toFixed(d);
const from = new Date(Date.now() - 40 * 86_400_000);

async function serve(vendor: string): Promise<{ client: PbxClient; stop: () => void }> {
  const child = fork(new URL('./bench-sync-server.ts', import.meta.url), [vendor, values.cdrs!], { execArgv: ['--import', 'tsx'] });
  const info = await new Promise<{ url: string; credentials: unknown }>((resolve) => child.once('message', (m) => resolve(m as never)));
  const client = createPbx({ vendor, baseUrl: info.url, credentials: info.credentials } as CreatePbxOptions);
  return { client, stop: () => child.disconnect() };
}

async function timed(fn: () => Promise<number>): Promise<{ ms: number; count: number }> {
  const t0 = performance.now();
  const count = await fn();
  return { ms: performance.now() - t0, count };
}

if (part('sync')) console.log(`# sync throughput vs cdrs.list (${values.cdrs} CDRs, ${rounds} alternating rounds, page size 1000 → vendor cap)`);
for (const vendor of part('sync') ? ['portsip', 'voipstudio'] : []) {
  const { client, stop } = await serve(vendor);
  const ratios: number[] = [];
  const rates: { list: number[]; sync: number[] } = { list: [], sync: [] };
  await client.cdrs.list({ from, pageSize: 1000 }).toArray(); // warm-up (login, JIT)
  for (let round = 0; round < rounds; round++) {
    const runList = () => timed(async () => (await client.cdrs.list({ from, pageSize: 1000 }).toArray()).length);
    const runSync = () =>
      timed(async () => {
        let n = 0;
        for await (const batch of client.cdrs.sync({ from, pageSize: 1000 })) n += batch.cdrs.length;
        return n;
      });
    let a: { ms: number; count: number };
    let b: { ms: number; count: number };
    if (round % 2 === 0) {
      a = await runList();
      b = await runSync();
    } else {
      b = await runSync();
      a = await runList();
    }
    if (a.count !== b.count) throw new Error(`${vendor}: list ${a.count} vs sync ${b.count}`);
    rates.list.push((a.count / a.ms) * 1000);
    rates.sync.push((b.count / b.ms) * 1000);
    ratios.push(a.ms / b.ms);
  }
  console.log(
    `${vendor.padEnd(10)} list ${Math.round(median(rates.list))} CDR/s, sync ${Math.round(median(rates.sync))} CDR/s, sync/list ${fmt(median(ratios))} (min ${fmt(Math.min(...ratios))}, max ${fmt(Math.max(...ratios))})`,
  );
  await client.close();
  stop();
}

if (part('watch')) console.log('\n# watch: requests per poll and latency (in-process simulator; a user changed at a random moment; latency from the change being stored to its event; intervalMs 500)');
for (const vendor of part('watch') ? (['portsip', 'netpbx', 'voipstudio'] as const) : []) {
  const sim = await startSimulator(vendor, { seed: 2, users: 50, cdrs: 200 });
  const client = createPbx({ vendor, baseUrl: sim.url, credentials: sim.credentials } as CreatePbxOptions);
  const stop = new AbortController();
  const latencies: number[] = [];
  let changedAt = 0;

  const perPoll: number[] = [];
  const waiter: { resolve?: () => void } = {};
  const users = await client.users.list().toArray();
  const watching = (async () => {
    try {
      for await (const event of client.watch({ users: true, intervalMs: 500, signal: stop.signal })) {
        if (event.type === 'user.updated') {
          latencies.push(changedAt ? Date.now() - changedAt : 0); // seen before update() even returned
          changedAt = 0;
          waiter.resolve?.();
        }
      }
    } catch {
      // stopped
    }
  })();
  // Requests per poll of a full watch (everything the vendor supports), measured over 5 polls.
  const full = client.watch({ maxPolls: 6, intervalMs: 10 });
  for await (const _ of full) void _;
  const before = sim.requestCount();
  const t0 = performance.now();
  for await (const _ of client.watch({ maxPolls: 5, intervalMs: 10, cursor: full.cursor! })) void _;
  const pollMs = (performance.now() - t0) / 5;
  perPoll.push((sim.requestCount() - before) / 5);
  const t1 = performance.now();
  const usersOnly = client.watch({ users: true, maxPolls: 5, intervalMs: 10 });
  for await (const _ of usersOnly) void _;
  const usersPollMs = (performance.now() - t1) / 5;
  for (let i = 0; i < 6; i++) {
    await new Promise((r) => setTimeout(r, 100 + Math.random() * 500));
    const done = new Promise<void>((resolve) => (waiter.resolve = resolve));
    await client.users.update(users[(i % (users.length - 2)) + 2]!.id, vendor === 'voipstudio' ? { lastName: `Bench${i}` } : vendor === 'netpbx' ? { email: `bench${i}@example.com` } : { department: `Bench ${i}` });
    changedAt = Date.now();
    await done;
  }
  stop.abort();
  await watching;
  const cap = client.capabilities.watch;
  console.log(
    `${vendor.padEnd(10)} full watch: ${fmt(perPoll[0]!, 1)} requests per poll (${fmt(pollMs, 0)} ms per poll; manifest: ${cap.support === 'emulated' ? cap.cost : cap.support}) | users-only: poll ${fmt(usersPollMs, 0)} ms, latency median ${median(latencies)} ms, max ${Math.max(...latencies)} ms (bound: interval 500 ms + one poll)`,
  );
  await client.close();
  await sim.close();
}

if (part('pg')) {
  const total = Number(values.pg);
  const perRound = Math.ceil(total / rounds / 1000) * 1000;
  console.log(`\n# PostgreSQL sink (${perRound * rounds} CDRs per case in batches of 1000, ${rounds} alternating rounds, local PostgreSQL 15, fsync on)`);
  const sim = await startSimulator('portsip', { seed: 3, users: 100, cdrs: 10_000 });
  const client = createPbx({ vendor: 'portsip', baseUrl: sim.url, credentials: sim.credentials, fetch: sim.fetch } as CreatePbxOptions);
  const sample = await client.cdrs.list({ from, pageSize: 1000 }).toArray();
  await sim.close();
  let serial = 0;
  /** `count` CDRs never stored before, in batches of 1000 with their cursors. */
  const fresh = (count: number): SyncBatch[] =>
    Array.from({ length: count / 1000 }, (_, b) => ({
      cdrs: Array.from({ length: 1000 }, (_, i) => ({ ...sample[(b * 1000 + i) % sample.length]!, id: `bench-${serial++}` })),
      cursor: `cursor-${serial}`,
      overlapTruncated: false,
    }));
  const db = await startPostgres();
  try {
    const noSyncCommit = `${db.url}?options=${encodeURIComponent('-c synchronous_commit=off')}`;
    const cases: Record<string, (batches: SyncBatch[]) => Promise<Stored>> = {
      sink: (batches) => viaSink(db.url, 'sink', batches),
      previous: (batches) => viaSink(db.url, 'previous', batches, previousSink),
      'sink, synchronous_commit=off': (batches) => viaSink(noSyncCommit, 'async-commit', batches),
    };
    const names = Object.keys(cases);
    const stats = Object.fromEntries(names.map((n) => [n, { rate: [] as number[], server: [] as number[], backend: [] as number[], faults: [] as number[], client: [] as number[], clientFaults: [] as number[] }]));
    const ratios: number[] = [];
    const stored: SyncBatch[] = [];
    await viaSink(db.url, 'warm-up', fresh(5000));
    for (let round = 0; round < rounds; round++) {
      const seconds: Record<string, number> = {};
      for (const name of round % 2 === 0 ? names : [...names].reverse()) {
        const batches = fresh(perRound);
        if (name === 'sink' && round === 0) stored.push(...batches.slice(0, 20));
        const server0 = serverCpuSeconds(db.url);
        const client0 = process.cpuUsage();
        const clientFaults0 = process.resourceUsage().minorPageFault;
        const backend = await cases[name]!(batches);
        seconds[name] = backend.seconds;
        const used = process.cpuUsage(client0);
        stats[name]!.rate.push(perRound / seconds[name]!);
        stats[name]!.server.push(((serverCpuSeconds(db.url) - server0) / perRound) * 1e6);
        stats[name]!.backend.push((backend.cpuSeconds / perRound) * 1e6);
        stats[name]!.faults.push(backend.faults / perRound);
        stats[name]!.client.push(((used.user + used.system) / 1e6 / perRound) * 1e6);
        stats[name]!.clientFaults.push((process.resourceUsage().minorPageFault - clientFaults0) / perRound);
      }
      ratios.push(seconds['previous']! / seconds['sink']!);
    }
    for (const name of names) {
      const { rate, server, backend, faults, client: own, clientFaults } = stats[name]!;
      console.log(
        `${name.padEnd(30)} ${Math.round(median(rate))} CDR/s wall (min ${Math.round(Math.min(...rate))}, max ${Math.round(Math.max(...rate))}) | CPU per CDR: server ${fmt(median(server), 0)} µs (its statements ${fmt(median(backend), 0)} µs, ${fmt(median(faults))} page faults; alone they would allow ${Math.round(1e6 / median(backend))} CDR/s) + client ${fmt(median(own), 0)} µs (${fmt(median(clientFaults))} page faults)`,
      );
    }
    console.log(`sink / previous: ${fmt(median(ratios))}× (min ${fmt(Math.min(...ratios))}, max ${fmt(Math.max(...ratios))}) | load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores | peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
    const t1 = performance.now();
    await viaSink(db.url, 'sink', stored);
    console.log(`upsert of existing rows: ${Math.round((stored.length * 1000) / ((performance.now() - t1) / 1000))} CDR/s (the sink's first ${stored.length * 1000} CDRs again)`);
    await syncIntoSink(db.url);
  } finally {
    db.stop();
  }
}

/**
 * The whole `cdrs sync --into` path: VoIPStudio simulator in its own process (pages of 1000) →
 * cdrs.sync → sink, with storeBatches (the next page fetched while one is stored) and one batch at
 * a time, alternating rounds.
 */
async function syncIntoSink(url: string): Promise<void> {
  const { client, stop } = await serve('voipstudio');
  const run = async (pbx: string, overlap: boolean) => {
    const sink = postgresSink({ url, source: { vendor: 'voipstudio', pbx } });
    await sink.open();
    const t0 = performance.now();
    const batches = client.cdrs.sync({ from, pageSize: 1000 });
    if (overlap) await storeBatches(batches, sink);
    else for await (const batch of batches) await sink.write(batch);
    const seconds = (performance.now() - t0) / 1000;
    const n = sink.written;
    await sink.close();
    return n / seconds;
  };
  await client.cdrs.list({ from, pageSize: 1000 }).toArray(); // warm-up
  const rates: { overlap: number[]; serial: number[] } = { overlap: [], serial: [] };
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [true, false] : [false, true];
    const rate: Record<string, number> = {};
    for (const overlap of order) rate[String(overlap)] = await run(`sync-${round}-${overlap}`, overlap);
    rates.overlap.push(rate['true']!);
    rates.serial.push(rate['false']!);
    ratios.push(rate['true']! / rate['false']!);
  }
  console.log(
    `sync → sink (${values.cdrs} VoIPStudio CDRs): fetch overlapped ${Math.round(median(rates.overlap))} CDR/s, one batch at a time ${Math.round(median(rates.serial))} CDR/s, ratio ${fmt(median(ratios))} (min ${fmt(Math.min(...ratios))}, max ${fmt(Math.max(...ratios))})`,
  );
  await client.close();
  stop();
}

interface ProcessUse {
  readonly cpuSeconds: number;
  readonly faults: number;
}

/** One case's round: wall seconds storing the batches (connected, schema ready) and the server process's use meanwhile. */
interface Stored extends ProcessUse {
  readonly seconds: number;
}

/**
 * Stores the batches with a sink as `unipbx cdrs sync --into` does (the next batch encoded while
 * the server stores one), timed from the sink being open to the last batch committed.
 */
async function viaSink(url: string, pbx: string, batches: SyncBatch[], sinkOf = postgresSink): Promise<Stored> {
  const name = `unipbx-bench-${pbx}`;
  const sink = sinkOf({ url: `${url}${url.includes('?') ? '&' : '?'}application_name=${name}`, source: { vendor: 'portsip', pbx } });
  await sink.open();
  try {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [name]);
    await admin.end();
    const before = processUse(rows[0]!.pid);
    const t0 = performance.now();
    await storeBatches(
      (async function* () {
        yield* batches;
      })(),
      sink,
    );
    const seconds = (performance.now() - t0) / 1000;
    const after = processUse(rows[0]!.pid);
    return { seconds, cpuSeconds: after.cpuSeconds - before.cpuSeconds, faults: after.faults - before.faults };
  } finally {
    await sink.close();
  }
}

/** Replaces the one occurrence of `from` (the reference below must follow the sink's statement). */
function replaceOnce(text: string, from: string, to: string): string {
  if (text.split(from).length !== 2) throw new Error(`bench: the sink's statement no longer contains ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

/**
 * The reference: the sink as it was before (commit 925b16c), writes overlapping the same way. The
 * whole CDR, `raw` included, parsed into the jsonb `record` (no `raw` column); the NDJSON lines
 * sent as a binary parameter of an unnamed statement, so each batch was planned for its value.
 */
function previousSink(options: { url: string; source: { vendor: string; pbx: string } }): CdrSink {
  const { vendor, pbx } = options.source;
  const sql = [
    [', record, raw)', ', record)'],
    [", r, w\nFROM (SELECT split_part(line, E'\\t', 1)::jsonb AS r, split_part(line, E'\\t', 2)::json AS w FROM", ', r\nFROM (SELECT line::jsonb AS r FROM'],
    [', raw = EXCLUDED.raw', ''],
  ].reduce((text, [from, to]) => replaceOnce(text, from!, to!), WRITE_BATCH_SQL);
  const connection = new pg.Client({ connectionString: options.url });
  const writes = inOrder();
  let written = 0;
  return {
    get written() {
      return written;
    },
    async open() {
      await connection.connect();
      return undefined;
    },
    write(batch) {
      const lines = previousLines(batch.cdrs);
      return writes.run(async () => {
        await connection.query(sql, [vendor, pbx, lines, batch.cursor, batch.cdrs.length]);
        written += batch.cdrs.length;
      });
    },
    async close() {
      await writes.settled();
      await connection.end();
    },
  };
}

/** The previous encoding: each CDR stringified and written into one UTF-8 buffer. */
function previousLines(cdrs: readonly Cdr[]): Buffer {
  const texts = cdrs.map((cdr) => JSON.stringify(cdr));
  let size = texts.length;
  for (const text of texts) size += Buffer.byteLength(text);
  const out = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const text of texts) {
    offset += out.write(text, offset);
    out[offset++] = 0x0a;
  }
  return out.subarray(0, Math.max(0, offset - 1));
}

/** CPU seconds (user + system) and minor page faults of one process so far (Linux /proc). */
function processUse(pid: number): ProcessUse {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100, faults: Number(fields[7]) };
}

/**
 * CPU seconds used so far by the PostgreSQL server listening on the URL's port (Linux /proc): its
 * live processes, plus the ended backends the postmaster has reaped (its children's time).
 */
function serverCpuSeconds(url: string): number {
  const port = new URL(url).port;
  const pids = execFileSync('pgrep', ['-f', '--', `-p ${port} `], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  const children = pids.flatMap((pid) => {
    try {
      return execFileSync('pgrep', ['-P', pid], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
    } catch {
      return [];
    }
  });
  let ticks = 0;
  for (const pid of new Set([...pids, ...children])) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]) + (pids.includes(pid) ? Number(fields[13]) + Number(fields[14]) : 0);
    } catch {
      // ended
    }
  }
  return ticks / 100;
}
