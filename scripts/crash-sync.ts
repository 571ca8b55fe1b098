/**
 * `npm run crash:sync [-- --kills N --rate R --seed S --postgres URL]`: the sync crash run for
 * every vendor with call records and both sinks (file, PostgreSQL). Without --postgres a
 * throw-away PostgreSQL server is started (test/support/postgres.ts). Prints one line per run;
 * exits 1 when anything was lost or duplicated.
 */
import { parseArgs } from 'node:util';
import { startPostgres } from '../test/support/postgres.js';
import { runSyncCrash, type CrashReport } from './crash-sync/run.js';

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '10' },
    rate: { type: 'string', default: '0.2' },
    seed: { type: 'string', default: '1' },
    postgres: { type: 'string' },
  },
});
const kills = Number(values.kills);
const faultRate = Number(values.rate);
const seed = Number(values.seed);
if (!Number.isInteger(kills) || kills < 1 || !(faultRate >= 0 && faultRate <= 1) || !Number.isInteger(seed)) {
  console.error('crash:sync: --kills must be a positive integer, --rate from 0 to 1, --seed an integer');
  process.exit(2);
}

const db = values.postgres ? undefined : await startPostgres();
const postgresUrl = values.postgres ?? db!.url;
const reports: CrashReport[] = [];
try {
  for (const vendor of ['portsip', 'voipstudio'] as const) {
    for (const sink of ['file', 'postgres'] as const) {
      const report = await runSyncCrash({ vendor, sink, postgresUrl, kills, faultRate, seed, log: (line) => process.stderr.write(`  ${vendor}/${sink}: ${line}\n`) });
      reports.push(report);
      console.log(
        `${vendor.padEnd(10)} ${sink.padEnd(8)} kills ${report.kills} (${report.killsAfterData} after data)  faults ${report.faultsInjected}/${report.requests} requests  ` +
          `simulator ${report.truth}  stored ${report.stored}  lost ${report.lost}  duplicated ${report.duplicated}  unknown ${report.unknown}  ${report.seconds} s`,
      );
    }
  }
} finally {
  db?.stop();
}
process.exit(reports.every((r) => r.lost === 0 && r.duplicated === 0 && r.unknown === 0 && r.stored === r.truth) ? 0 : 1);
