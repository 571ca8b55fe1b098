/**
 * The chaos run (`npm run chaos`): every vendor's simulator on loopback with faults on a
 * share of all requests, a mixed workload of concurrent integrators through the public
 * client, then a fault-free comparison of the PBX's final state with what the outcomes
 * reported to the workload allow. Targets: no duplicate, no lost write, no wrong read,
 * every failure a typed error.
 */
import type { PbxClient } from '../../core/client.js';
import { seededRandom } from '../../core/sim/random.js';
import { FAULT_BYPASS_HEADER, FAULT_KINDS, type FaultKind } from '../../core/sim/faults.js';
import { runSimulator } from '../../core/sim/run.js';
import type { VendorDefinition } from '../../core/vendor.js';
import { createPbx, type CreatePbxOptions } from '../create.js';
import { VENDORS, VENDOR_IDS, type VendorId } from '../registry.js';
import { Ledger } from './expectation.js';
import { countHarnessError, emptyFindings, sum, type Findings } from './findings.js';
import { makePlan } from './plan.js';
import { verifyFinalState } from './verify.js';
import { ChaosWorker, keys, updatableFields, userFact, withRelogin, type VendorRun } from './worker.js';

export interface ChaosOptions {
  /** Vendors to run (default: all registered). */
  readonly vendors?: readonly VendorId[];
  /** Operations per vendor. Default 2000. */
  readonly operations?: number;
  /** Share of requests that get a fault (0–1). Default 0.2. */
  readonly faultRate?: number;
  /** Fault kinds to draw from. Default: all. */
  readonly faultKinds?: readonly FaultKind[];
  /** Seed of the data, the faults and the workload. Default 1. */
  readonly seed?: number;
  /** Concurrent integrators per vendor. Default 6. */
  readonly workers?: number;
  /** The simulators' request-rate limit (429 beyond it). Default 250 per second. */
  readonly requestsPerSecond?: number;
  /** Called after each vendor's run. */
  readonly onVendor?: (report: VendorChaosReport) => void;
}

export interface VendorChaosReport {
  readonly vendor: string;
  readonly findings: Findings;
  /** Requests the workload's client sent (retries and logins included). */
  readonly requests: number;
  readonly retries: number;
  readonly faults: Readonly<Record<FaultKind, number>>;
  /** Requests refused by the simulator's request-rate limit. */
  readonly rateLimited: number;
  readonly durationMs: number;
  /** Set when the vendor's run could not complete (the simulator did not start, the plan could not be read): why. */
  readonly crashed?: string;
}

/** The client settings of the run: short timeouts so that injected delays cost little. */
const CLIENT_SETTINGS = {
  timeoutMs: 300,
  deadlineMs: 20_000,
  retry: { maxRetries: 4, baseDelayMs: 20, maxDelayMs: 300, maxRetryAfterMs: 2_000 },
  // The floor keeps the adaptive slow-down from crawling while 429s are injected at random.
  throttle: { maxConcurrent: 8, minRequestsPerSecond: 200 },
} as const;
/** Longer than the client's per-attempt timeout, so a `delay` fault is a timeout. */
const DELAY_MS = 450;

/** A fetch that marks requests as the verifier's: the simulator never faults them. */
const unfaultedFetch: typeof globalThis.fetch = (input, init) => {
  const request = new Request(input, init);
  request.headers.set(FAULT_BYPASS_HEADER, '1');
  return globalThis.fetch(request);
};

async function runVendor(vendor: VendorId, options: ChaosOptions): Promise<VendorChaosReport> {
  const seed = options.seed ?? 1;
  const started = Date.now();
  const definition: VendorDefinition = VENDORS[vendor];
  const instance = (await definition.loadSimulator())({ seed });
  const sim = await runSimulator(instance);
  const connect = (extra: object): PbxClient => createPbx({ vendor, baseUrl: sim.url, credentials: sim.credentials, ...extra } as CreatePbxOptions);
  let requests = 0;
  let retries = 0;
  const verifier = connect({ fetch: unfaultedFetch });
  const client = connect({ ...CLIENT_SETTINGS, hooks: { onRequest: () => requests++, onRetry: () => retries++ } });
  try {
    const random = seededRandom(seed * 7919 + VENDOR_IDS.indexOf(vendor));
    const plan = await makePlan(verifier, options.workers ?? 6, random, sim.facts.cdrRange);
    const ledger = new Ledger();
    const updateFields = updatableFields(client);
    for (const worker of plan.workers) {
      for (const user of worker.users) {
        for (const field of updateFields) ledger.track(keys.userField(user.id, field), userFact(user, field));
        if (plan.team) ledger.track(keys.member(plan.team.id, user.id), plan.teamMembers.has(user.id));
      }
      for (const slot of worker.loginSlots) ledger.track(keys.login(slot), slot.loggedIn);
      for (const slot of worker.agentSlots) ledger.track(keys.agent(slot), false);
      for (const extension of worker.extensions) ledger.track(keys.created(extension), false);
    }
    const run: VendorRun = { client, verifier, plan, ledger, findings: emptyFindings(), random, updateFields, remaining: options.operations ?? 2000, serial: 0 };

    const faults = instance.faults;
    faults?.configure({
      rules: [{ rate: options.faultRate ?? 0.2, kinds: options.faultKinds ?? FAULT_KINDS }],
      seed,
      delayMs: DELAY_MS,
      retryAfterSeconds: 1,
      requestsPerSecond: options.requestsPerSecond ?? 250,
    });
    // Workers never throw (each step counts its own outcome); allSettled is the last safety net.
    const settled = await Promise.allSettled(plan.workers.map((w) => new ChaosWorker(run, w).work()));
    for (const result of settled) if (result.status === 'rejected') countHarnessError(run.findings, 'worker', result.reason);
    const stats = faults?.stats;
    faults?.configure(undefined);

    try {
      await withRelogin(() => verifyFinalState(verifier, plan, ledger, updateFields, run.findings));
    } catch (error) {
      countHarnessError(run.findings, 'final verification', error);
    }
    return {
      vendor,
      findings: run.findings,
      requests,
      retries,
      faults: stats?.injected ?? NO_FAULTS(),
      rateLimited: stats?.rateLimited ?? 0,
      durationMs: Date.now() - started,
    };
  } finally {
    instance.faults?.configure(undefined);
    await Promise.allSettled([client.close(), verifier.close()]);
    await sim.close();
  }
}

const NO_FAULTS = (): Record<FaultKind, number> => Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;

/** The report of a vendor whose run could not complete: still a row of the table. */
function crashedReport(vendor: VendorId, error: unknown, started: number): VendorChaosReport {
  return {
    vendor,
    findings: emptyFindings(),
    requests: 0,
    retries: 0,
    faults: NO_FAULTS(),
    rateLimited: 0,
    durationMs: Date.now() - started,
    crashed: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  };
}

/** Runs the chaos workload against each vendor's simulator in turn (vendors run side by side). */
export async function runChaos(options: ChaosOptions = {}): Promise<VendorChaosReport[]> {
  const vendors = options.vendors ?? VENDOR_IDS;
  // A vendor whose run fails is reported as crashed; the others' results are kept.
  return Promise.all(
    vendors.map(async (vendor) => {
      const started = Date.now();
      const report = await runVendor(vendor, options).catch((error: unknown) => crashedReport(vendor, error, started));
      try {
        options.onVendor?.(report);
      } catch {
        // a progress callback must not lose the report
      }
      return report;
    }),
  );
}

/** True when a report meets every target. */
export function meetsTargets(report: VendorChaosReport): boolean {
  const f = report.findings;
  return report.crashed === undefined && f.duplicates.length === 0 && f.lostWrites.length === 0 && f.wrongReads.length === 0 && f.untypedErrors.length === 0;
}

export const totalFaults = (report: VendorChaosReport): number => sum(report.faults) + report.rateLimited;

/** True when every check of the run could be made (the verifier never gave up). */
export const complete = (report: VendorChaosReport): boolean => report.crashed === undefined && report.findings.harnessErrors.length === 0;

/** Named fault mixes for `--kinds`. */
export const FAULT_PRESETS: Readonly<Record<string, readonly FaultKind[]>> = {
  /** Every kind the simulators can inject. */
  all: FAULT_KINDS,
  /** Those that hurt most: a write applied but its reply lost, a reply slower than the timeout, sessions ending. */
  hardest: ['reset-after', 'delay', 'expire-session'],
  /** Server and proxy errors, nothing applied. */
  server: ['http-500', 'http-502', 'http-503', 'html-200', 'html-502'],
  /** Connections dropped before or after the request was applied, replies cut short. */
  network: ['reset-before', 'reset-after', 'truncated-json'],
  /** 429s with and without Retry-After. */
  throttle: ['rate-limit', 'rate-limit-retry-after'],
};

/** `--kinds` text: a preset name or a comma-separated list of kinds. Throws on an unknown name. */
export function parseFaultKinds(text: string): readonly FaultKind[] {
  const preset = FAULT_PRESETS[text.trim()];
  if (preset) return preset;
  const kinds = text.split(',').map((k) => k.trim()).filter((k) => k !== '');
  const unknown = kinds.filter((k) => !(FAULT_KINDS as readonly string[]).includes(k));
  if (kinds.length === 0 || unknown.length > 0) {
    throw new Error(`unknown fault kind ${unknown.join(', ') || '(none given)'}: use a preset (${Object.keys(FAULT_PRESETS).join(', ')}) or kinds from ${FAULT_KINDS.join(', ')}`);
  }
  return kinds as FaultKind[];
}
