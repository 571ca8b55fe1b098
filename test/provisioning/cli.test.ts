/**
 * `unipbx export-state`, `plan` and `apply` as processes against simulators: a tenant
 * exported from PortSIP, planned against NetPBX (what it cannot do is printed before
 * anything is sent), applied to PortSIP with a JSON report, re-applied with nothing to do,
 * and `--prune` refused without `--yes` off a terminal.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { cleanEnv, removeDir, run, startSim, tempDir, writeConfig, type Sim } from '../cli/support.js';

let dir: string;
let env: Record<string, string>;
let portsip: Sim;
let netpbx: Sim;

beforeAll(async () => {
  dir = tempDir('unipbx-provisioning-');
  portsip = await startSim('portsip');
  netpbx = await startSim('netpbx');
  env = cleanEnv(dir, { UNIPBX_CONFIG: writeConfig(dir, { ps: portsip, np: netpbx }) });
}, 30_000);
afterAll(async () => {
  await Promise.all([portsip.close(), netpbx.close()]);
  removeDir(dir);
});

describe('unipbx export-state / plan / apply', () => {
  it('export-state prints a YAML document without vendor ids', async () => {
    const result = await run(['--profile', 'ps', 'export-state'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^# yaml-language-server: \$schema=/);
    expect(result.stdout).toMatch(/^version: 1$/m);
    expect(result.stdout).not.toMatch(/^\s*id:/m);
    writeFileSync(join(dir, 'tenant.yaml'), result.stdout);
  });

  it('plan against another vendor lists what it cannot do, and sends nothing', async () => {
    const before = netpbx.sim.requestCount();
    const result = await run(['--profile', 'np', 'plan', join(dir, 'tenant.yaml')], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Cannot do on netpbx \(not attempted\):/);
    expect(result.stdout).toMatch(/groups\.create — team .*: the NetPBX Web API \(v1\) only reads groups/);
    expect(result.stdout).toMatch(/users\.update enabled — .*: netpbx cannot set enabled/);
    // Reads only: login + lists; no write reached the simulator.
    expect(netpbx.sim.requestCount() - before).toBeGreaterThan(0);
  });

  it('apply --json carries a document out, and a second apply has nothing to do', async () => {
    const doc = {
      version: 1,
      users: [
        { extension: '7701', email: 'cli.one@example.com', displayName: 'Cli One', department: 'Ops' },
        { extension: '7702', email: 'cli.two@example.com', displayName: 'Cli Two' },
      ],
      teams: [{ name: 'Cli Team', members: ['7701', '7702'] }],
    };
    writeFileSync(join(dir, 'doc.yaml'), stringify(doc));
    const first = await run(['--profile', 'ps', '--json', 'apply', join(dir, 'doc.yaml')], { env });
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout) as { counts: { done: number; failed: number }; results: unknown[] };
    expect(report.counts).toMatchObject({ done: 5, failed: 0 });
    expect((await portsip.client.users.findByExtension('7702'))?.displayName).toBe('Cli Two');

    const second = await run(['--profile', 'ps', '--json', 'apply', join(dir, 'doc.yaml')], { env });
    expect(second.code).toBe(0);
    expect((JSON.parse(second.stdout) as { results: unknown[] }).results).toEqual([]);
    const text = await run(['--profile', 'ps', 'plan', join(dir, 'doc.yaml')], { env });
    expect(text.stdout).toMatch(/nothing to change/);
  });

  it('--prune without --yes is refused off a terminal, before anything is deleted', async () => {
    writeFileSync(join(dir, 'few.yaml'), stringify({ version: 1, users: [{ extension: '7701' }] }));
    const before = (await portsip.client.users.list().toArray()).length;
    const result = await run(['--profile', 'ps', 'apply', '--prune', join(dir, 'few.yaml')], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/confirm with --yes/);
    expect((await portsip.client.users.list().toArray()).length).toBe(before);
  });

  it('an invalid document is a usage error naming the field', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'version: 1\nusers:\n  - extension: "12a"\n');
    const result = await run(['--profile', 'ps', 'plan', join(dir, 'bad.yaml')], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/users\.0\.extension/);
    expect(readFileSync(join(dir, 'bad.yaml'), 'utf8')).toContain('12a');
  });
});
