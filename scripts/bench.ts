/**
 * `npm run bench`: unipbx against a hand-written raw `fetch` loop doing the same work on the
 * same loopback simulator (running in its own process), measured side by side in one run:
 * rounds alternate A/B so machine noise hits both alike. Reports medians and the ratio; no
 * assertions — the machines are shared and noisy.
 *
 *   npm run bench [-- --rounds 15]
 */
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createPortSip } from '../adapters/portsip/index.js';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 11;
const server = fork(new URL('./bench-server.ts', import.meta.url), { execArgv: ['--import', 'tsx'] });
const sim = await new Promise<{ url: string; credentials: { username: string; password: string } }>((resolve, reject) => {
  server.once('message', (message) => resolve(message as { url: string; credentials: { username: string; password: string } }));
  server.once('error', reject);
});
const { username, password } = sim.credentials;

/** The raw baseline: what an integrator would write by hand with fetch. */
async function rawToken(): Promise<string> {
  const res = await fetch(`${sim.url}/api/auth/sign_in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  return ((await res.json()) as { access_token: string }).access_token;
}

async function rawPages(token: string, path: string, query: string): Promise<number> {
  let count = 0;
  for (let skip = 0; ; skip += 100) {
    const res = await fetch(`${sim.url}/api/${path}?${query}${query ? '&' : ''}skip=${skip}&top=100`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const body = (await res.json()) as { count: number; items: unknown[] };
    count += body.items.length;
    if (body.items.length === 0 || skip + body.items.length >= body.count) return count;
  }
}

const pbx = createPortSip({ baseUrl: sim.url, credentials: { username, password } });
const token = await rawToken();
await pbx.users.list().page(); // both sides logged in before timing

const today = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
const from = new Date(today.getTime() - 30 * 86_400_000);
const range = `filter=${encodeURIComponent(`started_at ge '${from.toISOString().replace('.000Z', 'Z')}' and started_at lt '${today.toISOString().replace('.000Z', 'Z')}'`)}&orderby=${encodeURIComponent('started_at asc')}`;

interface Case {
  readonly name: string;
  unipbx(): Promise<number>;
  raw(): Promise<number>;
}

const cases: Case[] = [
  {
    name: 'list 250 users (3 pages)',
    unipbx: async () => (await pbx.users.list({ pageSize: 100 }).toArray()).length,
    raw: () => rawPages(token, 'users', ''),
  },
  {
    name: 'page ~4,800 CDRs of 30 days (49 pages)',
    unipbx: async () => {
      let n = 0;
      for await (const _ of pbx.cdrs.list({ from, to: today, pageSize: 100 })) n++;
      return n;
    },
    raw: () => rawPages(token, 'cdrs', range),
  },
  {
    name: 'get one user x 200 (sequential)',
    unipbx: async () => {
      const [first] = await pbx.users.list({ pageSize: 1 }).toArray({ max: 1 });
      for (let i = 0; i < 200; i++) await pbx.users.get(first!.id);
      return 200;
    },
    raw: async () => {
      const res = await fetch(`${sim.url}/api/users?skip=0&top=1`, { headers: { authorization: `Bearer ${token}` } });
      const id = ((await res.json()) as { items: Array<{ id: string }> }).items[0]!.id;
      for (let i = 0; i < 200; i++) {
        const r = await fetch(`${sim.url}/api/users/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${token}` } });
        await r.json();
      }
      return 200;
    },
  },
];

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function time(fn: () => Promise<number>): Promise<{ ms: number; items: number }> {
  const start = performance.now();
  const items = await fn();
  return { ms: performance.now() - start, items };
}

console.log(`unipbx vs raw fetch, PortSIP simulator on ${sim.url}, ${rounds} alternating rounds each (medians)\n`);
console.log(`${'case'.padEnd(40)} ${'unipbx'.padStart(10)} ${'raw fetch'.padStart(10)} ${'ratio'.padStart(7)}`);
for (const c of cases) {
  const [a, b] = [await time(c.unipbx), await time(c.raw)]; // warm-up, and a check that both did the same work
  if (a.items !== b.items) throw new Error(`${c.name}: unipbx saw ${a.items} items, raw fetch ${b.items}`);
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      ours.push((await time(c.unipbx)).ms);
      theirs.push((await time(c.raw)).ms);
    } else {
      theirs.push((await time(c.raw)).ms);
      ours.push((await time(c.unipbx)).ms);
    }
  }
  const [u, r] = [median(ours), median(theirs)];
  console.log(`${c.name.padEnd(40)} ${`${u.toFixed(1)} ms`.padStart(10)} ${`${r.toFixed(1)} ms`.padStart(10)} ${`${(u / r).toFixed(2)}x`.padStart(7)}`);
}
await pbx.close();
server.disconnect();
