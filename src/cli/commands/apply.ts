/**
 * `unipbx apply FILE`: makes the PBX match a desired-state document, through the bulk API at
 * the vendor's pace. Deletions only with `--prune`, confirmed on a terminal unless `--yes`.
 * Interrupted, it is run again: it plans from what the PBX holds, so it redoes nothing.
 */
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import type { Runtime } from '../context.js';
import { CliError, usageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { readDocument } from './plan.js';

interface ApplyFlags {
  readonly prune?: boolean;
  readonly yes?: boolean;
  readonly concurrency?: string;
}

export function registerApply(program: Command, rt: Runtime): void {
  program
    .command('apply')
    .description('make the PBX match a desired-state document (creates, updates, team members, queue agents); re-run after an interruption')
    .argument('<file>', 'the desired-state document (- for standard input)')
    .option('--prune', 'also delete users the document does not list (asks on a terminal)')
    .option('-y, --yes', 'do not ask before deleting')
    .option('--concurrency <n>', 'writes in flight at once (the vendor rate limit still paces them)', '16')
    .action((file: string, flags: ApplyFlags, command: Command) =>
      rt.withClient(command, async (client) => {
        const json = rt.format(command) === 'json';
        const concurrency = Number(flags.concurrency);
        if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) throw usageError('--concurrency must be an integer from 1 to 256');
        const desired = await readDocument(file);
        const [{ apply, describePlan, describeReport, plan }, { default: cliProgress }] = await Promise.all([import('../../provisioning/index.js'), import('cli-progress')]);
        const planned = await plan(client, desired, { ...rt.call, ...(flags.prune ? { prune: true } : {}) });
        if (!json) rt.io.err(describePlan(planned));
        const deletions = planned.actions.filter((a) => a.kind === 'user.delete').length;
        if (deletions > 0 && !flags.yes) {
          if (!process.stdin.isTTY || !rt.io.stderr.isTTY) throw usageError(`the plan deletes ${deletions} users: confirm with --yes (not on a terminal)`);
          const prompt = createInterface({ input: process.stdin, output: rt.io.stderr });
          const answer = await prompt.question(`Delete ${deletions} users? Type "yes" to go on: `).finally(() => prompt.close());
          if (answer.trim().toLowerCase() !== 'yes') throw new CliError('nothing applied (not confirmed)', EXIT.INTERRUPTED);
        }
        const bar = rt.progress(command) && planned.actions.length > 0 ? new cliProgress.SingleBar(
          { format: 'apply |{bar}| {value}/{total} changes | {failed} failed | ETA {eta_formatted}', stream: rt.io.stderr, noTTYOutput: !rt.io.stderr.isTTY, notTTYSchedule: 500, fps: 10 },
          cliProgress.Presets.shades_classic,
        ) : undefined;
        bar?.start(planned.actions.length, 0, { failed: 0 });
        const report = await apply(client, planned, {
          ...rt.call,
          concurrency,
          onProgress: (p) => bar?.update(p.processed, { failed: p.failed + p.unknown }),
        }).finally(() => bar?.stop());
        if (json) await rt.io.out(`${JSON.stringify(report, null, 2)}\n`);
        else await rt.io.out(describeReport(report));
        if (rt.signal.aborted) throw new CliError(`interrupted: ${report.counts.done} changes applied; run apply again to finish`, EXIT.INTERRUPTED);
        const bad = report.counts.failed + report.counts.unknown;
        if (bad > 0) throw new CliError(`${bad} of ${planned.actions.length} changes did not apply (listed above); run apply again to retry them`, EXIT.VENDOR);
      }),
    );
}
