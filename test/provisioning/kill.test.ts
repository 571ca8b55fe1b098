/**
 * `kill -9` of `unipbx apply` at random points, then running it again: the tenant converges
 * to the document with no duplicate user and nothing lost. The simulator runs in this test
 * process with faults on (replies lost after the write landed, 503s, a request-rate limit);
 * apply runs as a child process and is SIGKILLed after a random delay, several times.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { seededRandom } from '../../core/sim/random.js';
import { exited, killLeftovers, removeDir, run, cleanEnv, spawnCli, startSim, tempDir, writeConfig, type Sim } from '../cli/support.js';

let dir: string;
let env: Record<string, string>;
let sim: Sim;

const USERS = 120;
const doc = {
  version: 1,
  users: Array.from({ length: USERS }, (_, i) => ({
    extension: String(7100 + i),
    email: `kill.${7100 + i}@example.com`,
    displayName: `Kill Test ${i}`,
    department: i % 2 ? 'Odd' : 'Even',
  })),
  teams: [
    { name: 'Kill Even', members: Array.from({ length: USERS / 2 }, (_, i) => String(7100 + 2 * i)) },
    { name: 'Kill Odd', members: Array.from({ length: USERS / 2 }, (_, i) => String(7101 + 2 * i)) },
  ],
};

/** Replies lost after the write landed, 503s, resets before sending, and a 40 requests/s limit (undefined: off). */
function faultsOn(seed: number | undefined): void {
  sim.sim.faults!.configure(
    seed === undefined
      ? undefined
      : { seed, requestsPerSecond: 40, rules: [{ rate: 0.15, kinds: ['reset-after', 'http-503', 'reset-before'], methods: ['POST'], path: /^\/api\/(users|groups)/ }] },
  );
}

beforeAll(async () => {
  dir = tempDir('unipbx-kill-');
  sim = await startSim('portsip', { seed: 13, users: 20 });
  faultsOn(0);
  env = cleanEnv(dir, { UNIPBX_CONFIG: writeConfig(dir, { sim }) });
  writeFileSync(join(dir, 'tenant.yaml'), stringify(doc));
}, 30_000);
afterAll(async () => {
  killLeftovers();
  await sim.close();
  removeDir(dir);
});

describe('apply killed with SIGKILL at random points', () => {
  it('converges on re-runs: no duplicate user, nothing lost', { timeout: 240_000 }, async () => {
    const random = seededRandom(42);
    const args = ['--profile', 'sim', '--json', 'apply', join(dir, 'tenant.yaml')];
    let killedMidRun = 0;
    const seen: string[] = [];
    for (let round = 0; round < 5; round++) {
      const child = spawnCli(args, { env });
      const delay = 400 + Math.floor(random() * 3000);
      const timer = setTimeout(() => child.kill('SIGKILL'), delay);
      const { signal } = await exited(child);
      clearTimeout(timer);
      if (signal !== 'SIGKILL') break; // it finished before the kill: the rest is the final run's job
      killedMidRun++;
      faultsOn(undefined);
      const created = (await sim.client.users.list({ pageSize: 500 }).toArray()).filter((u) => Number(u.extension) >= 7100).length;
      seen.push(`${delay} ms: ${created} users`);
      faultsOn(round + 1);
    }
    console.log(`killed ${killedMidRun} times: ${seen.join('; ')}`);
    expect(killedMidRun).toBeGreaterThan(0);

    // Re-run to completion (faults still on): bounded.
    let final: Awaited<ReturnType<typeof run>> | undefined;
    for (let attempt = 0; attempt < 5; attempt++) {
      final = await run(args, { env, timeoutMs: 120_000 });
      if (final.code === 0) break;
    }
    expect(final?.code, final?.stderr).toBe(0);

    // The verdict, read with faults off.
    faultsOn(undefined);
    const users = await sim.client.users.list().toArray();
    const ours = users.filter((u) => u.extension !== undefined && Number(u.extension) >= 7100 && Number(u.extension) < 7100 + USERS);
    const perExtension = new Map<string, number>();
    for (const u of ours) perExtension.set(u.extension!, (perExtension.get(u.extension!) ?? 0) + 1);
    expect([...perExtension.values()].filter((n) => n > 1)).toEqual([]); // no duplicate
    expect(perExtension.size).toBe(USERS); // nothing lost
    for (const wanted of doc.users) {
      const user = ours.find((u) => u.extension === wanted.extension)!;
      expect({ email: user.email, displayName: user.displayName, department: user.department }).toEqual({ email: wanted.email, displayName: wanted.displayName, department: wanted.department });
    }
    const groups = await sim.client.groups.list().toArray();
    for (const team of doc.teams) {
      const matching = groups.filter((g) => g.name === team.name);
      expect(matching).toHaveLength(1); // no duplicate team either
      const members = await sim.client.groups.members.list(matching[0]!.id).toArray();
      expect(members.map((m) => m.extension).sort()).toEqual([...team.members].sort());
    }
    // And a last apply has nothing left to do.
    const last = await run(args, { env, timeoutMs: 60_000 });
    expect((JSON.parse(last.stdout) as { results: unknown[] }).results).toEqual([]);
  });
});
