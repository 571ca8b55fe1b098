/**
 * The CLI loads what a command uses (issue 10): nothing of any vendor, zod or ky for help and
 * the version; the one vendor's adapter for a command that talks to that vendor or shows its
 * capabilities; sinks, provisioning and simulators only with the commands that use them.
 * Each run is a real process (the bundled CLI the bin runs) whose loaded files are logged
 * (module-log.mjs); a file of the bundle counts as the sources it holds (bundledSources).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BUILTIN_VENDOR_IDS } from '../../src/registry.js';
import { bundledSources } from '../support/bundle.js';
import { CLI, cleanEnv, removeDir, startSim, tempDir, writeConfig, type Sim } from './support.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const MODULE_LOG = fileURLToPath(new URL('./module-log.mjs', import.meta.url));

/** Runs the CLI with its module loads logged; resolves with the exit code and the URLs of the sources loaded. */
async function loaded(args: readonly string[], env: Record<string, string>, log: string): Promise<{ code: number | null; stderr: string; modules: string[] }> {
  const child = spawn(process.execPath, ['--import', MODULE_LOG, CLI, ...args], { env: { ...env, UNIPBX_MODULE_LOG: log }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', resolve));
  return { code, stderr, modules: readFileSync(log, 'utf8').split('\n').filter(Boolean).flatMap((url) => (url.startsWith('file:') ? bundledSources(url) : [url])) };
}

const under = (modules: readonly string[], pattern: RegExp): string[] => modules.filter((url) => pattern.test(url));
const VENDOR_CODE = /\/dist\/adapters\//;
const LIBRARIES = /\/node_modules\/(zod|ky|hono|ajv|pg|yaml|standardwebhooks|cli-table3)\//;
const COMMAND_CODE = /\/dist\/(src\/(sinks|provisioning|simulator)|core\/(sim|client|vendor|http\/kernel))[./]/;

describe('what the CLI loads', () => {
  let dir: string;
  let env: Record<string, string>;
  let sim: Sim;
  let runs = 0;
  const run = (args: readonly string[]) => loaded(args, env, join(dir, `modules-${++runs}.log`));

  beforeAll(async () => {
    dir = tempDir();
    sim = await startSim(BUILTIN_VENDOR_IDS[0]!);
    env = cleanEnv(dir, { UNIPBX_CONFIG: writeConfig(dir, { one: sim }) });
  });
  afterAll(async () => {
    await sim?.close();
    removeDir(dir);
  });

  it('--help, --version and a command\'s help load no vendor, zod, ky or command internals', async () => {
    for (const args of [['--help'], ['--version'], ['users', '--help'], ['cdrs', 'sync', '--help']]) {
      const { code, modules } = await run(args);
      expect(code, args.join(' ')).toBe(0);
      expect(modules.some((url) => url.endsWith('/dist/src/cli/main.js'))).toBe(true);
      expect(under(modules, VENDOR_CODE), args.join(' ')).toEqual([]);
      expect(under(modules, LIBRARIES), args.join(' ')).toEqual([]);
      expect(under(modules, COMMAND_CODE), args.join(' ')).toEqual([]);
    }
  });

  it('a command that talks to a PBX loads that vendor\'s adapter only, and no sink, provisioning or simulator', async () => {
    const [vendor] = BUILTIN_VENDOR_IDS;
    const { code, stderr, modules } = await run(['--profile', 'one', 'users', 'list', '--json']);
    expect(code, stderr).toBe(0);
    const folders = new Set(under(modules, VENDOR_CODE).map((url) => /\/dist\/adapters\/([^/]+)\//.exec(url)![1]));
    expect([...folders]).toEqual([vendor]);
    expect(under(modules, /\/dist\/(src\/(sinks|provisioning|simulator)|core\/sim)[./]/)).toEqual([]);
    expect(under(modules, /\/node_modules\/cli-table3\//), 'JSON output draws no table').toEqual([]);
  });

  it('capabilities VENDOR loads that vendor only; capabilities all loads each', async () => {
    for (const vendor of BUILTIN_VENDOR_IDS) {
      const { code, stderr, modules } = await run(['capabilities', vendor]);
      expect(code, stderr).toBe(0);
      expect(new Set(under(modules, VENDOR_CODE).map((url) => /\/dist\/adapters\/([^/]+)\//.exec(url)![1]))).toEqual(new Set([vendor]));
    }
    const all = await run(['capabilities', 'all', '--json']);
    expect(all.code, all.stderr).toBe(0);
    expect(new Set(under(all.modules, VENDOR_CODE).map((url) => /\/dist\/adapters\/([^/]+)\//.exec(url)![1]))).toEqual(new Set(BUILTIN_VENDOR_IDS));
  });
});
