/** src/cli/atomic-file.ts: a file appears complete or not at all; the temporary name is hidden and git-ignored. */
import { spawnSync } from 'node:child_process';
import { chmodSync, createReadStream, existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutputFileError, partialName, removeStalePartials, targetKind, writeFileAtomically } from '../../src/cli/atomic-file.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { saveProfiles } from '../../src/cli/profiles.js';
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
    expect(basename(name)).toMatch(new RegExp(`^\\.calls\\.csv\\.p${process.pid}\\.[0-9a-f]{12}\\.partial$`));
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

describe('writeFileAtomically: what is at the target', () => {
  const mkfifo = (path: string) => expect(spawnSync('mkfifo', [path]).status).toBe(0);

  it('follows a symlink: the file it points to is replaced, the link stays a link (also a dangling one)', async () => {
    const real = join(dir, 'real.csv');
    writeFileSync(real, 'old\n');
    chmodSync(real, 0o640);
    const link = join(dir, 'link.csv');
    symlinkSync('real.csv', link);
    await writeFileAtomically(link, (stream) => write(stream, 'new\n'));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('new\n');
    expect(statSync(real).mode & 0o777).toBe(0o640); // an existing file keeps its mode
    const dangling = join(dir, 'dangling.csv');
    symlinkSync('created-through-link.csv', dangling);
    await writeFileAtomically(dangling, (stream) => write(stream, 'x\n'));
    expect(lstatSync(dangling).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'created-through-link.csv'), 'utf8')).toBe('x\n');
  });

  it('writes into a FIFO directly (its reader gets everything) and leaves it a FIFO', async () => {
    const fifo = join(dir, 'pipe.csv');
    mkfifo(fifo);
    const reader = readFile(fifo, 'utf8');
    await writeFileAtomically(fifo, (stream) => write(stream, 'a,b\n', '1,2\n'));
    expect(await reader).toBe('a,b\n1,2\n');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir).filter((f) => f.startsWith('.pipe.csv'))).toEqual([]);
  });

  it('a FIFO whose reader goes away: EPIPE is an OutputFileError, not a success', async () => {
    const fifo = join(dir, 'closing.csv');
    mkfifo(fifo);
    const reader = createReadStream(fifo);
    reader.once('data', () => reader.destroy());
    const chunk = 'x'.repeat(64 * 1024);
    const error = await writeFileAtomically(fifo, (stream) => pipeline(Readable.from(Array.from({ length: 400 }, () => chunk)), stream)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputFileError);
    expect((error as OutputFileError).exitCode).toBe(EXIT.ERROR);
    expect((error as Error).message).toContain('the reader of the pipe went away');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  // /dev/full is only ever reached through a link in the temporary directory, and only after
  // checking it is the character device it should be: the write must fail with ENOSPC and the
  // device must stay what it is.
  const full = statSync('/dev/full', { throwIfNoEntry: false });
  it.runIf(full?.isCharacterDevice() === true)('a device that is full (a link to /dev/full): ENOSPC is a failure, the device and the link stay', async () => {
    const link = join(dir, 'full.csv');
    symlinkSync('/dev/full', link);
    expect(await targetKind(realpathSync(link))).toBe('stream');
    const error = await writeFileAtomically(link, (stream) => write(stream, 'a,b\n')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputFileError);
    expect((error as Error).message).toContain('no space left on the device');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('refuses a socket and a directory', async () => {
    const path = join(dir, 'sock.csv');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      await expect(writeFileAtomically(path, (stream) => write(stream, 'x'))).rejects.toThrow(/socket/);
      expect(lstatSync(path).isSocket()).toBe(true);
    } finally {
      server.close();
    }
    await expect(writeFileAtomically(dir, (stream) => write(stream, 'x'))).rejects.toThrow(/is a directory/);
  });

  it('removes the .partial files of a killed run (its process is gone), keeps those of a live one', async () => {
    const target = join(dir, 'stale.csv');
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim();
    const stale = join(dir, `.stale.csv.p${dead}.0123456789ab.partial`);
    const old = join(dir, '.stale.csv.0123456789ab.partial'); // the earlier naming, without a pid
    const live = join(dir, `.stale.csv.p${process.ppid}.0123456789ab.partial`);
    for (const f of [stale, old, live]) writeFileSync(f, 'half');
    await writeFileAtomically(target, (stream) => write(stream, 'ok\n'));
    expect([existsSync(stale), existsSync(old), existsSync(live)]).toEqual([false, false, true]);
    expect(removeStalePartials(target)).toEqual([]);
  });
});

describe('saveProfiles', () => {
  it('keeps a symlinked config file a symlink, writing the file it points to', () => {
    const real = join(dir, 'dotfiles-config.json');
    writeFileSync(real, JSON.stringify({ profiles: { mine: { vendor: 'portsip' } } }));
    const link = join(dir, 'config-link.json');
    symlinkSync(real, link);
    saveProfiles(link, { added: { vendor: 'netpbx', baseUrl: 'http://127.0.0.1:1' } }, {});
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(Object.keys((JSON.parse(readFileSync(real, 'utf8')) as { profiles: object }).profiles)).toEqual(['mine', 'added']);
  });
});
