/**
 * plan / apply / exportState against the simulators of every vendor: a document applied
 * converges and a second apply writes nothing (requests counted); a tenant exported from
 * PortSIP applied to the other vendors does what they allow and reports the rest with the
 * manifests' reasons, attempting none of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPbx, type CreatePbxOptions } from '../../src/create.js';
import type { PbxClient } from '../../src/index.js';
import { apply, exportState, formatDesiredState, parseDesiredState, plan, type DesiredState, type PlanAction } from '../../src/provisioning/index.js';
import { VENDOR_IDS } from '../../src/registry.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator.js';

const sims: RunningSimulator<unknown>[] = [];
const clients = new Map<string, { pbx: PbxClient; writes: () => number; reset: () => void }>();

beforeAll(async () => {
  for (const vendor of VENDOR_IDS) {
    const sim = await startSimulator(vendor, { seed: 21 });
    sims.push(sim);
    let writes = 0;
    const pbx = createPbx({
      vendor,
      baseUrl: sim.url,
      credentials: sim.credentials,
      fetch: sim.fetch,
      hooks: { onRequest: (e) => void (e.method !== 'GET' && /^(users|groups|queues)\./.test(e.operation) && writes++) },
    } as CreatePbxOptions);
    clients.set(vendor, { pbx, writes: () => writes, reset: () => void (writes = 0) });
  }
}, 30_000);
afterAll(async () => Promise.all(sims.map((s) => s.close())));

describe('on PortSIP', () => {
  it('exporting then applying the export plans nothing', async () => {
    const { pbx } = clients.get('portsip')!;
    const { document } = await exportState(pbx);
    expect(document.users.length).toBeGreaterThan(5);
    const text = formatDesiredState(document);
    expect(text).not.toMatch(/\bid:/); // no vendor ids
    const again = await plan(pbx, parseDesiredState(text));
    expect(again.actions).toEqual([]);
    expect(again.problems).toEqual([]);
  });

  it('applies a document (creates, updates, a new team, members, agents), and a second apply writes nothing', async () => {
    const { pbx, writes, reset } = clients.get('portsip')!;
    const { document: before } = await exportState(pbx);
    const [queue] = before.queues;
    const existing = before.users.slice(0, 3);
    const desired: DesiredState = {
      version: 1,
      users: [
        ...existing.map((u) => ({ ...u, department: 'Provisioned' })),
        { extension: '7401', email: 'new.one@example.com', displayName: 'New One', department: 'Provisioned' },
        { extension: '7402', email: 'new.two@example.com', displayName: 'New Two', enabled: false },
      ],
      teams: [{ name: 'Provisioned Team', members: ['7401', '7402', existing[0]!.extension!] }],
      queues: [{ name: queue!.name, agents: [...queue!.agents.filter((a) => a.user !== '7401'), { user: '7401', skillLevel: 7 }] }],
    };
    const first = await plan(pbx, desired);
    const kinds = first.actions.map((a) => a.kind);
    expect(kinds.filter((k) => k === 'user.create')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'user.update')).toHaveLength(3);
    expect(kinds).toContain('team.create');
    expect(kinds.filter((k) => k === 'member.add')).toHaveLength(3);
    expect(first.actions).toContainEqual({ kind: 'agent.add', queue: queue!.name, user: '7401', skillLevel: 7 });
    const update = first.actions.find((a) => a.kind === 'user.update')!;
    expect(update).toMatchObject({ changes: [{ field: 'department', to: 'Provisioned' }] });

    const report = await apply(pbx, first);
    expect(report.counts).toMatchObject({ failed: 0, unknown: 0, done: first.actions.length });

    const second = await plan(pbx, desired);
    expect(second.actions).toEqual([]);
    reset();
    const again = await apply(pbx, second);
    expect(again.results).toEqual([]);
    expect(writes()).toBe(0);
    expect((await pbx.users.findByExtension('7402'))?.enabled).toBe(false);
  });

  it('prune deletes users the document does not list, but never the signed-in account', async () => {
    const { pbx } = clients.get('portsip')!;
    const { document } = await exportState(pbx);
    const keep = { ...document, users: document.users.slice(0, 2), teams: [], queues: [] };
    const p = await plan(pbx, keep, { prune: true });
    const me = await pbx.whoami();
    const deletes = p.actions.filter((a) => a.kind === 'user.delete');
    expect(deletes.length).toBe(document.users.length - 2 - (keep.users.some((u) => u.extension === me.extension) ? 0 : 1));
    expect(deletes.some((a) => a.kind === 'user.delete' && a.userId === me.id)).toBe(false);
    expect((await plan(pbx, keep)).actions.filter((a) => a.kind === 'user.delete')).toEqual([]);
  });
});

describe.each(['netpbx', 'voipstudio'])('a PortSIP tenant applied to %s', (vendor) => {
  it('does what the vendor allows, reports the rest with the manifest reasons, attempts none of it', async () => {
    const source = clients.get('portsip')!.pbx;
    const { pbx } = clients.get(vendor)!;
    const { document } = await exportState(source);
    const p = await plan(pbx, document);
    // Neither vendor can create users: every PortSIP user not already there is reported, not attempted.
    const creates = p.unsupported.filter((u) => u.operation === 'users.create');
    expect(creates.length).toBeGreaterThan(0);
    expect(creates[0]!.reason).toBe((pbx.capabilities['users.create'] as { reason: string }).reason);
    expect(p.actions.some((a) => a.kind === 'user.create')).toBe(false);
    const report = await apply(pbx, p);
    expect(report.unsupported.length).toBe(p.unsupported.length);
    // The seeded tenants share extensions with other people on them: what the vendor refuses
    // (an email another user still has, NetPBX keeping a MEX user's mobile) is reported, typed.
    const failed = report.results.filter((r) => r.status !== 'done');
    for (const f of failed) expect(['CONFLICT', 'PARTIAL_FAILURE']).toContain(f.error?.code);
    expect(report.counts.unknown).toBe(0);
    // Everything else converged: a second plan has only what was refused.
    const again = await plan(pbx, document);
    const who = (a: PlanAction) => ('user' in a ? a.user : a.team);
    const refused = new Set(failed.map((f) => who(f.action)));
    for (const a of again.actions) expect(refused.has(who(a))).toBe(true);
    expect(again.actions.length).toBeLessThanOrEqual(failed.length);
  });
});

describe.each(VENDOR_IDS)('export-state on %s', (vendor) => {
  it('writes a valid document without vendor ids, and re-applying it plans nothing', async () => {
    const { pbx } = clients.get(vendor)!;
    const { document, unsupported } = await exportState(pbx);
    const text = formatDesiredState(document);
    const parsed = parseDesiredState(text);
    expect(parsed.users.length).toBe(document.users.length);
    for (const u of unsupported) expect(u.reason.length).toBeGreaterThan(0);
    expect((await plan(pbx, parsed)).actions).toEqual([]);
  });
});
