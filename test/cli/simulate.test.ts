/**
 * `unipbx simulate`: the embedded simulators on loopback, profiles other invocations can use
 * at once, fixed ports (vendor i on base + i), and a clean stop on SIGTERM and Ctrl-C.
 */
import { existsSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
// The CLI process knows the built-in vendors (and the plugins it is given, none here).
import { BUILTIN_VENDOR_IDS as VENDOR_IDS, VENDORS } from '../../src/index.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { freePorts } from '../support/ports.js';
import { cleanEnv, exited, killLeftovers, ndjson, outputOf, removeDir, run, spawnCli, tempDir } from './support.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });
afterAll(killLeftovers);

const SMALL = ['--users', '20', '--cdrs', '50'];

interface Row {
  vendor: string;
  name: string;
  url: string;
  profile: string;
  credentials: unknown;
}

/** Resolves once nothing answers at `url` any more. */
async function refused(url: string): Promise<boolean> {
  return fetch(url).then(
    () => false,
    () => true,
  );
}

describe.concurrent('unipbx simulate', () => {
  it('all: every vendor on loopback, sim-* profiles in ~/.config/unipbx/config.json that other commands use; SIGTERM stops it cleanly', async () => {
    const home = tempDir();
    try {
      const env = cleanEnv(home);
      const child = spawnCli(['simulate', 'all', '--port', '0', '--ndjson', ...SMALL], { env });
      const out = outputOf(child);
      await out.until((stdout) => stdout.split('\n').filter(Boolean).length === VENDOR_IDS.length);
      const rows = ndjson(out.stdout()) as Row[];
      expect(rows.map((r) => r.vendor)).toEqual(VENDOR_IDS);
      for (const row of rows) {
        expect(row.name).toBe(VENDORS[row.vendor as (typeof VENDOR_IDS)[number]].name);
        expect(row.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
        expect(row.profile).toBe(`sim-${row.vendor}`);
      }
      const path = join(home, '.config', 'unipbx', 'config.json');
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const config = JSON.parse(readFileSync(path, 'utf8')) as { profiles: Record<string, { vendor: string; baseUrl: string; credentials: unknown }> };
      for (const row of rows) expect(config.profiles[row.profile]).toMatchObject({ vendor: row.vendor, baseUrl: row.url, credentials: row.credentials });

      // The profiles work: `whoami` where the vendor has it, else a user list.
      const asks = rows.map((r) => (VENDORS[r.vendor as (typeof VENDOR_IDS)[number]].capabilities.whoami.support === 'unsupported' ? ['users', 'list'] : ['whoami']));
      const answers = await Promise.all(rows.map((r, i) => run(['--profile', r.profile, ...asks[i]!, '--json'], { env })));
      for (const [i, result] of answers.entries()) {
        expect(result.code, result.stderr).toBe(EXIT.OK);
        if (asks[i]![0] === 'whoami') expect(JSON.parse(result.stdout)).toMatchObject({ profile: rows[i]!.profile, vendor: rows[i]!.vendor });
        else expect(JSON.parse(result.stdout)).not.toHaveLength(0);
      }

      child.kill('SIGTERM');
      const { code } = await exited(child);
      expect(code, out.stderr()).toBe(EXIT.OK);
      expect(out.stderr()).toBe('simulators stopped\n');
      for (const row of rows) expect(await refused(row.url)).toBe(true);
    } finally {
      removeDir(home);
    }
  });

  it('one vendor on its fixed port (base + its index), a table on stdout, Ctrl-C stops it; other profiles in the file are kept', async () => {
    const home = tempDir();
    try {
      const index = VENDOR_IDS.length - 1;
      const vendor = VENDOR_IDS[index]!;
      const port = await freePorts();
      const config = join(home, 'unipbx.json');
      writeFileSync(config, JSON.stringify({ profiles: { mine: { vendor, baseUrl: 'https://pbx.example.com', credentials: { token: { env: 'MY_TOKEN' } } } } }));
      const child = spawnCli(['simulate', vendor, '--port', String(port - index), ...SMALL], { env: cleanEnv(home, { UNIPBX_CONFIG: config }) });
      const out = outputOf(child);
      await out.until((stdout) => stdout.includes('Ctrl-C stops the simulators.'));
      const lines = out.stdout().split('\n');
      expect(lines[0]).toBe('unipbx simulators, seed 1');
      expect(lines[2]).toMatch(/^VENDOR\s+NAME\s+BASE URL\s+PROFILE\s+CREDENTIALS \(demo\)$/);
      expect(lines[3]).toContain(`http://127.0.0.1:${port}`);
      expect(out.stdout()).toContain(`profiles sim-${vendor} written to ~/unipbx.json`); // the home directory shown as ~
      expect(out.stdout()).toContain(`in another terminal: npx unipbx --profile sim-${vendor} users list`);
      const saved = JSON.parse(readFileSync(config, 'utf8')) as { profiles: Record<string, unknown> };
      expect(Object.keys(saved.profiles).sort()).toEqual(['mine', `sim-${vendor}`]);
      expect(saved.profiles['mine']).toEqual({ vendor, baseUrl: 'https://pbx.example.com', credentials: { token: { env: 'MY_TOKEN' } } });

      child.kill('SIGINT');
      const { code } = await exited(child);
      expect(code, out.stderr()).toBe(EXIT.OK);
      expect(await refused(`http://127.0.0.1:${port}`)).toBe(true);
    } finally {
      removeDir(home);
    }
  });

  it('--config: the hint names the same file; a symlinked config file stays a symlink', async () => {
    const home = tempDir();
    try {
      const vendor = VENDOR_IDS[0]!;
      const real = join(home, 'dotfiles', 'unipbx.json');
      mkdirSync(join(home, 'dotfiles'));
      writeFileSync(real, JSON.stringify({ profiles: { mine: { vendor, baseUrl: 'https://pbx.example.com' } } }));
      const link = join(home, 'my config.json');
      symlinkSync(real, link);
      const child = spawnCli(['--config', link, 'simulate', vendor, '--port', '0', ...SMALL], { env: cleanEnv(home) });
      const out = outputOf(child);
      await out.until((stdout) => stdout.includes('Ctrl-C stops the simulators.'));
      expect(out.stdout()).toContain(`in another terminal: npx unipbx --config '${link}' --profile sim-${vendor} users list`);
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(Object.keys((JSON.parse(readFileSync(real, 'utf8')) as { profiles: object }).profiles).sort()).toEqual(['mine', `sim-${vendor}`]);
      child.kill('SIGTERM');
      expect((await exited(child)).code).toBe(EXIT.OK);
    } finally {
      removeDir(home);
    }
  });

  it('--no-save writes no config file', async () => {
    const home = tempDir();
    try {
      const child = spawnCli(['simulate', VENDOR_IDS[0]!, '--port', '0', '--no-save', '--json', ...SMALL], { env: cleanEnv(home) });
      const out = outputOf(child);
      await out.until((stdout) => stdout.endsWith(']\n'));
      expect(JSON.parse(out.stdout())).toHaveLength(1);
      expect(existsSync(join(home, '.config'))).toBe(false);
      child.kill('SIGTERM');
      expect((await exited(child)).code).toBe(EXIT.OK);
    } finally {
      removeDir(home);
    }
  });

  it('a port in use: exit 1 with a hint, and nothing is left listening', async () => {
    const home = tempDir();
    const blocker = createServer();
    try {
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const { port } = blocker.address() as { port: number };
      const result = await run(['simulate', 'all', '--port', String(port - VENDOR_IDS.length + 1), ...SMALL], { env: cleanEnv(home), timeoutMs: 60_000 });
      expect(result.code, result.stderr).toBe(EXIT.ERROR);
      expect(result.stderr).toMatch(/EADDRINUSE.*\nhint: another `unipbx simulate` \(or another program\) uses the port/);
    } finally {
      blocker.close();
      removeDir(home);
    }
  });

  it('an unknown vendor or an invalid config file is a usage error', async () => {
    const home = tempDir();
    try {
      mkdirSync(join(home, '.config', 'unipbx'), { recursive: true });
      writeFileSync(join(home, '.config', 'unipbx', 'config.json'), '{"profiles": 42}');
      const [unknown, invalid] = await Promise.all([
        run(['simulate', 'nope'], { env: cleanEnv(home) }),
        run(['simulate', VENDOR_IDS[0]!, '--port', '0', ...SMALL], { env: cleanEnv(home) }),
      ]);
      expect(unknown.code).toBe(EXIT.USAGE);
      expect(unknown.stderr).toContain(`known vendors: ${VENDOR_IDS.join(', ')} (or all)`);
      expect(invalid.code, invalid.stderr).toBe(EXIT.USAGE);
      expect(invalid.stderr).toMatch(/^unipbx: the config file ~\/\.config\/unipbx\/config\.json is not valid: profiles: /);
    } finally {
      removeDir(home);
    }
  });
});
