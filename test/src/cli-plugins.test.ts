/**
 * CLI vendor plugins (src/cli/plugins.ts): a vendor registered by a plugin module — named with
 * `--plugin` or in the config file's `plugins` — is known to every command; a plugin that
 * cannot be loaded is a usage error that names it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../core/capabilities.js';

const CLI = fileURLToPath(new URL('../../dist/bundle/src/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'unipbx-plugins-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A plugin with no imports: it registers through the API the CLI hands its default export.
const manifest = Object.fromEntries(OPERATIONS.map((op) => [op, op === 'users.list' ? { support: 'native', requests: 1 } : { support: 'unsupported', reason: 'the tiny PBX only lists users' }]));
writeFileSync(
  join(dir, 'tiny.mjs'),
  `export default ({ registerVendor }) => registerVendor({ id: 'tiny', name: 'Tiny PBX (test plugin)', capabilities: ${JSON.stringify(manifest)}, createAdapter() { throw new Error('not in this test'); } });\n`,
);
writeFileSync(join(dir, 'config.json'), JSON.stringify({ plugins: ['./tiny.mjs'], profiles: {} }));
writeFileSync(join(dir, 'broken.mjs'), 'throw new Error("plugin exploded");\n');

const env = { PATH: process.env['PATH'] ?? '', HOME: dir, NO_COLOR: '1' };
async function cli(args: readonly string[], cwd = dir): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [CLI, ...args], { cwd, env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe('unipbx --plugin / config plugins', () => {
  it('a vendor from --plugin is known to the commands (capabilities)', async () => {
    const result = await cli(['--plugin', './tiny.mjs', 'capabilities', 'tiny']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Tiny PBX (test plugin) (tiny)');
    expect(result.stdout).toContain('users.list');
  });

  it('a vendor from the config file\'s plugins (resolved from the config file\'s directory) shows in `capabilities all`', async () => {
    const result = await cli(['--config', join(dir, 'config.json'), 'capabilities', 'all'], tmpdir());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/TINY/);
  });

  it('without the plugin the vendor is unknown; a plugin that fails to load is a usage error naming it', async () => {
    expect((await cli(['capabilities', 'tiny'])).code).toBe(2);
    const broken = await cli(['--plugin', './broken.mjs', 'capabilities']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('cannot load the plugin "./broken.mjs": plugin exploded');
    const missing = await cli(['--plugin', 'no-such-plugin-package', 'capabilities']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot load the plugin "no-such-plugin-package"');
  });
});
