/** Plain-text rendering of scenario reports, side by side per step. */
import type { ScenarioReport } from './scenario.js';

const MARK = { ok: 'ok     ', skipped: 'skipped', failed: 'FAILED ' } as const;

/**
 * The reports of several vendors side by side: under each step one line per vendor, then
 * what each vendor cannot do, with its manifest's reason.
 */
export function renderReports(reports: readonly ScenarioReport[]): string {
  const width = Math.max(...reports.map((r) => r.vendor.length));
  const lines: string[] = [];
  const steps = reports[0]?.steps.map((s) => s.step) ?? [];
  for (const step of steps) {
    lines.push(step);
    for (const report of reports) {
      const result = report.steps.find((s) => s.step === step);
      if (result) lines.push(`  ${report.vendor.padEnd(width)}  ${MARK[result.outcome]}  ${result.summary}`);
    }
  }
  lines.push('', 'What each vendor cannot do (from its capability manifest):');
  for (const report of reports) {
    if (report.unsupported.length === 0) lines.push(`  ${report.vendor.padEnd(width)}  everything is supported`);
    for (const { operation, reason } of report.unsupported) lines.push(`  ${report.vendor.padEnd(width)}  ${operation}: ${reason}`);
  }
  return lines.join('\n');
}
