/**
 * A shortened chaos run (`npm run chaos` is the full one): every vendor's simulator with
 * faults on 20 % of requests, concurrent workers doing creates, updates, deletes, member
 * changes, agent logins and CDR pages; then the final state is compared with what the
 * reported outcomes allow.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FAULT_KINDS } from '../../core/sim/faults.js';
import { meetsTargets, parseFaultKinds, runChaos, totalFaults } from '../../src/chaos/run.js';
import { sum } from '../../src/chaos/findings.js';
import { VENDOR_IDS, VENDORS } from '../../src/registry.js';

describe('chaos (shortened)', () => {
  it('under 20 % faults: no duplicate, no lost write, no wrong read, every failure a typed error', { timeout: 120_000 }, async () => {
    const reports = await runChaos({ operations: 250, workers: 4, seed: 3 });
    expect(reports.map((r) => r.vendor).sort()).toEqual([...VENDOR_IDS].sort());
    for (const report of reports) {
      const { findings } = report;
      expect({ vendor: report.vendor, untyped: findings.untypedErrors, duplicates: findings.duplicates, lost: findings.lostWrites, wrong: findings.wrongReads, harness: findings.harnessErrors }).toEqual({
        vendor: report.vendor,
        untyped: [],
        duplicates: [],
        lost: [],
        wrong: [],
        harness: [],
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

describe('chaos harness under the hardest faults', () => {
  it('the hardest preset at 40 %: the run completes and prints its table, errors broken down by kind', { timeout: 240_000 }, async () => {
    const script = fileURLToPath(new URL('../../scripts/chaos.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, '--kinds', 'hardest', '--rate', '40%', '--ops', '120', '--workers', '6', '--seed', '5'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 220_000);
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    clearTimeout(timer);
    expect(stdout, stderr).toContain('(hardest: reset-after, delay, expire-session)');
    const row = (name: string) => stdout.split('\n').find((line) => line.startsWith(name));
    for (const name of ['operations', 'requests sent', 'faults injected', 'typed errors surfaced', 'untyped errors', 'duplicates created', 'writes lost', 'reads wrong', 'checks not made']) {
      expect(row(name), `row ${name}\n${stdout}`).toBeDefined();
    }
    // Every vendor ran its whole budget: 120 operations each.
    expect(row('operations')!.split(/\s{2,}/).slice(1)).toEqual([...VENDOR_IDS.map(() => '120'), String(120 * VENDOR_IDS.length)]);
    expect(stdout).toContain('typed errors surfaced, by kind:');
    expect(stdout).not.toContain('CRASHED');
    expect(stdout).toMatch(/^PASS: 0 duplicates/m);
    expect(code, stdout).toBe(0);
  });

  it('parses --kinds presets and lists; refuses unknown kinds', () => {
    expect(parseFaultKinds('hardest')).toEqual(['reset-after', 'delay', 'expire-session']);
    expect(parseFaultKinds('all')).toEqual(FAULT_KINDS);
    expect(parseFaultKinds('http-503, delay')).toEqual(['http-503', 'delay']);
    expect(() => parseFaultKinds('http-999')).toThrow(/unknown fault kind http-999/);
  });
});
