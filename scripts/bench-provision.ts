/**
 * `npm run bench:provision`: bulk provisioning against a PortSIP simulator limited to 50
 * requests/s (in its own process), each case once (each takes ~20 s; no timed assertions):
 *
 * - 1,000 `users.update`: a raw `fetch` loop honouring `Retry-After`; unipbx one after
 *   another; unipbx all at once (`Promise.all`); `pbx.bulk.users.update`.
 * - `apply` of a 1,000-user desired state (every user's department changed, a 100-member
 *   team), then the same `apply` again (which must write nothing).
 *
 * Reported per case: wall time, requests the server accepted, the theory (accepted ÷ limit),
 * the ratio, 429s the server sent, 429s and TIMEOUTs surfaced to the caller, client CPU.
 *
 *   npm run bench:provision [-- --only raw,sequential,parallel,bulk,apply]
 */
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createPortSip } from '../adapters/portsip/index.js';
import { isPbxError, type PbxClient } from '../src/index.js';
import { apply, exportState, plan } from '../src/provisioning/index.js';

const only = process.argv.includes('--only') ? new Set(process.argv[process.argv.indexOf('--only') + 1]!.split(',')) : undefined;
const server = fork(new URL('./bench-provision-server.ts', import.meta.url), { execArgv: ['--import', 'tsx'] });
const ask = <T>(message: object): Promise<T> =>
  new Promise((resolve) => {
    server.once('message', (reply) => resolve(reply as T));
    server.send(message);
  });
const sim = await new Promise<{ url: string; credentials: { username: string; password: string }; limit: number }>((resolve, reject) => {
  server.once('message', (m) => resolve(m as { url: string; credentials: { username: string; password: string }; limit: number }));
  server.once('error', reject);
});
const LIMIT = sim.limit;

interface Row {
  readonly name: string;
  readonly seconds: number;
  readonly accepted: number;
  readonly theory: number;
  readonly serverSent429: number;
  readonly surfaced429: number;
  readonly timeouts: number;
  readonly otherErrors: number;
  readonly cpuSeconds: number;
  readonly note?: string;
}
const rows: Row[] = [];

async function measure(name: string, body: () => Promise<{ errors: unknown[]; note?: string }>): Promise<void> {
  if (only && !only.has(name.split(':')[0]!)) return;
  await new Promise((r) => setTimeout(r, 1100)); // let the server's window empty
  await ask({ cmd: 'reset' });
  const cpu = process.cpuUsage();
  const started = performance.now();
  const { errors, note } = await body();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const stats = await ask<{ requests: number; rateLimited: number }>({ cmd: 'stats' });
  const accepted = stats.requests - stats.rateLimited;
  const row: Row = {
    name,
    seconds,
    accepted,
    theory: accepted / LIMIT,
    serverSent429: stats.rateLimited,
    surfaced429: errors.filter((e) => isPbxError(e, 'RATE_LIMITED')).length,
    timeouts: errors.filter((e) => isPbxError(e, 'TIMEOUT')).length,
    otherErrors: errors.filter((e) => !isPbxError(e, 'RATE_LIMITED') && !isPbxError(e, 'TIMEOUT')).length,
    cpuSeconds: (used.user + used.system) / 1e6,
    ...(note ? { note } : {}),
  };
  rows.push(row);
  console.log(
    `${name.padEnd(44)} ${row.seconds.toFixed(1).padStart(6)} s  accepted ${String(accepted).padStart(5)}  theory ${row.theory.toFixed(1).padStart(5)} s  ratio ${(row.seconds / row.theory).toFixed(2)}x  ` +
      `429 sent ${row.serverSent429}, surfaced ${row.surfaced429}  TIMEOUT ${row.timeouts}  other errors ${row.otherErrors}  cpu ${row.cpuSeconds.toFixed(1)} s${note ? `  (${note})` : ''}`,
  );
}

const client = (): PbxClient => createPortSip({ baseUrl: sim.url, credentials: sim.credentials });
const setup = client();
const users = await setup.users.list({ pageSize: 1000 }).toArray();
const ids = users.slice(0, 1000).map((u) => u.id);
console.log(`PortSIP simulator on ${sim.url}: ${users.length} users, limit ${LIMIT} requests/s; 1,000 updates in theory ${(1000 / LIMIT).toFixed(0)} s\n`);
const collect = async (promises: Array<Promise<unknown>>) => (await Promise.allSettled(promises)).flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));

await measure('raw: fetch loop honouring Retry-After', async () => {
  const login = await fetch(`${sim.url}/api/auth/sign_in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sim.credentials) });
  const { access_token: token } = (await login.json()) as { access_token: string };
  const errors: unknown[] = [];
  for (const [i, id] of ids.entries()) {
    for (let attempt = 0; attempt < 20; attempt++) {
      const res = await fetch(`${sim.url}/api/users/${id}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ department: `raw ${i}` }) });
      await res.arrayBuffer();
      if (res.status !== 429) {
        if (!res.ok) errors.push(new Error(`HTTP ${res.status}`));
        break;
      }
      await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 1) * 1000));
    }
  }
  return { errors };
});

await measure('sequential: users.update one after another', async () => {
  const pbx = client();
  const errors: unknown[] = [];
  for (const [i, id] of ids.entries()) await pbx.users.update(id, { department: `seq ${i}` }, { returning: 'none' }).catch((e: unknown) => errors.push(e));
  return { errors, note: "returning: 'none'" };
});

await measure('sequential: users.update, default (read-back)', async () => {
  const pbx = client();
  const errors: unknown[] = [];
  for (const [i, id] of ids.entries()) await pbx.users.update(id, { department: `seqrb ${i}` }).catch((e: unknown) => errors.push(e));
  return { errors, note: 'POST + GET each' };
});

await measure('parallel: 1,000 users.update at once', async () => {
  const pbx = client();
  const errors = await collect(ids.map((id, i) => pbx.users.update(id, { department: `par ${i}` }, { returning: 'none' })));
  return { errors, note: "Promise.all, returning: 'none'" };
});

await measure('bulk: pbx.bulk.users.update', async () => {
  const pbx = client();
  const { results } = await pbx.bulk.users.update(ids.map((id, i) => ({ id, patch: { department: `bulk ${i}` } }))).collect();
  return { errors: results.flatMap((r) => (r.status === 'done' ? [] : [r.error])) };
});

const desired = await (async () => {
  const { document } = await exportState(setup);
  const members = document.users.slice(0, 100).map((u) => u.extension!);
  return { ...document, users: document.users.map((u) => ({ ...u, department: 'Provisioned' })), teams: [...document.teams, { name: 'Bench Team', members }] };
})();
let firstWrites = 0;
// Writes by operation, not by method: PortSIP 22.3 reads queue agents' states with a POST (`…/agents/status/get_many`).
const WRITE_OPERATION = /^(users|groups|queues)\.(members\.)?(create|update|delete|add|remove|addAgent|removeAgent|login|logout|setStatus)$/;
await measure('apply: 1,000-user desired state', async () => {
  const pbx = client();
  const p = await plan(pbx, desired);
  firstWrites = p.actions.length;
  const report = await apply(pbx, p);
  return { errors: report.results.flatMap((r) => (r.status === 'done' ? [] : [r.error])), note: `plan + apply: ${p.actions.length} changes` };
});
await measure('apply: the same file again', async () => {
  let writes = 0;
  const pbx = createPortSip({ baseUrl: sim.url, credentials: sim.credentials, hooks: { onRequest: (e) => void (WRITE_OPERATION.test(e.operation) && writes++) } });
  const report = await apply(pbx, await plan(pbx, desired));
  return { errors: report.results.flatMap((r) => (r.status === 'done' ? [] : [r.error])), note: `${writes} writes (first apply: ${firstWrites} changes)` };
});

console.log(`\npeak RSS of the client process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
server.disconnect();
await setup.close().catch(() => undefined);
process.exit(0);
