/**
 * The outside-developer proof, in `npm test`: examples/acme is built as its own package against
 * the packed tarball of unipbx (installed offline from npm's cache where it can be), imports
 * only public entries, keeps its adapter within 200 lines, and passes the exported conformance
 * suite with its own simulator. Prints how long each step took.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const example = join(root, 'examples/acme');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

const work = mkdtempSync(join(tmpdir(), 'unipbx-acme-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('examples/acme as its own package', () => {
  it('imports unipbx through public entries only (0 deep imports)', () => {
    const sources = files(join(example, 'src')).concat(files(join(example, 'test'))).filter((f) => f.endsWith('.ts'));
    const specifiers = sources.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(unipbx[^']*)'/g)].map((m) => m[1]!));
    expect(specifiers.length).toBeGreaterThan(5);
    const entries = new Set(Object.keys(pkg.exports).map((e) => (e === '.' ? 'unipbx' : `unipbx/${e.slice(2)}`)));
    expect(specifiers.filter((s) => !entries.has(s))).toEqual([]);
    expect(sources.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/from\s*'(\.\.\/){2,}/g)].map(() => relative(example, f)))).toEqual([]);
  });

  it('keeps the adapter (everything but the simulator and tests) within 200 lines', () => {
    const adapter = files(join(example, 'src')).filter((f) => !f.includes('/simulator/'));
    const lines = adapter.reduce((n, f) => n + readFileSync(f, 'utf8').split('\n').filter((l, i, all) => i < all.length - 1 || l !== '').length, 0);
    console.log(`examples/acme adapter: ${lines} lines in ${adapter.length} files`);
    expect(lines).toBeLessThanOrEqual(200);
  });

  it('packs, installs against the tarball, type-checks and passes the exported conformance suite', async () => {
    const timings: string[] = [];
    const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      try {
        return await fn();
      } finally {
        timings.push(`${name} ${Math.round(performance.now() - started)} ms`);
      }
    };
    const dir = join(work, 'acme');
    for (const part of ['src', 'test', 'package.json', 'tsconfig.json']) cpSync(join(example, part), join(dir, part), { recursive: true });
    // dist is built by `npm test` before the tests run; scripts are not run again.
    const packed = await step('pack', () => run(npm, ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: root }));
    renameSync(join(dir, packed.stdout.trim().split('\n').at(-1)!), join(dir, 'unipbx.tgz'));
    const install = (mode: string) => run(npm, ['install', mode, '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: dir, timeout: 180_000 });
    // Offline from npm's cache when every package is there (a machine that ran `npm install`), else the registry fills the gaps.
    const how = await step('install', () => install('--offline').then(() => 'offline', () => install('--prefer-offline').then(() => 'prefer-offline')));
    await step('tsc', () => run(process.execPath, [join(dir, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: dir }));
    const tested = await step('node --test', () => run(process.execPath, ['--test', '--test-reporter=tap', ...readdirSync(join(dir, 'dist/test')).filter((f) => f.endsWith('.test.js')).map((f) => join('dist/test', f))], { cwd: dir, timeout: 180_000 }));
    const passed = Number(/^# pass (\d+)/m.exec(tested.stdout)?.[1]);
    console.log(`examples/acme against the packed tarball (install ${how}): ${passed} tests passed; ${timings.join(', ')}`);
    expect(/^# fail 0$/m.test(tested.stdout), tested.stdout.slice(-2000)).toBe(true);
    expect(passed).toBeGreaterThan(30);
  }, 400_000);
});
