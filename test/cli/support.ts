/**
 * Driving the `unipbx` command line as a real process: `node dist/bundle/src/cli/main.js` (the
 * bundled CLI the bin runs, built before the tests run) with a clean environment, a temporary HOME and config file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPbx, type CreatePbxOptions, type PbxClient } from '../../src/index.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator.js';
import type { VendorId } from '../../src/registry.js';

export const CLI = fileURLToPath(new URL('../../dist/bundle/src/cli/main.js', import.meta.url));

export interface Result {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

// Each process loads the whole library: run a few at a time, not dozens.
const LIMIT = Math.max(2, Math.min(6, availableParallelism() + 1));
let active = 0;
const waiting: Array<() => void> = [];
async function slot<T>(body: () => Promise<T>): Promise<T> {
  if (active >= LIMIT) await new Promise<void>((resolve) => waiting.push(resolve));
  active++;
  try {
    return await body();
  } finally {
    active--;
    waiting.shift()?.();
  }
}

/** A temporary directory, removed by the returned cleanup. */
export function tempDir(prefix = 'unipbx-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * A clean environment: PATH, a temporary HOME (so nothing reads or writes the real
 * ~/.config/unipbx) and no inherited UNIPBX_* variables.
 */
export function cleanEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env['PATH'] ?? '', HOME: home, NO_COLOR: '1', ...extra };
}

export interface RunOptions {
  readonly env: Record<string, string>;
  readonly cwd?: string;
  readonly timeoutMs?: number;
}

const children = new Set<ChildProcess>();

/** Spawns the CLI (no slot; for long-running processes the caller controls). */
export function spawnCli(args: readonly string[], options: RunOptions): ChildProcess {
  const child = spawn(process.execPath, [CLI, ...args], { env: options.env, cwd: options.cwd ?? process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('close', () => children.delete(child));
  return child;
}

/** Kills the CLI processes still running (after a failed test), so none outlives the suite. */
export function killLeftovers(): void {
  for (const child of children) child.kill('SIGKILL');
}

/** Runs the CLI to completion. */
export function run(args: readonly string[], options: RunOptions): Promise<Result> {
  return slot(
    () =>
      new Promise<Result>((resolve, reject) => {
        const child = spawnCli(args, options);
        let stdout = '';
        let stderr = '';
        child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
        child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`unipbx ${args.join(' ')} did not finish in ${options.timeoutMs ?? 30_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
        }, options.timeoutMs ?? 30_000);
        child.on('error', reject);
        child.on('close', (code, signal) => {
          clearTimeout(timer);
          resolve({ code, signal, stdout, stderr });
        });
      }),
  );
}

/** Collects a running child's output and resolves once `predicate` holds for it. */
export function outputOf(child: ChildProcess): { stdout: () => string; stderr: () => string; until(predicate: (stdout: string, stderr: string) => boolean, timeoutMs?: number): Promise<void> } {
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const l of listeners) l();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const l of listeners) l();
  });
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    until(predicate, timeoutMs = 20_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (predicate(stdout, stderr)) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for output\nstdout: ${stdout}\nstderr: ${stderr}`));
        }, timeoutMs);
        listeners.add(check);
        child.once('close', () => {
          if (listeners.has(check)) {
            listeners.delete(check);
            clearTimeout(timer);
            reject(new Error(`process ended first (code ${child.exitCode})\nstdout: ${stdout}\nstderr: ${stderr}`));
          }
        });
        check();
      });
    },
  };
}

/** Resolves with the exit code / signal once the child has ended. */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
}

/** Small simulators: fast to seed, enough data for several pages. */
export const SMALL: SimulatorOptions = { seed: 11, users: 30, cdrs: 300 };

export interface Sim {
  readonly vendor: VendorId;
  readonly sim: RunningSimulator<unknown>;
  /** A library client on the same simulator: the oracle the CLI's output is compared with. */
  readonly client: PbxClient;
  close(): Promise<void>;
}

export async function startSim(vendor: VendorId, options: SimulatorOptions = SMALL): Promise<Sim> {
  const sim = await startSimulator(vendor, options);
  const client = createPbx({ vendor, baseUrl: sim.url, credentials: sim.credentials } as CreatePbxOptions);
  return {
    vendor,
    sim,
    client,
    async close() {
      await client.close().catch(() => undefined);
      await sim.close();
    },
  };
}

/** Writes a config file with a profile per simulator; returns its path. */
export function writeConfig(dir: string, profiles: Record<string, Sim>, extra: Record<string, unknown> = {}): string {
  const path = join(dir, 'config.json');
  const entries = Object.entries(profiles).map(([name, s]) => [name, { vendor: s.vendor, baseUrl: s.sim.url, credentials: s.sim.credentials }]);
  writeFileSync(path, JSON.stringify({ profiles: { ...Object.fromEntries(entries), ...extra } }, null, 2));
  return path;
}

/** Parses NDJSON output. */
export function ndjson(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);
}

/** JSON as the CLI prints it (dates as ISO strings): for comparing library objects with CLI output. */
export function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'raw' ? undefined : v))) as unknown;
}
