/**
 * Confirmation of destructive commands (`users delete`, `groups delete`): on a terminal the
 * command asks and goes on only after `y` / `yes`; `--yes` skips the question. Without a
 * terminal on stdin (a script, a pipe, cron) there is nobody to ask: without `--yes` the
 * command is refused with a usage error (exit 2) before anything is sent.
 */
import { createInterface } from 'node:readline/promises';
import type { Readable } from 'node:stream';
import { CliError, usageError } from './errors.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './output.js';

export async function confirm(question: string, options: { readonly yes?: boolean; readonly stdin: (Readable & { isTTY?: boolean }) | undefined; readonly io: Io; readonly signal: AbortSignal }): Promise<void> {
  if (options.yes) return;
  if (!options.stdin?.isTTY) {
    throw usageError(`${question.replace(/\?$/, '')}: refused without confirmation (stdin is not a terminal)`, 'add --yes to confirm it in a script');
  }
  options.io.beforeWrite?.();
  const rl = createInterface({ input: options.stdin, output: options.io.stderr, terminal: true });
  try {
    const answer = await rl.question(`${question} [y/N] `, { signal: options.signal });
    if (!/^\s*y(es)?\s*$/i.test(answer)) throw new CliError('not confirmed: nothing was changed', EXIT.ERROR);
  } finally {
    rl.close();
  }
}
