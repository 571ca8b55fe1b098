#!/usr/bin/env node
// The `unipbx` command. In a fresh clone (no dist/ yet) it builds first; then it checks the
// CLI's optional peer dependencies and runs the bundled command line (dist/bundle/src/cli/main.js).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/bundle/src/cli/main.js', import.meta.url);
if (!existsSync(main) && existsSync(new URL('../tsconfig.json', import.meta.url))) {
  const built = spawnSync('npm', ['run', 'build', '--silent'], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const { requirePeers } = await import('../dist/bundle/src/peers.js');
try {
  requirePeers('the unipbx command');
} catch (error) {
  process.stderr.write(`unipbx: ${error.message}\n`);
  process.exit(1);
}
await import(main.href);
