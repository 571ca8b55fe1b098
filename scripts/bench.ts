/**
 * `npm run bench [-- --quick] [-- --rounds N] [-- --only <substring>]`: unipbx against a
 * hand-written raw `fetch` loop doing the same work (same paging, same JSON parsing) on the
 * same simulator, which runs in its own process. Every measured run is its own process too
 * (scripts/bench-runner.mjs, on the built package), so its client CPU time and peak RSS are
 * its own. Rounds alternate which side goes first; the table shows medians, the median of the
 * per-round ratios with its spread (min–max), client CPU and peak RSS. No assertions: the
 * machines are shared and noisy.
 */
import { execFileSync, fork, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, rounds: { type: 'string' }, only: { type: 'string' }, 'no-build': { type: 'boolean', default: false } } });
const quick = values.quick;
const rounds = Number(values.rounds) || (quick ? 3 : 7);
const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'unipbx-bench-'));
const CDRS = quick ? 100_000 : 1_000_000;
const SCALE = quick ? [1_000, 10_000, 20_000] : [1_000, 10_000, 100_000];

if (!values['no-build']) execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });

// ---- simulators, one process each, started on first use -----------------------------------
interface Sim {
  readonly url: string;
  readonly credentials: Record<string, string>;
  readonly cdrRange: { from: string; to: string };
  readonly process: ChildProcess;
}
const sims = new Map<string, Promise<Sim>>();
function sim(vendor: string, users: number, cdrs = 100): Promise<Sim> {
  const key = `${vendor}/${users}/${cdrs}`;
  let started = sims.get(key);
  if (!started) {
    started = new Promise<Sim>((resolve, reject) => {
      const child = fork(join(root, 'scripts/bench-server.ts'), [vendor, String(users), String(cdrs)], { execArgv: ['--import', 'tsx'] });
      child.once('message', (m) => resolve({ ...(m as Omit<Sim, 'process'>), process: child }));
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`simulator ${key} exited (${code})`)));
    });
    sims.set(key, started);
  }
  return started;
}
async function closeSims(): Promise<void> {
  for (const s of sims.values()) (await s).process.disconnect();
}

// ---- one measured run ----------------------------------------------------------------------
interface Run {
  readonly ms: number;
  readonly cpuMs: number;
  readonly maxRssMB: number;
  readonly items: number;
}
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function runner(spec: Record<string, unknown>): Run {
  const result = spawnSync(process.execPath, [join(root, 'scripts/bench-runner.mjs'), JSON.stringify(spec)], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.status !== 0) throw new Error(`runner ${JSON.stringify(spec)} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Run;
}

/** A whole child process, measured from outside (wall time; CPU and peak RSS via /usr/bin/time). */
function whole(command: string[], countLinesOf?: string): Run {
  const args = timeBin ? ['-f', '__TIME__ %e %U %S %M', ...command] : command;
  const started = performance.now();
  const result = spawnSync(timeBin ?? command[0]!, timeBin ? args : command.slice(1), { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${command.join(' ')} failed: ${result.stderr}`);
  const line = /__TIME__ (\S+) (\S+) (\S+) (\S+)/.exec(result.stderr);
  const items = countLinesOf ? countLines(countLinesOf) : 0;
  return { ms, cpuMs: line ? (Number(line[2]) + Number(line[3])) * 1000 : Number.NaN, maxRssMB: line ? Number(line[4]) / 1024 : Number.NaN, items };
}

/** Lines in a file, read in chunks (a million NDJSON lines do not fit in one string). */
function countLines(file: string): number {
  const fd = openSync(file, 'r');
  const buffer = Buffer.alloc(1 << 20);
  let lines = 0;
  try {
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
      for (let i = buffer.indexOf(10, 0); i !== -1 && i < read; i = buffer.indexOf(10, i + 1)) lines++;
    }
  } finally {
    closeSync(fd);
  }
  return lines;
}

// ---- statistics ----------------------------------------------------------------------------
const median = (v: readonly number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface Row {
  readonly name: string;
  readonly unit: 'ms' | 'rate';
  ours: Run[];
  theirs: Run[];
}

async function pair(name: string, ours: () => Run, theirs: () => Run, unit: Row['unit'] = 'ms'): Promise<Row> {
  const row: Row = { name, unit, ours: [], theirs: [] };
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      row.ours.push(ours());
      row.theirs.push(theirs());
    } else {
      row.theirs.push(theirs());
      row.ours.push(ours());
    }
    const [a, b] = [row.ours.at(-1)!, row.theirs.at(-1)!];
    if (a.items !== b.items) throw new Error(`${name}: unipbx saw ${a.items} items, raw ${b.items}`);
  }
  print(row);
  return row;
}

const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toFixed(digits) : '–');
function print(row: Row): void {
  const ratios = row.ours.map((o, i) => o.ms / row.theirs[i]!.ms);
  const items = row.ours[0]!.items;
  const ourMs = median(row.ours.map((r) => r.ms));
  const theirMs = median(row.theirs.map((r) => r.ms));
  const speed = row.unit === 'rate' ? ` ${fmt((items / ourMs) * 1000)} vs ${fmt((items / theirMs) * 1000)} items/s` : '';
  console.log(
    [
      row.name.padEnd(44),
      `${fmt(ourMs)} ms`.padStart(10),
      `${fmt(theirMs)} ms`.padStart(10),
      `${fmt(median(ratios), 2)}x`.padStart(7),
      `(${fmt(Math.min(...ratios), 2)}–${fmt(Math.max(...ratios), 2)})`.padStart(13),
      `${fmt(median(row.ours.map((r) => r.cpuMs)))}/${fmt(median(row.theirs.map((r) => r.cpuMs)))} ms`.padStart(16),
      `${fmt(median(row.ours.map((r) => r.maxRssMB)))}/${fmt(median(row.theirs.map((r) => r.maxRssMB)))} MB`.padStart(13),
    ].join(' ') + speed,
  );
}

const wanted = (name: string): boolean => !values.only || name.toLowerCase().includes(values.only.toLowerCase());

console.log(`unipbx vs raw fetch — ${rounds} alternating rounds per case, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), Node ${process.version}${quick ? ', --quick' : ''}`);
console.log(`${'case'.padEnd(44)} ${'unipbx'.padStart(10)} ${'raw'.padStart(10)} ${'ratio'.padStart(7)} ${'(spread)'.padStart(13)} ${'client CPU'.padStart(16)} ${'peak RSS'.padStart(13)}`);

try {
  for (const vendor of ['portsip', 'voipstudio']) {
    const name = `list 10,000 ${vendor} users`;
    if (!wanted(name)) continue;
    const s = await sim(vendor, 10_000);
    const spec = { case: 'list', vendor, url: s.url, credentials: s.credentials };
    await pair(name, () => runner({ ...spec, side: 'unipbx' }), () => runner({ ...spec, side: 'raw' }));
  }
  if (wanted('200 sequential users.get')) {
    const s = await sim('portsip', 10_000);
    const spec = { case: 'getSeq', vendor: 'portsip', url: s.url, credentials: s.credentials, n: 200 };
    await pair('200 sequential users.get', () => runner({ ...spec, side: 'unipbx' }), () => runner({ ...spec, side: 'raw' }));
  }
  if (wanted('100 concurrent users.get')) {
    const s = await sim('portsip', 10_000);
    const spec = { case: 'getConc', vendor: 'portsip', url: s.url, credentials: s.credentials, n: 100 };
    await pair('100 concurrent users.get (defaults)', () => runner({ ...spec, side: 'unipbx' }), () => runner({ ...spec, side: 'raw' }));
    await pair('100 concurrent users.get (maxConcurrent 100)', () => runner({ ...spec, side: 'unipbx', throttle: { maxConcurrent: 100 } }), () => runner({ ...spec, side: 'raw' }));
  }
  if (wanted('ky floor')) {
    // Not unipbx: the same raw loops sent through ky, to show the part of the ratio ky itself costs.
    const s = await sim('portsip', 10_000);
    const base = { vendor: 'portsip', url: s.url, credentials: s.credentials };
    await pair('ky floor: list 10,000 portsip users', () => runner({ ...base, case: 'list', side: 'ky' }), () => runner({ ...base, case: 'list', side: 'raw' }));
    await pair('ky floor: 200 sequential gets', () => runner({ ...base, case: 'getSeq', n: 200, side: 'ky' }), () => runner({ ...base, case: 'getSeq', n: 200, side: 'raw' }));
  }
  const cdrName = `${CDRS.toLocaleString('en')} CDRs to NDJSON`;
  if (wanted(`${cdrName}: cdrs.list()`) || wanted(`${cdrName}: unipbx cdrs export`)) {
    const s = await sim('portsip', 1_000, CDRS);
    const out = join(work, 'cdrs.ndjson');
    // Every seeded record: the simulator spreads them over the 30 days before its anchor and one after.
    const day = 86_400_000;
    const from = new Date(Math.floor(Date.parse(s.cdrRange.to) / day) * day - 45 * day).toISOString();
    const to = new Date(Math.floor(Date.now() / day) * day + 3 * day).toISOString();
    const spec = { case: 'cdrs', vendor: 'portsip', url: s.url, credentials: s.credentials, from, to, out };
    if (wanted(`${cdrName}: cdrs.list()`)) await pair(`${cdrName}: cdrs.list()`, () => runner({ ...spec, side: 'unipbx' }), () => runner({ ...spec, side: 'raw' }), 'rate');
    const { username, password } = s.credentials as { username: string; password: string };
    const cli = [process.execPath, 'dist/bundle/src/cli/main.js', '--vendor', 'portsip', '--base-url', s.url, '--cred', `username=${username}`, '--cred', `password=${password}`, '--no-progress', 'cdrs', 'export', '--from', from, '--to', to, '--out', out];
    if (wanted(`${cdrName}: unipbx cdrs export`)) await pair(`${cdrName}: unipbx cdrs export (process)`, () => whole(cli, out), () => whole([process.execPath, 'scripts/bench-runner.mjs', JSON.stringify({ ...spec, side: 'raw' })], out), 'rate');
  }
  if (wanted('cold import')) coldImport();
  if (wanted('cost per user')) await costPerUser();
} finally {
  await closeSims();
  rmSync(work, { recursive: true, force: true });
}

/**
 * Cold `import('unipbx/portsip')` vs the cold import of the runtime dependencies it needs, over
 * bare node. Two readings per run: the whole process as a user waits for it (spawn to exit), and
 * inside the process, the time from its start to the import done (no spawn or exit noise), with
 * the process's CPU time.
 */
function coldImport(): void {
  const variants: Record<string, string> = {
    bare: '0',
    'zod + ky': "await Promise.all([import('zod'), import('ky')])",
    'unipbx/portsip': "await import('unipbx/portsip')",
  };
  const report = "; process.stdout.write(JSON.stringify({ ms: performance.now(), cpu: process.cpuUsage() }))";
  const names = Object.keys(variants);
  const whole = new Map(names.map((name) => [name, [] as number[]]));
  const inside = new Map(names.map((name) => [name, [] as number[]]));
  const cpu = new Map(names.map((name) => [name, [] as number[]]));
  const n = Math.max(rounds * 3, 9);
  for (let i = 0; i < n; i++) {
    for (const name of i % 2 ? [...names].reverse() : names) {
      const started = performance.now();
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', variants[name] + report], { cwd: root, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${name}: ${r.stderr}`);
      whole.get(name)!.push(performance.now() - started);
      const { ms, cpu: used } = JSON.parse(r.stdout) as { ms: number; cpu: { user: number; system: number } };
      inside.get(name)!.push(ms);
      cpu.get(name)!.push((used.user + used.system) / 1000);
    }
  }
  const over = (by: Map<string, number[]>, name: string) => median(by.get(name)!) - median(by.get('bare')!);
  const line = (label: string, by: Map<string, number[]>) => `${label} +${fmt(over(by, 'unipbx/portsip'))} ms vs zod + ky +${fmt(over(by, 'zod + ky'))} ms: difference ${fmt(over(by, 'unipbx/portsip') - over(by, 'zod + ky'))} ms`;
  console.log(`${'cold import over bare node'.padEnd(44)} ${line('process', whole)}; ${line('in process', inside)}; ${line('CPU', cpu)} (bare node ${fmt(median(whole.get('bare')!))} ms; ${n} alternating runs)`);
}

/** Client CPU per user listed, at several collection sizes (flat means O(1) per user). */
async function costPerUser(): Promise<void> {
  const parts: string[] = [];
  for (const users of SCALE) {
    const s = await sim('portsip', users);
    const spec = { case: 'list', vendor: 'portsip', url: s.url, credentials: s.credentials };
    const ours: number[] = [];
    const theirs: number[] = [];
    const walls: number[] = [];
    for (let i = 0; i < Math.max(3, Math.ceil(rounds / 2)); i++) {
      const [a, b] = i % 2 ? [runner({ ...spec, side: 'raw' }), runner({ ...spec, side: 'unipbx' })].reverse() : [runner({ ...spec, side: 'unipbx' }), runner({ ...spec, side: 'raw' })];
      ours.push((a!.cpuMs * 1000) / a!.items);
      theirs.push((b!.cpuMs * 1000) / b!.items);
      walls.push(a!.ms / b!.ms);
    }
    parts.push(`${users.toLocaleString('en')}: ${fmt(median(ours), 1)} µs (raw ${fmt(median(theirs), 1)}, wall ${fmt(median(walls), 2)}x)`);
    (await sims.get(`portsip/${users}/100`)!).process.disconnect();
    sims.delete(`portsip/${users}/100`);
  }
  console.log(`${'client CPU per user listed'.padEnd(44)} ${parts.join('; ')}`);
}

