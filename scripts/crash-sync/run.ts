/**
 * The sync crash run: `unipbx cdrs sync --follow` as a child process against a live simulator
 * with injected faults, killed with SIGKILL at random moments and restarted, then finished
 * with a clean run; the stored CDRs are compared with the simulator's own records.
 * Used by test/sync/crash-*.test.ts (in `npm test`) and `npm run crash:sync`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { seededRandom } from '../../core/sim/random.js';
import { FAULT_KINDS, startSimulator } from '../../src/simulator.js';

export const CLI = fileURLToPath(new URL('../../dist/bundle/src/cli/main.js', import.meta.url));

export interface CrashRunOptions {
  readonly vendor: 'portsip' | 'voipstudio';
  readonly sink: 'file' | 'postgres';
  /** Required for the postgres sink. */
  readonly postgresUrl?: string;
  /** SIGKILLs (default 10). */
  readonly kills?: number;
  /** Share of requests that get a fault (default 0.2). */
  readonly faultRate?: number;
  readonly seed?: number;
  /** Early kills come after a random 300 ms … this many ms of the child's life (default 4000). */
  readonly maxLifeMs?: number;
  readonly log?: (line: string) => void;
}

export interface CrashReport {
  readonly vendor: string;
  readonly sink: string;
  readonly kills: number;
  /** Kills that hit a run after some data had been stored. */
  readonly killsAfterData: number;
  /** CDRs the simulator holds (seeded and live). */
  readonly truth: number;
  /** Rows / lines stored. */
  readonly stored: number;
  readonly lost: number;
  readonly duplicated: number;
  /** Stored CDRs the simulator does not hold (must be 0). */
  readonly unknown: number;
  readonly faultsInjected: number;
  /** Requests the killed runs sent (faults were injected into these). */
  readonly requests: number;
  readonly seconds: number;
}

const credentialArgs = (credentials: unknown): string[] =>
  Object.entries(credentials as Record<string, string>).flatMap(([key, value]) => ['--cred', `${key}=${value}`]);

async function storedIds(options: CrashRunOptions, out: string, pbx: string): Promise<string[]> {
  if (options.sink === 'file') {
    if (!existsSync(out)) return [];
    return readFileSync(out, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => (JSON.parse(line) as { id: string }).id);
  }
  const client = new pg.Client({ connectionString: options.postgresUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>('SELECT id FROM unipbx_cdrs WHERE vendor = $1 AND pbx = $2', [options.vendor, pbx]);
    return rows.map((r) => r.id);
  } finally {
    await client.end();
  }
}

export async function runSyncCrash(options: CrashRunOptions): Promise<CrashReport> {
  const started = Date.now();
  const seed = options.seed ?? 1;
  const kills = options.kills ?? 10;
  const random = seededRandom(seed * 7919);
  const log = options.log ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'unipbx-crash-'));
  const out = join(dir, 'cdrs.ndjson');
  const state = join(dir, 'state.json');
  const pbx = `crash-${options.vendor}-${seed}-${started}`;
  const sim = await startSimulator(options.vendor, {
    seed,
    users: 30,
    cdrs: 200,
    live: { callsPerMinute: 600, agentChangesPerMinute: 0, userEditsPerMinute: 0, maxCallSeconds: 20, tickMs: 50 },
    faults: { rules: [{ rate: options.faultRate ?? 0.2, kinds: FAULT_KINDS }], seed, delayMs: 200, retryAfterSeconds: 1 },
  });
  const sinkArgs = options.sink === 'file' ? ['--state', state, '--out', out] : ['--into', options.postgresUrl!];
  const args = (follow: boolean) => [
    CLI, '--vendor', options.vendor, '--base-url', sim.url, ...credentialArgs(sim.credentials),
    // With --follow, --timeout bounds each request; a one-off run is bounded as a whole (generously: a busy machine).
    '--timeout', follow ? '2000' : '300000',
    'cdrs', 'sync', ...sinkArgs, '--pbx', pbx, '--from', new Date(started - 40 * 86_400_000).toISOString(),
    '--overlap-ms', '120000', '--page-size', '10', ...(follow ? ['--follow', '--interval-ms', '100'] : []),
  ];
  const env = { PATH: process.env['PATH'] ?? '', HOME: dir, NO_COLOR: '1' };
  const storedCount = async () => (await storedIds(options, out, pbx).catch(() => [])).length;
  /** Runs the CLI; `killWhen` resolves when to SIGKILL it (default: a 120 s safety net). */
  const runChild = (follow: boolean, killWhen?: () => Promise<void>) =>
    new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, args(follow), { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      let ended = false;
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      void killWhen?.().then(() => !ended && child.kill('SIGKILL'));
      child.once('error', reject);
      child.once('close', (code, signal) => {
        ended = true;
        clearTimeout(timer);
        resolve({ code, signal, stderr });
      });
    });
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  /** Resolves once more CDRs are stored than `before` (bounded), so the kill lands while the sync is writing. */
  const progress = async (before: number) => {
    for (let waited = 0; waited < 15_000 && (await storedCount()) <= before; waited += 50) await pause(50);
  };

  try {
    let killsAfterData = 0;
    let done = 0;
    for (let attempt = 0; done < kills && attempt < kills * 3; attempt++) {
      const before = await storedCount();
      // Every other run is killed at a random moment of its life (start-up included); the others
      // a random 0–400 ms after they stored something (in the middle of syncing).
      const early = attempt % 2 === 0;
      const delayMs = early ? 300 + Math.floor(random() * ((options.maxLifeMs ?? 4000) - 300)) : Math.floor(random() * 400);
      const result = await runChild(true, async () => {
        if (!early) await progress(before);
        await pause(delayMs);
      });
      if (result.signal !== 'SIGKILL') throw new Error(`sync ended by itself (code ${result.code}) instead of being killed: ${result.stderr.slice(0, 500)}`);
      done++;
      if (before > 0 || (await storedCount()) > before) killsAfterData++;
      log(`kill ${done}/${kills} ${early ? `after ${delayMs} ms` : `${delayMs} ms after new data`}`);
    }
    // The PBX stops changing; a clean run (no faults) collects what is left.
    sim.live!.stop();
    const stats = sim.faults!.stats;
    const requests = sim.requestCount();
    sim.faults!.configure({ rules: [] });
    const final = await runChild(false);
    if (final.code !== 0) throw new Error(`final sync failed (code ${final.code}): ${final.stderr.slice(0, 1000)}`);
    const truth = new Set(sim.live!.cdrIds());
    const stored = await storedIds(options, out, pbx);
    const unique = new Set(stored);
    return {
      vendor: options.vendor,
      sink: options.sink,
      kills: done,
      killsAfterData,
      truth: truth.size,
      stored: stored.length,
      lost: [...truth].filter((id) => !unique.has(id)).length,
      duplicated: stored.length - unique.size,
      unknown: [...unique].filter((id) => !truth.has(id)).length,
      faultsInjected: Object.values(stats.injected).reduce((a, b) => a + b, 0),
      requests,
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
