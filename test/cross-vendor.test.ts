/**
 * The same integrator code (src/scenario.ts) against every registered vendor's simulator:
 * it must run unchanged, fail nowhere, and skip a step only when the vendor's capability
 * manifest marks an operation it needs as unsupported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPbx, type CreatePbxOptions } from '../src/create.js';
import type { OperationName } from '../core/capabilities.js';
import { VENDOR_IDS, VENDORS, type VendorId } from '../src/registry.js';
import { runScenario, type ScenarioReport } from '../src/scenario.js';
import { startSimulator, type RunningSimulator } from '../src/simulator.js';

const simulators: RunningSimulator<unknown>[] = [];
const reports = new Map<string, ScenarioReport>();

beforeAll(async () => {
  for (const vendor of VENDOR_IDS) simulators.push(await startSimulator(vendor, { seed: 3 }));
  await Promise.all(
    simulators.map(async (sim) => {
      const client = createPbx({ vendor: sim.vendor, baseUrl: sim.url, credentials: sim.credentials } as CreatePbxOptions);
      reports.set(sim.vendor, await runScenario(client));
      await client.close();
    }),
  );
}, 60_000);

afterAll(async () => {
  await Promise.all(simulators.map((s) => s.close()));
});

/** What each step of the scenario needs (any one of the alternatives), as src/scenario.ts documents it. */
const STEP_NEEDS: Record<string, ReadonlyArray<readonly OperationName[]>> = {
  directory: [['users.list']],
  'user change': [['users.create', 'users.findByExtension'], ['users.list', 'users.update']],
  'team change': [['groups.list', 'groups.members.list', 'groups.members.add', 'groups.members.remove', 'users.list']],
  'agent login': [['queues.list', 'queues.agents', 'queues.login']],
  "yesterday's calls": [['cdrs.list']],
};

describe.each(VENDOR_IDS)('the integrator scenario on %s', (vendor) => {
  it('runs exactly the steps the manifest allows, and skips the others', () => {
    const capabilities = VENDORS[vendor as VendorId].capabilities;
    const report = reports.get(vendor)!;
    expect(report.steps.map((s) => s.step)).toEqual(Object.keys(STEP_NEEDS));
    for (const step of report.steps) {
      const possible = STEP_NEEDS[step.step]!.some((ops) => ops.every((op) => capabilities[op].support !== 'unsupported'));
      expect(step.outcome, `${step.step}: ${step.summary}`).toBe(possible ? 'ok' : 'skipped');
    }
  });

  it('fails no step', () => {
    const report = reports.get(vendor)!;
    expect(report.steps.filter((s) => s.outcome === 'failed')).toEqual([]);
  });

  it('skips a step only for operations the manifest marks unsupported, and names them', () => {
    const report = reports.get(vendor)!;
    const unsupported = report.unsupported.map((u) => u.operation);
    for (const step of report.steps.filter((s) => s.outcome === 'skipped')) {
      const named = unsupported.filter((op) => step.summary.includes(`${op}:`));
      expect(named.length, `step "${step.step}" skipped: ${step.summary}`).toBeGreaterThan(0);
    }
  });

  it('lists the directory and sums yesterday\'s calls', () => {
    const report = reports.get(vendor)!;
    const directory = report.steps.find((s) => s.step === 'directory')!;
    expect(directory.outcome).toBe('ok');
    expect(directory.figures['users']).toBeGreaterThan(0);
    const calls = report.steps.find((s) => s.step === "yesterday's calls")!;
    if (calls.outcome === 'ok') expect(calls.figures['calls']).toBeGreaterThan(0);
  });
});
