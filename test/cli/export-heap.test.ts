/**
 * `cdrs export` bounds how far V8 lets the old generation grow between full GCs
 * (`EXPORT_HEAP_GROWING_PERCENT`, issue 10: peak RSS of a 1,000,000-record export). The effect on
 * memory is measured by `npm run bench`, never asserted here; this checks that the export's
 * process really runs with the bound: V8's `--trace-gc-verbose` prints the growing factor it
 * applies after each full GC, and `--gc-global` makes every GC a full one so that the export's
 * own GCs print it.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXPORT_HEAP_GROWING_PERCENT } from '../../src/cli/commands/cdrs.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { CLI, cleanEnv, removeDir, startSim, tempDir, writeConfig, type Sim } from './support.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

/** Runs the CLI under V8's GC tracing; resolves with its exit code and stdout (where V8 prints). */
function traced(args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--trace-gc-verbose', '--gc-global', CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * The growing factors V8 applied after each full GC, in order. V8 11 (Node 20) prints the applied
 * factor on its `Limit:` line; later versions print it on the `factor … based on` line instead.
 */
function factors(trace: string): number[] {
  const limits = [...trace.matchAll(/\[HeapController\] Limit: [^\n]*\(([\d.]+)\)/g)];
  const lines = limits.length > 0 ? limits : [...trace.matchAll(/\[HeapController\] factor ([\d.]+) based on/g)];
  return lines.map((m) => Number(m[1]));
}

describe('cdrs export and the heap', () => {
  let dir: string;
  let sim: Sim;
  let env: Record<string, string>;
  let range: string[];

  beforeAll(async () => {
    dir = tempDir();
    sim = await startSim('portsip', { seed: 5, users: 10, cdrs: 2_000 });
    env = cleanEnv(dir, { UNIPBX_CONFIG: writeConfig(dir, { a: sim }) });
    range = ['--from', '2000-01-01', '--to', '2100-01-01']; // every record
  });
  afterAll(async () => {
    await sim?.close();
    removeDir(dir);
  });

  it(`runs with the old generation's growth bounded to ${EXPORT_HEAP_GROWING_PERCENT} %`, async () => {
    const result = await traced(['--profile', 'a', '--no-progress', 'cdrs', 'export', ...range, '--out', join(dir, 'calls.ndjson')], env);
    expect(result.code, result.stderr).toBe(EXIT.OK);
    expect(result.stdout).toContain('exported 2000 call records');
    const applied = factors(result.stdout);
    // V8 picks its own factor while the CLI starts (up to 4.0); the export's last full GCs use the bound.
    expect(applied.length).toBeGreaterThan(0);
    expect(applied.at(-1)).toBe(Number((1 + EXPORT_HEAP_GROWING_PERCENT / 100).toFixed(1)));
    expect(applied.some((f) => f !== applied.at(-1))).toBe(true); // not V8's default by chance
  });
});
