/**
 * The chaos run's printed summary: the table of operations, faults, retries and findings per
 * vendor, the surfaced errors broken down by kind (error code) and by operation, examples,
 * and the verdict. Pure text, so that it always prints, whatever the run went through.
 */
import { sum } from './findings.js';
import { complete, meetsTargets, totalFaults, type VendorChaosReport } from './run.js';

function table(rows: ReadonlyArray<readonly string[]>): string[] {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd());
}

const ROWS: Array<[string, (r: VendorChaosReport) => number]> = [
  ['operations', (r) => sum(r.findings.operations)],
  ['requests sent', (r) => r.requests],
  ['faults injected', totalFaults],
  ['retries', (r) => r.retries],
  ['typed errors surfaced', (r) => sum(r.findings.typedErrors)],
  ['untyped errors', (r) => r.findings.untypedErrors.length],
  ['duplicates created', (r) => r.findings.duplicates.length],
  ['writes lost', (r) => r.findings.lostWrites.length],
  ['reads wrong', (r) => r.findings.wrongReads.length],
  ['checks not made', (r) => r.findings.harnessErrors.length],
];

/** The summary of a chaos run as lines of text. */
export function summaryLines(reports: readonly VendorChaosReport[], elapsedMs: number): string[] {
  const lines: string[] = [''];
  const header = ['', ...reports.map((r) => r.vendor), 'total'];
  lines.push(...table([header, ...ROWS.map(([name, value]) => [name, ...reports.map((r) => String(value(r))), String(reports.reduce((n, r) => n + value(r), 0))])]));

  // Surfaced errors by kind (the error code), side by side per vendor.
  const codes = [...new Set(reports.flatMap((r) => Object.keys(r.findings.typedErrors)))].sort();
  lines.push('', 'typed errors surfaced, by kind:');
  if (codes.length === 0) lines.push('  none');
  else lines.push(...table([header, ...codes.map((code) => [code, ...reports.map((r) => String(r.findings.typedErrors[code] ?? 0)), String(reports.reduce((n, r) => n + (r.findings.typedErrors[code] ?? 0), 0))])]).map((l) => `  ${l}`));

  for (const r of reports) {
    lines.push('', `${r.vendor}: ${r.crashed ? `CRASHED: ${r.crashed}` : `operations ${JSON.stringify(r.findings.operations)}`}`);
    lines.push(`  faults ${JSON.stringify(Object.fromEntries(Object.entries(r.faults).filter(([, n]) => n > 0)))}, rate-limited ${r.rateLimited}`);
    for (const [operation, byCode] of Object.entries(r.findings.errorsByOperation).sort()) lines.push(`  ${operation}: ${Object.entries(byCode).map(([code, n]) => `${code} ${n}`).join(', ')}`);
    for (const [code, message] of Object.entries(r.findings.errorSamples)) lines.push(`    e.g. ${code}: ${message}`);
    const lists = [
      ['untyped', r.findings.untypedErrors],
      ['duplicate', r.findings.duplicates],
      ['lost', r.findings.lostWrites],
      ['wrong read', r.findings.wrongReads],
      ['check not made', r.findings.harnessErrors],
    ] as const;
    for (const [what, list] of lists) {
      for (const line of list.slice(0, 10)) lines.push(`  ${what}: ${line}`);
      if (list.length > 10) lines.push(`  … ${list.length - 10} more ${what}`);
    }
  }
  const ok = reports.every(meetsTargets);
  const whole = reports.every(complete);
  const verdict = !ok ? 'FAIL' : whole ? 'PASS' : 'PASS (incomplete: some checks could not be made)';
  lines.push('', `${verdict}: 0 duplicates, 0 lost writes, 0 wrong reads, every failure typed — in ${(elapsedMs / 1000).toFixed(1)} s`);
  return lines;
}
