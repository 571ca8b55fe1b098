/**
 * The contact-centre commands (issue 12) as a real process against every vendor's simulator:
 * a supported operation's output equals the library's, an unsupported one exits 5 naming the
 * manifest's reason without sending a request.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { VENDORS, VENDOR_IDS, type OperationName } from '../../src/index.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { asJson, cleanEnv, removeDir, run, startSim, tempDir, writeConfig, type Result, type Sim } from '../cli/support.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

describe.each(VENDOR_IDS)('contact-centre commands against the %s simulator', (vendor) => {
  const capabilities = VENDORS[vendor].capabilities;
  const supports = (op: OperationName) => capabilities[op].support !== 'unsupported';
  const reason = (op: OperationName) => {
    const c = capabilities[op];
    return c.support === 'unsupported' ? c.reason : '';
  };
  let dir: string;
  let env: Record<string, string>;
  let pbx: Sim;
  const cli = (...args: string[]) => run(['--profile', 'pbx', ...args], { env });

  beforeAll(async () => {
    dir = tempDir();
    pbx = await startSim(vendor);
    env = cleanEnv(dir, { UNIPBX_CONFIG: writeConfig(dir, { pbx }) });
  });
  afterAll(async () => {
    await pbx?.close();
    removeDir(dir);
  });

  async function expectOutcome(op: OperationName, result: Result, check: () => unknown): Promise<void> {
    if (supports(op)) {
      expect(result.stderr, `${op} failed`).toBe('');
      expect(result.code).toBe(EXIT.OK);
      await check();
    } else {
      expect(result.code, result.stderr).toBe(EXIT.UNSUPPORTED);
      expect(result.stderr).toContain(reason(op));
    }
  }

  it('queues reasons: the not-ready reasons', async () => {
    const before = pbx.sim.requestCount();
    const result = await cli('queues', 'reasons', '--json');
    await expectOutcome('queues.notReadyReasons', result, async () => {
      expect(JSON.parse(result.stdout)).toEqual(asJson(await pbx.client.queues.notReadyReasons().toArray()));
    });
    if (!supports('queues.notReadyReasons')) expect(pbx.sim.requestCount()).toBe(before);
  });

  it('queues not-ready --reason: the signed-in agent goes not ready with a reason', async () => {
    if (!supports('queues.notReadyReasons') || !supports('whoami') || !supports('queues.addAgent')) {
      const result = await cli('queues', 'not-ready', 'Support', '--extension', '1001', '--reason', 'LUNCH');
      expect(result.code, result.stderr).toBe(EXIT.UNSUPPORTED);
      return;
    }
    const me = await pbx.client.whoami();
    const [queue] = await pbx.client.queues.list().toArray({ max: 1 });
    await pbx.client.queues.addAgent(queue!.id, me);
    const [code] = await pbx.client.queues.notReadyReasons().toArray({ max: 1 });
    const result = await cli('queues', 'not-ready', queue!.id, '--user', me.id, '--reason', code!.code, '--json');
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ operation: 'queues.setStatus', status: 'not_ready', reason: code!.code, ok: true });
    const agent = (await pbx.client.queues.agents(queue!.id).toArray()).find((a) => a.extension === me.extension);
    expect(agent).toMatchObject({ status: 'not_ready', statusReason: code!.code });
  });

  it('users presence <ids>: the presence of those users', async () => {
    const users = supports('users.list') ? await pbx.client.users.list().toArray({ max: 5 }) : [];
    const ids = users.length ? users.map((u) => u.id) : ['1001'];
    const before = pbx.sim.requestCount();
    const result = await cli('users', 'presence', ...ids, '--json');
    await expectOutcome('users.presence', result, async () => {
      expect(JSON.parse(result.stdout)).toEqual(asJson(await pbx.client.users.presence(ids)));
    });
    if (!supports('users.presence')) expect(pbx.sim.requestCount()).toBe(before);
  });

  it('roles list, users set-role', async () => {
    const list = await cli('roles', 'list', '--json');
    await expectOutcome('roles.list', list, async () => {
      expect(JSON.parse(list.stdout)).toEqual(asJson(await pbx.client.roles.list().toArray()));
    });
    const update = capabilities['users.update'];
    const takesRole = update.support !== 'unsupported' && (update.fields === undefined || update.fields.includes('role'));
    const [, user] = supports('users.list') ? await pbx.client.users.list().toArray({ max: 2 }) : [];
    const before = pbx.sim.requestCount();
    const set = await cli('users', 'set-role', user?.id ?? '1001', 'QueueManager', '--json');
    if (!takesRole) {
      expect(set.code, set.stderr).toBe(EXIT.UNSUPPORTED);
      expect(pbx.sim.requestCount()).toBe(before);
      return;
    }
    expect(set.stderr).toBe('');
    expect(JSON.parse(set.stdout)).toMatchObject({ operation: 'users.update', userId: user!.id, role: 'QueueManager', ok: true });
    expect((await pbx.client.users.get(user!.id)).role).toBe('QueueManager');
  });

  it('queues create, update, delete', async () => {
    const before = pbx.sim.requestCount();
    const created = await cli('queues', 'create', '--name', 'CLI Queue', '--extension', '8123', '--ring-time', '25', '--json');
    if (!supports('queues.create')) {
      expect(created.code, created.stderr).toBe(EXIT.UNSUPPORTED);
      expect(created.stderr).toContain(reason('queues.create'));
      expect(pbx.sim.requestCount()).toBe(before);
      return;
    }
    expect(created.stderr).toBe('');
    const queue = JSON.parse(created.stdout) as { id: string; name: string; extension: string };
    expect(queue).toMatchObject({ name: 'CLI Queue', extension: '8123' });
    const updated = await cli('queues', 'update', '8123', '--name', 'CLI Queue 2', '--json');
    expect(updated.stderr).toBe('');
    expect(JSON.parse(updated.stdout)).toMatchObject({ id: queue.id, name: 'CLI Queue 2' });
    const deleted = await cli('queues', 'delete', queue.id, '--json');
    expect(JSON.parse(deleted.stdout)).toMatchObject({ operation: 'queues.delete', queueId: queue.id, ok: true });
    await expect(pbx.client.queues.get(queue.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('groups members / add-member on a ring group (kind ring), where the vendor has one', async () => {
    if (!supports('groups.list')) return;
    const ring = (await pbx.client.groups.list().toArray()).find((g) => g.kind === 'ring');
    if (!ring) return;
    const listed = await cli('groups', 'members', ring.id, '--json');
    expect(listed.stderr).toBe('');
    expect(JSON.parse(listed.stdout)).toEqual(asJson(await pbx.client.groups.members.list(ring.id).toArray()));
    if (!supports('groups.members.add')) return;
    const members = await pbx.client.groups.members.list(ring.id).toArray();
    const user = (await pbx.client.users.list().toArray()).find((u) => !members.some((m) => m.extension === u.extension))!;
    const added = await cli('groups', 'add-member', ring.id, '--extension', user.extension!);
    expect(added.stderr).toBe('');
    expect((await pbx.client.groups.members.list(ring.id).toArray()).some((m) => m.extension === user.extension)).toBe(true);
  });

  it('recordings list and download (streamed to a file)', async () => {
    const before = pbx.sim.requestCount();
    const listed = await cli('recordings', 'list', '--json');
    if (!supports('recordings.list')) {
      expect(listed.code, listed.stderr).toBe(EXIT.UNSUPPORTED);
      expect(listed.stderr).toContain(reason('recordings.list'));
      expect(pbx.sim.requestCount()).toBe(before);
      return;
    }
    expect(listed.stderr).toBe('');
    const all = await pbx.client.recordings.list().toArray();
    expect(JSON.parse(listed.stdout)).toEqual(asJson(all));
    const file = join(dir, 'rec.wav');
    const downloaded = await cli('recordings', 'download', all[0]!.id, '--out', file, '--json');
    expect(downloaded.stderr).toBe('');
    const { bytes } = JSON.parse(downloaded.stdout) as { bytes: number };
    expect(statSync(file).size).toBe(bytes);
    expect(bytes).toBeGreaterThan(44);
  });
});
