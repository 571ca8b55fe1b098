/**
 * `pbx.bulk` against the simulators: PortSIP creates go through 22.3 `create_many` (100 per
 * request), also with connections reset after the write landed (no duplicate, nothing lost);
 * updates make one request each; team members and queue agents in bulk.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createPbx, type CreatePbxOptions } from '../../src/create.js';
import type { PbxClient } from '../../src/index.js';
import { startSimulator, type FaultConfig, type RunningSimulator } from '../../src/simulator.js';

let sim: RunningSimulator<unknown> | undefined;
afterEach(async () => sim?.close());

async function portsip(faults?: FaultConfig) {
  sim = await startSimulator('portsip', { seed: 11, ...(faults ? { faults } : {}) });
  const requests: string[] = [];
  const client = createPbx({
    vendor: 'portsip',
    baseUrl: sim.url,
    credentials: sim.credentials,
    fetch: sim.fetch,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    throttle: { minRequestsPerSecond: 200 }, // injected 429s are random, not a rate limit to learn
    hooks: { onRequest: (e) => requests.push(`${e.method} ${e.url.replace(/^.*\/api\//, '')}`) },
  } as CreatePbxOptions) as PbxClient;
  return { client, requests };
}

const newUsers = (n: number, from = 7000) =>
  Array.from({ length: n }, (_, i) => ({ extension: String(from + i), displayName: `Bulk ${i}`, email: `bulk.${from + i}@example.com` }));

describe('pbx.bulk on PortSIP', () => {
  it('creates 250 users in 3 create_many requests', async () => {
    const { client, requests } = await portsip();
    const { results, progress } = await client.bulk.users.create(newUsers(250)).collect();
    expect(progress).toMatchObject({ done: 250, failed: 0, unknown: 0 });
    expect(requests.filter((r) => r.startsWith('POST users/create_many'))).toHaveLength(3);
    expect(requests.filter((r) => r === 'POST users')).toHaveLength(0);
    const ids = new Set(results.map((r) => (r.status === 'done' ? r.result?.id : undefined)));
    expect(ids.size).toBe(250);
    expect((await client.users.findByExtension('7123'))?.email).toBe('bulk.7123@example.com');
  });

  it('an item PortSIP refuses fails alone with a typed error; the others are created', async () => {
    const { client } = await portsip();
    const items = [...newUsers(3), { extension: '12', displayName: 'Too short', email: 'short@example.com' }];
    const taken = (await client.users.list().toArray({ max: 1 }))[0]!.extension!;
    items.push({ extension: taken, displayName: 'Taken', email: 'taken@example.com' });
    const { results } = await client.bulk.users.create(items).collect();
    expect(results.find((r) => r.key === 'ext:12')).toMatchObject({ status: 'failed', error: { code: 'VALIDATION_FAILED' } });
    expect(results.find((r) => r.key === `ext:${taken}`)).toMatchObject({ status: 'failed', error: { code: 'CONFLICT' } });
    expect(results.filter((r) => r.status === 'done')).toHaveLength(3);
  });

  it('with replies lost after the write landed, creates converge: no duplicate, nothing lost', { timeout: 120_000 }, async () => {
    const { client } = await portsip({ seed: 3, rules: [{ rate: 0.3, kinds: ['reset-after', 'http-503', 'rate-limit-retry-after'], methods: ['POST'] }], retryAfterSeconds: 0 });
    const { progress } = await client.bulk.users.create(newUsers(120, 7500), { concurrency: 4 }).collect();
    expect(progress.failed).toBe(0);
    sim!.faults!.configure(undefined);
    const all = await client.users.list().toArray();
    const ours = all.filter((u) => u.extension && Number(u.extension) >= 7500 && Number(u.extension) < 7620);
    expect(new Set(ours.map((u) => u.extension)).size).toBe(ours.length);
    // What the run could not confirm is reported unknown; everything it reports done exists.
    expect(ours.length).toBeGreaterThanOrEqual(progress.done);
    expect(progress.done + progress.unknown).toBe(120);
  });

  it('updates make one request per user', async () => {
    const { client, requests } = await portsip();
    const users = await client.users.list().toArray({ max: 20 });
    await client.whoami();
    requests.length = 0;
    const { progress } = await client.bulk.users.update(users.map((u) => ({ id: u.id, patch: { department: 'Bulk' } }))).collect();
    expect(progress.done).toBe(20);
    expect(requests).toHaveLength(20);
    expect((await client.users.get(users[3]!.id)).department).toBe('Bulk');
  });

  it('adds team members and queue agents in bulk', async () => {
    const { client } = await portsip();
    const [group] = await client.groups.list().toArray({ max: 1 });
    const [queue] = await client.queues.list().toArray({ max: 1 });
    const users = await client.users.list().toArray({ max: 5 });
    const members = await client.bulk.groups.members.add(users.map((u) => ({ groupId: group!.id, user: u }))).collect();
    expect(members.progress.done).toBe(5);
    const agents = await client.bulk.queues.addAgents(users.map((u) => ({ queueId: queue!.id, user: u, skillLevel: 5 }))).collect();
    expect(agents.progress.done).toBe(5);
    const listed = await client.queues.agents(queue!.id).toArray();
    for (const u of users) expect(listed.some((a) => a.extension === u.extension)).toBe(true);
  });
});
