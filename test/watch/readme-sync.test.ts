/** README.md's "Sync and watch" example runs as written (against the embedded simulator it starts itself). */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

it('README "Sync and watch" runs unchanged', { timeout: 60_000 }, async () => {
  const readme = await readFile(join(root, 'README.md'), 'utf8');
  const snippet = /## Sync and watch\n\n[^\n]*\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(snippet, 'the example block').toBeDefined();
  const script = snippet!
    .replace(`from 'unipbx/simulator'`, `from ${JSON.stringify(join(root, 'src/simulator.ts'))}`)
    .replace(`from 'unipbx'`, `from ${JSON.stringify(join(root, 'src/index.ts'))}`);
  const dir = await mkdtemp(join(tmpdir(), 'unipbx-readme-sync-'));
  try {
    const file = join(dir, 'sync.mts');
    await writeFile(file, script);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', file], { cwd: root, timeout: 50_000 });
    expect(stdout).toMatch(/^stored \d+ call records$/m);
    expect(stdout).toMatch(/^(queue\.agent_\w+|cdr\.created|user\.updated) [0-9a-f]{24}$/m);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
