/**
 * `npm run chaos [-- --ops N --rate R --seed S --workers W]`: the chaos run against every
 * vendor simulator. Prints the table of operations, faults, retries, typed errors,
 * duplicates, lost writes and wrong reads; exits 1 when a target is missed.
 */
import { parseArgs } from 'node:util';
import { meetsTargets, runChaos, totalFaults, type VendorChaosReport } from '../src/chaos/run.js';
import { sum } from '../src/chaos/findings.js';

const { values } = parseArgs({
  options: {
    ops: { type: 'string', default: '2000' },
    rate: { type: 'string', default: '0.2' },
    seed: { type: 'string', default: '1' },
    workers: { type: 'string', default: '6' },
  },
});
const number = (name: string, text: string | undefined, check: (n: number) => boolean): number => {
  const n = Number(text);
  if (!Number.isFinite(n) || !check(n)) {
    console.error(`chaos: --${name} ${text} is not valid`);
    process.exit(2);
  }
  return n;
};
const operations = number('ops', values.ops, (n) => Number.isInteger(n) && n > 0);
const faultRate = number('rate', values.rate, (n) => n >= 0 && n <= 1);
const seed = number('seed', values.seed, Number.isInteger);
const workers = number('workers', values.workers, (n) => Number.isInteger(n) && n > 0);

console.log(`chaos run: ${operations} operations per vendor, ${workers} concurrent workers each, faults on ${Math.round(faultRate * 100)} % of requests, seed ${seed}\n`);
const started = Date.now();
const reports = await runChaos({ operations, faultRate, seed, workers, onVendor: (r) => console.log(`  ${r.vendor} done in ${(r.durationMs / 1000).toFixed(1)} s`) });

const rows: Array<[string, (r: VendorChaosReport) => number]> = [
  ['operations', (r) => sum(r.findings.operations)],
  ['requests sent', (r) => r.requests],
  ['faults injected', totalFaults],
  ['retries', (r) => r.retries],
  ['typed errors surfaced', (r) => sum(r.findings.typedErrors)],
  ['untyped errors', (r) => r.findings.untypedErrors.length],
  ['duplicates created', (r) => r.findings.duplicates.length],
  ['writes lost', (r) => r.findings.lostWrites.length],
  ['reads wrong', (r) => r.findings.wrongReads.length],
];
const header = ['', ...reports.map((r) => r.vendor), 'total'];
const table = [header, ...rows.map(([name, value]) => [name, ...reports.map((r) => String(value(r))), String(reports.reduce((n, r) => n + value(r), 0))])];
const widths = header.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length)));
console.log('');
for (const row of table) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  '));

for (const r of reports) {
  console.log(`\n${r.vendor}: operations ${JSON.stringify(r.findings.operations)}`);
  console.log(`  faults ${JSON.stringify(Object.fromEntries(Object.entries(r.faults).filter(([, n]) => n > 0)))}, rate-limited ${r.rateLimited}`);
  console.log(`  typed errors ${JSON.stringify(r.findings.typedErrors)}`);
  for (const [code, message] of Object.entries(r.findings.errorSamples)) console.log(`    e.g. ${code}: ${message}`);
  for (const [what, list] of [['untyped', r.findings.untypedErrors], ['duplicate', r.findings.duplicates], ['lost', r.findings.lostWrites], ['wrong read', r.findings.wrongReads]] as const) {
    for (const line of list.slice(0, 10)) console.log(`  ${what}: ${line}`);
    if (list.length > 10) console.log(`  … ${list.length - 10} more ${what}`);
  }
}
const ok = reports.every(meetsTargets);
console.log(`\n${ok ? 'PASS' : 'FAIL'}: 0 duplicates, 0 lost writes, 0 wrong reads, every failure typed — in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exitCode = ok ? 0 : 1;
