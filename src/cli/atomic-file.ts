/**
 * Writing an output file safely (docs/cli.md, "Output files").
 *
 * - A regular file (or a new one) appears complete or not at all: the data goes to a
 *   temporary file next to it (same directory, so the rename is atomic), flushed to disk and
 *   renamed into place only when everything was written. An existing file keeps its mode.
 * - A symbolic link is followed: the file it points to is written (the same way), the link
 *   stays a link.
 * - A FIFO or a character device (a terminal, `/dev/null`) is written to directly and never
 *   replaced; other kinds (sockets, block devices) are refused.
 * - Every write error (ENOSPC, EPIPE from a FIFO whose reader left, EIO) is an error of the
 *   command ({@link OutputFileError}), never a success.
 * - On an error or Ctrl-C the temporary file is removed; should the process die before it
 *   can (SIGKILL, power loss), what remains is `.<name>.p<pid>.<random>.partial`: the next
 *   write to the same target removes such files whose process is gone.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { chmod, lstat, open, readlink, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';

/** A failure to write the output file: exit code 1, with what went wrong in words. */
export class OutputFileError extends CliError {
  constructor(target: string, cause: unknown) {
    const code = (cause as { code?: string } | null)?.code;
    const why =
      code === 'ENOSPC' ? 'no space left on the device' : code === 'EPIPE' ? 'the reader of the pipe went away' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : cause instanceof Error ? cause.message : String(cause);
    super(`cannot write ${target}: ${why}${code && !why.includes(code) ? ` (${code})` : ''}`, EXIT.ERROR, 'nothing complete was written; fix the cause and run the command again');
    this.cause = cause;
  }
}

/** The temporary name used for `target`: hidden, with the writer's process id. */
export function partialName(target: string): string {
  return join(dirname(target), `.${basename(target)}.p${process.pid}.${randomBytes(6).toString('hex')}.partial`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM'; // exists, owned by someone else
  }
}

/** Removes `.partial` files of `target` left by processes that no longer run. Returns their names. */
export function removeStalePartials(target: string): string[] {
  const prefix = `.${basename(target)}.`;
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dirname(target));
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.partial')) continue;
    const pid = /^p(\d+)\.[0-9a-f]+\.partial$/.exec(name.slice(prefix.length))?.[1];
    if (pid !== undefined && Number(pid) !== process.pid && alive(Number(pid))) continue;
    if (pid === undefined && !/^[0-9a-f]{12}\.partial$/.test(name.slice(prefix.length))) continue; // not ours
    rmSync(join(dirname(target), name), { force: true });
    removed.push(name);
  }
  return removed;
}

/** Where `path` really leads: symbolic links followed, also a dangling one (to the file it would create). */
async function followLinks(path: string): Promise<string> {
  let current = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    const info = await lstat(current).catch(() => undefined);
    if (!info?.isSymbolicLink()) return info ? realpath(current) : join(await realpath(dirname(current)).catch(() => dirname(current)), basename(current));
    current = resolve(dirname(current), await readlink(current));
  }
  throw Object.assign(new Error(`too many levels of symbolic links at ${path}`), { code: 'ELOOP' });
}

/** What kind of thing `target` is, for the writing strategy. */
export type TargetKind = 'absent' | 'file' | 'stream' | 'directory' | 'other';

export async function targetKind(path: string): Promise<TargetKind> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 'absent';
  if (info.isFile()) return 'file';
  if (info.isDirectory()) return 'directory';
  if (info.isFIFO() || info.isCharacterDevice()) return 'stream';
  return 'other';
}

/**
 * Runs `write` on a stream to `target` as the module comment says and resolves when the
 * data is where it belongs. `write` must end the stream (as `stream.pipeline` does).
 * Write errors are {@link OutputFileError}s; errors of `write`'s own source pass unchanged.
 */
export async function writeFileAtomically(target: string, write: (stream: Writable) => Promise<void>): Promise<void> {
  const real = await followLinks(target);
  const kind = await targetKind(real);
  if (kind === 'directory') throw new CliError(`${target} is a directory`, EXIT.USAGE);
  if (kind === 'other') throw new CliError(`${target} is neither a file, a FIFO nor a character device (a socket or block device): unipbx does not write there`, EXIT.USAGE);
  if (kind === 'stream') return writeDirectly(target, real, write);
  removeStalePartials(real);
  const mode = kind === 'file' ? (await stat(real)).mode & 0o7777 : undefined;
  const temp = partialName(real);
  const handle = await open(temp, 'wx').catch((error: unknown) => {
    throw new OutputFileError(target, error);
  });
  // A forced exit (second Ctrl-C) skips the catch below; this still removes the file.
  const removeOnExit = () => rmSync(temp, { force: true });
  process.on('exit', removeOnExit);
  let streamError: unknown;
  try {
    const stream = handle.createWriteStream();
    stream.once('error', (error) => (streamError = error));
    await write(stream).catch((error: unknown) => {
      throw streamError ?? isWriteError(error) ? new OutputFileError(target, streamError ?? error) : error;
    });
    try {
      const flush = await open(temp, 'r+');
      try {
        await flush.sync();
      } finally {
        await flush.close();
      }
      if (mode !== undefined) await chmod(temp, mode);
      await rename(temp, real);
    } catch (error) {
      throw new OutputFileError(target, error);
    }
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  } finally {
    process.off('exit', removeOnExit);
  }
}

/** Errors of the file system rather than of the data source. */
function isWriteError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) && code !== 'ERR_STREAM_PREMATURE_CLOSE' && !code.startsWith('ERR_');
}

/** A FIFO or device: opened for writing (a FIFO waits for its reader) and written in place. */
async function writeDirectly(target: string, real: string, write: (stream: Writable) => Promise<void>): Promise<void> {
  const handle = await open(real, 'w').catch((error: unknown) => {
    throw new OutputFileError(target, error);
  });
  let streamError: unknown;
  const stream = handle.createWriteStream();
  stream.once('error', (error) => (streamError = error));
  try {
    await write(stream);
  } catch (error) {
    throw streamError ?? isWriteError(error) ? new OutputFileError(target, streamError ?? error) : error;
  } finally {
    await handle.close().catch(() => undefined);
  }
  if (streamError) throw new OutputFileError(target, streamError);
}
