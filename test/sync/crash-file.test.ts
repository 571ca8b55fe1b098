/** Crash-proof, shown (file sink): ≥ 10 SIGKILLs of `unipbx cdrs sync --follow` against a live simulator with 20 % faults. */
import { describe, expect, it } from 'vitest';
import { runSyncCrash } from '../../scripts/crash-sync/run.js';

describe('cdrs sync into a file survives SIGKILL at random points', () => {
  it('portsip: 0 lost, 0 duplicated', async () => {
    const report = await runSyncCrash({ vendor: 'portsip', sink: 'file', kills: 10, seed: 3 });
    expect(report).toMatchObject({ kills: 10, lost: 0, duplicated: 0, unknown: 0 });
    expect(report.stored).toBe(report.truth);
    expect(report.killsAfterData).toBeGreaterThanOrEqual(5);
    expect(report.faultsInjected).toBeGreaterThan(report.requests * 0.1); // 20 % of the requests, give or take the dice
  }, 180_000);
});
