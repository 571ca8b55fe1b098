/**
 * Waiting is visible and bounded: against a PBX that accepts connections and never answers,
 * --timeout ends the whole command (sign-in included) with a clear message, and on a
 * terminal a status line shows what the command waits for (never on a pipe).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { VENDORS, VENDOR_IDS } from '../../src/index.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { StatusLine } from '../../src/cli/status.js';
import { CLI, cleanEnv, killLeftovers, removeDir, run, tempDir } from './support.js';

vi.setConfig({ testTimeout: 60_000 });
afterAll(killLeftovers);

/** A loopback server that accepts every connection and never says a word. */
let silent: Server;
let url: string;
const sockets = new Set<Socket>();
let home: string;
beforeAll(async () => {
  home = tempDir();
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
  for (const vendor of VENDOR_IDS) {
    const instance = ((await VENDORS[vendor].loadSimulator()) as (options: object) => { credentials: object })({ seed: 1, users: 2, cdrs: 0 });
    credentials.set(vendor, Object.entries(instance.credentials).flatMap(([key, value]) => ['--cred', `${key}=${String(value)}`]));
  }
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
  removeDir(home);
});

/** Credentials of the vendor's shape (a simulator's), sent to the silent server. */
const credentials = new Map<string, string[]>();
const connection = (vendor: string) => ['--vendor', vendor, '--base-url', url, ...(credentials.get(vendor) ?? [])];

describe('--timeout bounds the whole command', () => {
  it.each(VENDOR_IDS)('%s: a PBX that never answers: exit 7 near the timeout, with a clear message', async (vendor) => {
    const started = Date.now();
    const result = await run([...connection(vendor), '--timeout', '1500', 'users', 'list'], { env: cleanEnv(home), timeoutMs: 30_000 });
    const elapsed = Date.now() - started;
    expect(result.code, result.stderr).toBe(EXIT.UNREACHABLE);
    expect(result.stderr).toContain('unipbx: no answer within --timeout 1500 ms (unipbx users list)');
    expect(result.stderr).toMatch(/hint: is the PBX reachable at http:\/\/127\.0\.0\.1:\d+ and answering\?/);
    // Not a benchmark: a bound far above 1.5 s that the earlier behaviour (each attempt timing out in turn) did not keep.
    expect(elapsed).toBeLessThan(12_000);
    // No status line on a pipe.
    expect(result.stderr).not.toMatch(/waiting for the PBX/);
  });
});

describe('status line', () => {
  const sink = (isTTY: boolean) => {
    let text = '';
    const stream = Object.assign(
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          text += chunk.toString();
          done();
        },
      }),
      { isTTY },
    );
    return { stream, text: () => text };
  };
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('appears on a terminal after the wait, clears itself on stop; never on a pipe or when disabled', async () => {
    const tty = sink(true);
    const pipe = sink(false);
    const quiet = sink(true);
    const lines = [new StatusLine(tty.stream, true, { afterMs: 50, everyMs: 10 }), new StatusLine(pipe.stream, true, { afterMs: 50, everyMs: 10 }), new StatusLine(quiet.stream, false, { afterMs: 50, everyMs: 10 })];
    for (const line of lines) line.start('waiting for the PBX');
    await wait(20);
    expect(tty.text()).toBe(''); // not before the wait
    await wait(200);
    for (const line of lines) line.stop();
    expect(tty.text()).toMatch(/^\r\x1b\[K. waiting for the PBX \(0 s\)/);
    expect(tty.text().endsWith('\r\x1b[K')).toBe(true);
    expect(pipe.text()).toBe('');
    expect(quiet.text()).toBe('');
  });

  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.runIf(hasScript)('the real command on a pseudo-terminal shows it while it waits', async () => {
    const command = [process.execPath, CLI, ...connection(VENDOR_IDS[0]!), '--timeout', '2500', 'users', 'list'].map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: cleanEnv(home), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(out).toMatch(/waiting for the PBX at http:\/\/127\.0\.0\.1:\d+ \(\d s\)/);
    expect(out).toContain('no answer within --timeout 2500 ms');
    expect(code).toBe(EXIT.UNREACHABLE);
  });
});
