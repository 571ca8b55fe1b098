/**
 * Writing a file so that it either appears complete or not at all: the data goes to a
 * temporary file next to the target (same directory, so the rename is atomic), flushed to
 * disk and renamed into place only when everything was written. On an error or Ctrl-C the
 * temporary file is removed; should the process die before it can, what remains is a
 * `.<name>.<random>.partial` file, never something that looks like the finished one.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';

/** The temporary name used for `target`. */
export function partialName(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.partial`);
}

/**
 * Runs `write` on a stream to a temporary file and renames that to `target` when `write`
 * resolved (it must end the stream, as `stream.pipeline` does).
 */
export async function writeFileAtomically(target: string, write: (stream: Writable) => Promise<void>): Promise<void> {
  const temp = partialName(target);
  const handle = await open(temp, 'wx');
  // A forced exit (second Ctrl-C) skips the catch below; this still removes the file.
  const removeOnExit = () => rmSync(temp, { force: true });
  process.on('exit', removeOnExit);
  try {
    await write(handle.createWriteStream());
    const flush = await open(temp, 'r+');
    try {
      await flush.sync();
    } finally {
      await flush.close();
    }
    await rename(temp, target);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  } finally {
    process.off('exit', removeOnExit);
  }
}
