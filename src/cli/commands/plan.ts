/** `unipbx plan FILE`: what applying a desired-state document would change, before anything is sent. */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { DesiredState } from '../../provisioning/index.js';
import type { Runtime } from '../context.js';
import { CliError, usageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';

/** Reads and validates a document (`-` is standard input); an invalid one is a usage error naming its fields. */
export async function readDocument(file: string): Promise<DesiredState> {
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, EXIT.USAGE);
  }
  const { parseDesiredState } = await import('../../provisioning/index.js');
  try {
    return parseDesiredState(text, file);
  } catch (error) {
    throw usageError((error as Error).message, 'the format: docs/provisioning.md (JSON Schema: docs/provisioning.schema.json)');
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function registerPlan(program: Command, rt: Runtime): void {
  program
    .command('plan')
    .description('show what applying a desired-state document (YAML or JSON) would change, and what this vendor cannot do; sends no writes')
    .argument('<file>', 'the desired-state document (- for standard input)')
    .option('--prune', 'also plan deleting users the document does not list')
    .action((file: string, options: { prune?: boolean }, command: Command) =>
      rt.withClient(command, async (client) => {
        const desired = await readDocument(file);
        const { describePlan, plan } = await import('../../provisioning/index.js'); // loaded by the commands that use it only
        const result = await plan(client, desired, { ...rt.call, ...(options.prune ? { prune: true } : {}) });
        if (rt.format(command) === 'json') await rt.io.out(`${JSON.stringify(result, null, 2)}\n`);
        else await rt.io.out(describePlan(result));
      }),
    );
}
