/**
 * The mutation check: the conformance suite (packaged entry) runs against copies of our
 * adapters with seeded bugs (test/conformance/mutants.ts) and must catch at least 90 % of
 * them. A mutant is caught when a case of the suite fails; the run prints which case caught
 * which mutant, and which survived. An unmutated copy must pass the same run first, so a
 * catch is the bug's doing, not the harness's.
 */
import { VENDORS, createClient, type CreatePbxOptions, type PbxClient, type VendorId } from 'unipbx';
import { defineConformanceSuite, type ConformanceTarget } from 'unipbx/conformance';
import { startSimulator } from 'unipbx/simulator';
import { expect, it } from 'vitest';
import { MUTANTS, type Mutant } from './mutants.js';
import { SIM_OPTIONS, simulatorContext } from './targets.js';

type Options = Parameters<NonNullable<Mutant['options']>>[0];

/** Builds clients of `mutant` (or of the plain adapter): the vendor's own factory, then the bug. */
function builder(vendor: VendorId, mutant?: Mutant): (options: CreatePbxOptions) => PbxClient {
  return ({ vendor: _vendor, ...raw }) => {
    const options = (mutant?.options ?? ((o: Options) => o))(raw as unknown as Options);
    const adapter = VENDORS[vendor].createAdapter(options as never);
    return createClient(mutant?.adapter ? mutant.adapter(adapter, options) : adapter, options.deadlineMs ? { deadlineMs: options.deadlineMs } : {});
  };
}

/** Runs the whole suite against a target, in order, up to the first failing case; returns that case and its error. */
async function firstFailure(target: ConformanceTarget): Promise<{ name: string; error: unknown } | undefined> {
  const cases: { name: string; body: () => Promise<void> }[] = [];
  defineConformanceSuite({ describe: (_name, body) => body(), it: (name, body) => void cases.push({ name, body }), skip: () => undefined }, target);
  for (const { name, body } of cases) {
    try {
      await body();
    } catch (error) {
      return { name, error };
    }
  }
  return undefined;
}

function target(vendor: VendorId, mutant?: Mutant): ConformanceTarget {
  const build = builder(vendor, mutant);
  const capabilities = mutant?.capabilities?.(VENDORS[vendor].capabilities) ?? VENDORS[vendor].capabilities;
  return {
    name: mutant ? `${vendor} with ${mutant.id}` : vendor,
    capabilities,
    features: ['connect', 'faults'],
    async setup() {
      const sim = await startSimulator(vendor, SIM_OPTIONS);
      // In-process: the simulator's fetch, no sockets (faster; resets and aborts behave as with undici).
      return simulatorContext(sim, sim.url, (options) => build({ ...options, fetch: sim.fetch } as CreatePbxOptions));
    },
  };
}

it('the conformance suite catches at least 90 % of the seeded adapter bugs', async () => {
  const started = Date.now();
  for (const vendor of new Set(MUTANTS.map((m) => m.vendor))) {
    const baseline = await firstFailure(target(vendor));
    expect(baseline, `the unmutated ${vendor} adapter fails "${baseline?.name}": ${String(baseline?.error)}`).toBeUndefined();
  }
  const results: { mutant: Mutant; caughtBy?: string; error?: string }[] = [];
  for (const mutant of MUTANTS) {
    const failure = await firstFailure(target(mutant.vendor, mutant));
    results.push({ mutant, ...(failure ? { caughtBy: failure.name, error: String((failure.error as Error)?.message ?? failure.error).split('\n')[0]!.slice(0, 160) } : {}) });
  }
  const caught = results.filter((r) => r.caughtBy);
  const lines = results.map((r) => `${r.caughtBy ? 'CAUGHT  ' : 'SURVIVED'} ${r.mutant.id.padEnd(30)} ${r.caughtBy ? `by "${r.caughtBy}": ${r.error}` : r.mutant.bug}`);
  console.log(
    `mutation check: ${caught.length}/${results.length} seeded bugs caught (${Math.round((100 * caught.length) / results.length)} %) in ${((Date.now() - started) / 1000).toFixed(1)} s\n${lines.join('\n')}`,
  );
  expect(new Set(MUTANTS.map((m) => m.id)).size).toBe(MUTANTS.length);
  expect(MUTANTS.length).toBeGreaterThanOrEqual(12);
  expect(caught.length / results.length).toBeGreaterThanOrEqual(0.9);
}, 300_000);
