/**
 * One measured run of one side of one benchmark case, in its own process (so its CPU time and
 * peak RSS are its own): `node scripts/bench-runner.mjs '<json>'`. Uses the built package as
 * published (`unipbx`, the bundle in dist/bundle/). Prints one JSON line: { ms, cpuMs,
 * maxRssMB, items }. Plain JavaScript: no TypeScript loader in the measured process.
 */
import { createWriteStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { once } from 'node:events';

const spec = JSON.parse(process.argv[2]);
const { vendor, url, credentials } = spec;

async function client() {
  const { createPbx } = await import('unipbx');
  const pbx = createPbx({ vendor, baseUrl: url, credentials, ...(spec.throttle ? { throttle: spec.throttle } : {}) });
  await pbx.users.list({ pageSize: 1 }).page(); // logged in, warm
  return pbx;
}

/** The raw baseline: what an integrator writes by hand with fetch, doing the same paging and parsing. */
async function rawSession() {
  if (vendor === 'portsip') {
    const res = await fetch(`${url}/api/auth/sign_in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(credentials) });
    const token = (await res.json()).access_token;
    const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
    return {
      headers,
      async page(path, offset, size, extra = '') {
        const res = await fetch(`${url}/api/${path}?${extra}skip=${offset}&top=${size}`, { headers });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const body = await res.json();
        return { items: body.items, total: body.count };
      },
      pageSize: 100,
      get: (id) => fetch(`${url}/api/users/${encodeURIComponent(id)}`, { headers }).then((r) => r.json()),
    };
  }
  const res = await fetch(`${url}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(credentials) });
  const token = (await res.json()).user_token;
  const headers = { 'x-auth-token': token, accept: 'application/json' };
  return {
    headers,
    async page(path, offset, size, extra = '') {
      const res = await fetch(`${url}/${path}?${extra}page=${offset / size + 1}&limit=${size}`, { headers });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = await res.json();
      return { items: body.data, total: body.total };
    },
    pageSize: 200,
    get: (id) => fetch(`${url}/users/${encodeURIComponent(id)}`, { headers }).then((r) => r.json()),
  };
}

/**
 * The floor ky itself sets: the same raw loop, but every request through a ky instance
 * configured as the kernel's (prefix URL, no retries, no timeout, no throwing).
 */
async function kySession() {
  const { default: ky } = await import('ky');
  const raw = await rawSession();
  const api = ky.create({ prefixUrl: `${url}/api/`, retry: 0, timeout: false, throwHttpErrors: false, redirect: 'manual', headers: raw.headers });
  return {
    ...raw,
    async page(path, offset, size, extra = '') {
      const res = await api(`${path}?${extra}skip=${offset}&top=${size}`);
      const body = await res.json();
      return { items: body.items, total: body.count };
    },
    get: (id) => api(`users/${encodeURIComponent(id)}`).then((r) => r.json()),
  };
}

const session = (side) => (side === 'ky' ? kySession() : rawSession());

async function rawAll(session, path, extra) {
  const out = [];
  for (let offset = 0; ; offset += session.pageSize) {
    const { items, total } = await session.page(path, offset, session.pageSize, extra);
    for (const item of items) out.push(item);
    if (items.length === 0 || offset + items.length >= total) return out;
  }
}

/** Writes lines to `file` honouring backpressure. */
function ndjsonWriter(file) {
  const stream = createWriteStream(file);
  return {
    async write(text) {
      if (!stream.write(text)) await once(stream, 'drain');
    },
    end: () => new Promise((resolve) => stream.end(resolve)),
  };
}

const cases = {
  async list(side) {
    if (side === 'unipbx') {
      const pbx = await client();
      return () => pbx.users.list().toArray().then((a) => a.length);
    }
    const s = await session(side);
    return () => rawAll(s, 'users').then((a) => a.length);
  },
  async getSeq(side) {
    const n = spec.n ?? 200;
    if (side === 'unipbx') {
      const pbx = await client();
      const [first] = await pbx.users.list({ pageSize: 1 }).toArray({ max: 1 });
      return async () => {
        for (let i = 0; i < n; i++) await pbx.users.get(first.id);
        return n;
      };
    }
    const s = await session(side);
    const id = (await s.page('users', 0, 1)).items[0].id;
    return async () => {
      for (let i = 0; i < n; i++) await s.get(String(id));
      return n;
    };
  },
  async getConc(side) {
    const n = spec.n ?? 100;
    if (side === 'unipbx') {
      const pbx = await client();
      const users = await pbx.users.list().toArray({ max: n });
      return () => Promise.all(users.map((u) => pbx.users.get(u.id))).then((a) => a.length);
    }
    const s = await session(side);
    // One page of n, as the unipbx side reads them (a whole listing would warm the raw side up more).
    const { items: users } = await s.page('users', 0, n);
    return () => Promise.all(users.map((u) => s.get(String(u.id)))).then((a) => a.length);
  },
  async cdrs(side) {
    const from = new Date(spec.from);
    const to = new Date(spec.to);
    const out = ndjsonWriter(spec.out);
    if (side === 'unipbx') {
      const pbx = await client();
      // As docs/performance.md advises for writing records out: toJsonRecord (dates as text, no `raw`).
      const { toJsonRecord } = await import('unipbx');
      return async () => {
        let n = 0;
        for await (const page of pbx.cdrs.list({ from, to, pageSize: 100 }).pages()) {
          let chunk = '';
          for (const cdr of page.items) chunk += `${JSON.stringify(toJsonRecord(cdr))}\n`;
          await out.write(chunk);
          n += page.items.length;
        }
        await out.end();
        return n;
      };
    }
    const s = await session(side);
    const iso = (d) => d.toISOString().replace('.000Z', 'Z');
    const extra = `filter=${encodeURIComponent(`started_at ge '${iso(from)}' and started_at lt '${iso(to)}'`)}&orderby=${encodeURIComponent('started_at asc')}&`;
    return async () => {
      let n = 0;
      for (let offset = 0; ; offset += 100) {
        const { items, total } = await s.page('cdrs', offset, 100, extra);
        let chunk = '';
        for (const item of items) chunk += `${JSON.stringify(item)}\n`;
        await out.write(chunk);
        n += items.length;
        if (items.length === 0 || offset + items.length >= total) break;
      }
      await out.end();
      return n;
    };
  },
};

const prepare = cases[spec.case];
if (!prepare) throw new Error(`unknown case ${spec.case}`);
// `loaded: true` runs a raw (or ky) side with unipbx imported and a client logged in but idle: its
// live heap alone, not its work, is then the difference (see docs/performance.md, peak RSS).
const loaded = spec.loaded && spec.side !== 'unipbx' ? await client() : undefined;
const run = await prepare(spec.side);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const items = await run();
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024, items, ...(loaded ? { loaded: true } : {}) }));
process.exit(0);
