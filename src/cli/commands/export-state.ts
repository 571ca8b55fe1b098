/** `unipbx export-state`: the PBX's users, team members and queue agents as a desired-state document (YAML; JSON with --json). */
import type { Command } from 'commander';
import type { Runtime } from '../context.js';

export function registerExportState(program: Command, rt: Runtime): void {
  program
    .command('export-state')
    .description('print the users, team members and queue agents as a desired-state document (no vendor ids: apply it to another PBX)')
    .action((_options: object, command: Command) =>
      rt.withClient(command, async (client) => {
        const { describeUnsupported, exportState, formatDesiredState } = await import('../../provisioning/index.js');
        const result = await exportState(client, rt.call);
        if (rt.format(command) === 'json') await rt.io.out(`${JSON.stringify(result.document, null, 2)}\n`);
        else await rt.io.out(formatDesiredState(result.document));
        for (const line of describeUnsupported(result.unsupported)) rt.io.err(`not exported (${client.vendor} cannot): ${line}`);
        for (const line of result.skipped) rt.io.err(`not exported: ${line}`);
      }),
    );
}
