/**
 * `npm run bench:sync`: issue 14's targets, measured side by side on this machine.
 * 1. cdrs.sync throughput vs streaming the same range with cdrs.list (simulator in its own
 *    process, alternating rounds, median of per-round ratios with min–max);
 * 2. watch latency from a change in the simulator to its event, and requests per poll per vendor;
 * 3. the PostgreSQL sink's load rate (a throw-away local server, fsync on).
 */
import { execFileSync, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createPbx, type Cdr, type CreatePbxOptions, type PbxClient } from '../src/index.js';
import { postgresSink } from '../src/sinks/postgres.js';
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
  console.log(`\n# PostgreSQL sink (${values.pg} CDRs in batches of 1000, local PostgreSQL 15, fsync on)`);
  const sim = await startSimulator("portsip", { seed: 3, users: 100, cdrs: 10_000 });
  const client = createPbx({ vendor: 'portsip', baseUrl: sim.url, credentials: sim.credentials, fetch: sim.fetch } as CreatePbxOptions);
  const sample = await client.cdrs.list({ from, pageSize: 1000 }).toArray();
  await sim.close();
  const total = Number(values.pg);
  const cdrs: Cdr[] = Array.from({ length: total }, (_, i) => ({ ...sample[i % sample.length]!, id: `bench-${i}` }));
  const db = await startPostgres();
  try {
    const sink = postgresSink({ url: db.url, source: { vendor: 'portsip', pbx: 'bench' } });
    await sink.open();
    const server0 = serverCpuSeconds(db.url);
    const client0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < cdrs.length; i += 1000) await sink.write({ cdrs: cdrs.slice(i, i + 1000), cursor: `cursor-${i}`, overlapTruncated: false });
    const seconds = (performance.now() - t0) / 1000;
    const clientCpu = (process.cpuUsage(client0).user + process.cpuUsage(client0).system) / 1e6;
    const serverCpu = serverCpuSeconds(db.url) - server0;
    await sink.close();
    console.log(
      `insert: ${Math.round(total / seconds)} CDR/s wall (${fmt(seconds, 1)} s; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores) | CPU: server ${fmt(serverCpu, 1)} s + client ${fmt(clientCpu, 1)} s → ${Math.round(total / (serverCpu + clientCpu))} CDR/s per CPU-second`,
    );
    const again = postgresSink({ url: db.url, source: { vendor: 'portsip', pbx: 'bench' } });
    await again.open();
    const t1 = performance.now();
    for (let i = 0; i < 20_000; i += 1000) await again.write({ cdrs: cdrs.slice(i, i + 1000), cursor: `cursor-${i}`, overlapTruncated: false });
    console.log(`upsert of existing rows: ${Math.round(20_000 / ((performance.now() - t1) / 1000))} CDR/s`);
    await again.close();
  } finally {
    db.stop();
  }
}

/** CPU seconds used so far by every process of the PostgreSQL server listening on the URL's port (Linux /proc). */
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
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // ended
    }
  }
  return ticks / 100;
}
