/** Crash-proof, shown (PostgreSQL sink): ≥ 10 SIGKILLs of `unipbx cdrs sync --follow --into postgres://…` against a live simulator with 20 % faults. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSyncCrash } from '../../scripts/crash-sync/run.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';

let db: TestPostgres;
beforeAll(async () => {
  db = await startPostgres();
}, 60_000);
afterAll(() => db?.stop());

describe('cdrs sync into PostgreSQL survives SIGKILL at random points', () => {
  it('voipstudio: 0 lost, 0 duplicated', async () => {
    const report = await runSyncCrash({ vendor: 'voipstudio', sink: 'postgres', postgresUrl: db.url, kills: 10, seed: 4 });
    expect(report).toMatchObject({ kills: 10, lost: 0, duplicated: 0, unknown: 0 });
    expect(report.stored).toBe(report.truth);
    expect(report.killsAfterData).toBeGreaterThanOrEqual(5);
    expect(report.faultsInjected).toBeGreaterThan(report.requests * 0.1); // 20 % of the requests, give or take the dice
  }, 180_000);
});
