/**
 * A shortened chaos run (`npm run chaos` is the full one): every vendor's simulator with
 * faults on 20 % of requests, concurrent workers doing creates, updates, deletes, member
 * changes, agent logins and CDR pages; then the final state is compared with what the
 * reported outcomes allow.
 */
import { describe, expect, it } from 'vitest';
import { FAULT_KINDS } from '../../core/sim/faults.js';
import { meetsTargets, runChaos, totalFaults } from '../../src/chaos/run.js';
import { sum } from '../../src/chaos/findings.js';
import { VENDOR_IDS, VENDORS } from '../../src/registry.js';

describe('chaos (shortened)', () => {
  it('under 20 % faults: no duplicate, no lost write, no wrong read, every failure a typed error', { timeout: 120_000 }, async () => {
    const reports = await runChaos({ operations: 250, workers: 4, seed: 3 });
    expect(reports.map((r) => r.vendor).sort()).toEqual([...VENDOR_IDS].sort());
    for (const report of reports) {
      const { findings } = report;
      expect({ vendor: report.vendor, untyped: findings.untypedErrors, duplicates: findings.duplicates, lost: findings.lostWrites, wrong: findings.wrongReads }).toEqual({
        vendor: report.vendor,
        untyped: [],
        duplicates: [],
        lost: [],
        wrong: [],
      });
      expect(meetsTargets(report)).toBe(true);
      // The run did what it claims: every operation ran, faults of every kind were injected and retried.
      expect(sum(findings.operations)).toBe(250);
      expect(totalFaults(report)).toBeGreaterThan(report.requests * 0.1);
      expect(report.retries).toBeGreaterThan(0);
      for (const kind of FAULT_KINDS) expect.soft(report.faults[kind], `${report.vendor} ${kind}`).toBeGreaterThan(0);
      // The workload covers what the vendor supports, by its manifest.
      const capabilities = VENDORS[report.vendor as keyof typeof VENDORS].capabilities;
      if (capabilities['users.create'].support !== 'unsupported') expect(findings.operations['create']).toBeGreaterThan(0);
      if (capabilities['groups.members.add'].support !== 'unsupported') expect(findings.operations['member']).toBeGreaterThan(0);
      if (capabilities['queues.login'].support !== 'unsupported') expect(findings.operations['login']).toBeGreaterThan(0);
      if (capabilities['cdrs.list'].support !== 'unsupported') expect(findings.operations['cdrs']).toBeGreaterThan(0);
      expect(findings.operations['update']).toBeGreaterThan(0);
    }
  });
});
