/** src/cli/atomic-file.ts: a file appears complete or not at all; the temporary name is hidden and git-ignored. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partialName, writeFileAtomically } from '../../src/cli/atomic-file.js';
import { removeDir, tempDir } from './support.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => removeDir(dir));

const write = (stream: Writable, ...chunks: string[]) =>
  new Promise<void>((resolve, reject) => {
    for (const chunk of chunks) stream.write(chunk);
    stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
  });

describe('partialName', () => {
  it('is a hidden .<name>.<random>.partial next to the target', () => {
    const name = partialName(join(dir, 'calls.csv'));
    expect(dirname(name)).toBe(dir);
    expect(basename(name)).toMatch(/^\.calls\.csv\.[0-9a-f]{12}\.partial$/);
    expect(partialName(join(dir, 'calls.csv'))).not.toBe(name);
  });

  const git = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: ROOT, encoding: 'utf8' });
  it.runIf(git.status === 0 && git.stdout.trim() === ROOT.replace(/\/$/, ''))('is ignored by git (.gitignore)', () => {
    for (const target of ['calls.csv', join('exports', 'calls.ndjson')]) {
      const relative = partialName(join(ROOT, target)).slice(ROOT.length);
      const check = spawnSync('git', ['check-ignore', '--no-index', '-q', relative], { cwd: ROOT });
      expect(check.status, `${relative} is git-ignored`).toBe(0);
    }
  });
});

describe('writeFileAtomically', () => {
  it('renames the complete file into place, replacing an older one, and leaves no temporary file', async () => {
    const target = join(dir, 'ok.csv');
    writeFileSync(target, 'old\n');
    await writeFileAtomically(target, (stream) => write(stream, 'a,b\n', '1,2\n'));
    expect(readFileSync(target, 'utf8')).toBe('a,b\n1,2\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('on a failure: the error is passed on, an existing file is untouched, a new one never appears, no temporary file', async () => {
    const existing = join(dir, 'existing.csv');
    writeFileSync(existing, 'previous\n');
    const fail = async (stream: Writable) => {
      stream.write('half');
      throw new Error('page 3 failed');
    };
    await expect(writeFileAtomically(existing, fail)).rejects.toThrow('page 3 failed');
    await expect(writeFileAtomically(join(dir, 'new.csv'), fail)).rejects.toThrow('page 3 failed');
    expect(readFileSync(existing, 'utf8')).toBe('previous\n');
    expect(existsSync(join(dir, 'new.csv'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
});
