/**
 * `npm run chaos [-- --ops N --rate R --kinds K --workers W --seed S --vendors a,b]`: the
 * chaos run against every vendor simulator (docs/reliability.md, "The chaos run").
 *
 * `--rate` is a share (0.4) or a percentage (40%); `--kinds` a preset (all, hardest, server,
 * network, throttle) or a comma-separated list of fault kinds. Prints the table of operations,
 * faults, retries, typed errors (by kind and operation), duplicates, lost writes and wrong
 * reads — always, whatever happened; exits 1 when a target is missed or a check could not be made.
 */
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { complete, FAULT_PRESETS, meetsTargets, parseFaultKinds, runChaos, type VendorChaosReport } from '../src/chaos/run.js';
import { summaryLines } from '../src/chaos/summary.js';
import { VENDOR_IDS, isVendorId, type VendorId } from '../src/registry.js';

const { values } = parseArgs({
  options: {
    ops: { type: 'string', default: '2000' },
    rate: { type: 'string', default: '0.2' },
    kinds: { type: 'string', default: 'all' },
    seed: { type: 'string', default: '1' },
    workers: { type: 'string', default: '6' },
    vendors: { type: 'string', default: VENDOR_IDS.join(',') },
  },
});
const fail = (message: string): never => {
  console.error(`chaos: ${message}`);
  process.exit(2);
};
const number = (name: string, text: string | undefined, check: (n: number) => boolean): number => {
  const n = Number(text);
  if (!Number.isFinite(n) || !check(n)) fail(`--${name} ${text} is not valid`);
  return n;
};
const operations = number('ops', values.ops, (n) => Number.isInteger(n) && n > 0);
const rateText = values.rate ?? '0.2';
const faultRate = rateText.endsWith('%') ? number('rate', rateText.slice(0, -1), (n) => n >= 0 && n <= 100) / 100 : number('rate', rateText, (n) => n >= 0 && n <= 1);
const seed = number('seed', values.seed, Number.isInteger);
const workers = number('workers', values.workers, (n) => Number.isInteger(n) && n > 0 && n <= 64);
let faultKinds: ReturnType<typeof parseFaultKinds> = [];
try {
  faultKinds = parseFaultKinds(values.kinds ?? 'all');
} catch (error) {
  fail((error as Error).message);
}
const vendors = (values.vendors ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');
for (const v of vendors) if (!isVendorId(v)) fail(`unknown vendor ${v} (known: ${VENDOR_IDS.join(', ')})`);

const preset = Object.entries(FAULT_PRESETS).find(([, kinds]) => kinds === faultKinds)?.[0];
console.log(
  `chaos run: ${operations} operations per vendor, ${workers} concurrent workers each, faults on ${Math.round(faultRate * 100)} % of requests ` +
    `(${preset ? `${preset}: ` : ''}${faultKinds.join(', ')}), seed ${seed}`,
);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`);

const started = Date.now();
let reports: VendorChaosReport[] = [];
try {
  reports = await runChaos({
    operations,
    faultRate,
    faultKinds,
    seed,
    workers,
    vendors: vendors as VendorId[],
    onVendor: (r) => console.log(`  ${r.vendor} ${r.crashed ? 'crashed' : 'done'} in ${(r.durationMs / 1000).toFixed(1)} s`),
  });
} catch (error) {
  // runChaos reports a failed vendor as crashed and does not throw; should it anyway, the summary still prints.
  console.log(`chaos: the run failed: ${error instanceof Error ? error.message : String(error)}`);
}
for (const line of summaryLines(reports, Date.now() - started)) console.log(line);
process.exitCode = reports.length > 0 && reports.every((r) => meetsTargets(r) && complete(r)) ? 0 : 1;
