/**
 * Every command of `unipbx`, run as a real process against every registered vendor's
 * simulator. The vendor's capability manifest decides what to expect: a supported operation
 * must work (its output equals what the library returns), an unsupported one must exit 5
 * naming the manifest's reason, without sending a request. No vendor is named here.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { VENDORS, VENDOR_IDS, OPERATIONS, type OperationName, type User } from '../../src/index.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { asJson, cleanEnv, ndjson, removeDir, run, startSim, tempDir, writeConfig, type Result, type Sim } from './support.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 60_000 });

const PATCH_FLAGS: Record<string, [flag: string, value: (u: User) => string]> = {
  displayName: ['--display-name', () => 'Ada CLI Updated'],
  email: ['--email', (u) => `updated.${u.extension ?? 'x'}@example.com`],
  firstName: ['--first-name', () => 'Adeline'],
  lastName: ['--last-name', () => 'Byron'],
  department: ['--department', () => 'R&D'],
  mobile: ['--mobile', () => '+46701234567'],
};

// Vendors run side by side (each on its own simulators); within a vendor the reads run
// concurrently and the changes one after the other.
describe.concurrent.each(VENDOR_IDS)('unipbx commands against the %s simulator', (vendor) => {
  {
    const capabilities = VENDORS[vendor].capabilities;
    const supports = (op: OperationName) => capabilities[op].support !== 'unsupported';
    const reason = (op: OperationName) => {
      const c = capabilities[op];
      return c.support === 'unsupported' ? c.reason : '';
    };

    let dir: string;
    let env: Record<string, string>;
    /** Read-only simulator (the concurrent tests) and one the changes run against. */
    let ro: Sim;
    let rw: Sim;
    const cli = (profile: 'ro' | 'rw', ...args: string[]) => run(['--profile', profile, ...args], { env });

    beforeAll(async () => {
      dir = tempDir();
      [ro, rw] = await Promise.all([startSim(vendor), startSim(vendor)]);
      env = cleanEnv(dir, { UNIPBX_CONFIG: writeConfig(dir, { ro, rw }) });
    });

    afterAll(async () => {
      await Promise.all([ro?.close(), rw?.close()]);
      removeDir(dir);
    });

    /** A supported operation exits 0 and passes `check`; an unsupported one exits 5 with the manifest's reason. */
    async function expectOutcome(op: OperationName, result: Result, check: () => unknown): Promise<void> {
      if (supports(op)) {
        expect(result.stderr.replace(/^range: [^\n]*\n/, ''), `${op} failed`).toBe('');
        expect(result.code).toBe(EXIT.OK);
        await check();
      } else {
        expect(result.code, result.stderr).toBe(EXIT.UNSUPPORTED);
        expect(result.stderr).toContain(reason(op));
        expect(result.stderr).toMatch(/\nhint: .*unipbx capabilities/);
        expect(result.stdout).toBe('');
      }
    }

    const firstUsers = async (n: number) => (supports('users.list') ? ro.client.users.list().toArray({ max: n }) : []);

    describe('reads', () => {
      it('users list: every user, equal to the library\'s list; --limit and --page-size', async () => {
        const [all, limited] = await Promise.all([cli('ro', 'users', 'list', '--json'), cli('ro', 'users', 'list', '--ndjson', '--limit', '3', '--page-size', '2')]);
        await expectOutcome('users.list', all, async () => {
          const expected = asJson(await ro.client.users.list().toArray());
          expect(JSON.parse(all.stdout)).toEqual(expected);
          expect(ndjson(limited.stdout)).toEqual((expected as unknown[]).slice(0, 3));
        });
      });

      it('users get: the user; an unknown id exits 3', async () => {
        const [user] = await firstUsers(2);
        const id = user?.id ?? ro.sim.facts.missingId;
        const [found, missing] = await Promise.all([cli('ro', 'users', 'get', id, '--json'), cli('ro', 'users', 'get', ro.sim.facts.missingId)]);
        await expectOutcome('users.get', found, async () => {
          expect(JSON.parse(found.stdout)).toEqual(asJson(await ro.client.users.get(id)));
          expect(missing.code, missing.stderr).toBe(EXIT.NOT_FOUND);
          expect(missing.stderr).toMatch(/^unipbx: .*\[NOT_FOUND\]\nhint: `unipbx users list` shows what exists\n$/);
        });
      });

      it('users find --email / --extension; nobody there exits 3', async () => {
        const users = await firstUsers(30);
        const withEmail = users.find((u) => u.email) ?? { email: 'nobody@example.com' };
        const withExtension = users.find((u) => u.extension) ?? { extension: ro.sim.facts.freeExtension };
        const [byEmail, byExtension, nobody] = await Promise.all([
          cli('ro', 'users', 'find', '--email', withEmail.email!, '--json'),
          cli('ro', 'users', 'find', '--extension', withExtension.extension!, '--json'),
          cli('ro', 'users', 'find', '--extension', ro.sim.facts.freeExtension),
        ]);
        await expectOutcome('users.findByEmail', byEmail, () => expect(JSON.parse(byEmail.stdout)).toMatchObject({ email: withEmail.email }));
        await expectOutcome('users.findByExtension', byExtension, async () => {
          expect(JSON.parse(byExtension.stdout)).toMatchObject({ extension: withExtension.extension });
          expect(nobody.code, nobody.stderr).toBe(EXIT.NOT_FOUND);
          expect(nobody.stderr).toContain(`no user with extension ${ro.sim.facts.freeExtension}`);
        });
      });

      it('groups list, get (by name), members', async () => {
        const list = await cli('ro', 'groups', 'list', '--json');
        await expectOutcome('groups.list', list, async () => {
          const groups = await ro.client.groups.list().toArray();
          expect(JSON.parse(list.stdout)).toEqual(asJson(groups));
          const group = groups.find((g) => groups.filter((o) => o.name.toLowerCase() === g.name.toLowerCase()).length === 1)!;
          const [byName, members, missing] = await Promise.all([
            cli('ro', 'groups', 'get', group.name.toUpperCase(), '--json'),
            cli('ro', 'groups', 'members', group.id, '--json'),
            cli('ro', 'groups', 'get', ro.sim.facts.missingId),
          ]);
          await expectOutcome('groups.get', byName, async () => {
            expect(JSON.parse(byName.stdout)).toEqual(asJson(await ro.client.groups.get(group.id)));
            expect(missing.code, missing.stderr).toBe(EXIT.NOT_FOUND);
          });
          await expectOutcome('groups.members.list', members, async () => {
            expect(JSON.parse(members.stdout)).toEqual(asJson(await ro.client.groups.members.list(group.id).toArray()));
          });
        });
      });

      it('queues list, agents (--limit) and status (a queue by id, extension or name)', async () => {
        const list = await cli('ro', 'queues', 'list', '--json');
        await expectOutcome('queues.list', list, async () => {
          const queues = await ro.client.queues.list().toArray();
          expect(JSON.parse(list.stdout)).toEqual(asJson(queues));
          const queue = queues[0]!;
          // By extension where the queue has one, else by name (groups get covers names, the changes ids).
          const [agents, limited, status, missing] = await Promise.all([
            cli('ro', 'queues', 'agents', queue.extension ?? queue.name, '--json'),
            cli('ro', 'queues', 'agents', queue.id, '--ndjson', '--limit', '2'),
            cli('ro', 'queues', 'status', queue.id, '--json'),
            cli('ro', 'queues', 'agents', 'no such queue'),
          ]);
          const who = (list: Array<{ userId?: string; extension?: string }>) => list.map((a) => `${a.userId}/${a.extension}`).sort();
          await expectOutcome('queues.agents', agents, async () => {
            const expected = await ro.client.queues.agents(queue.id).toArray();
            expect(who(JSON.parse(agents.stdout))).toEqual(who(expected));
            expect(limited.code, limited.stderr).toBe(EXIT.OK);
            expect(ndjson(limited.stdout)).toEqual(asJson(expected.slice(0, 2)));
          });
          await expectOutcome('queues.state', status, async () => {
            const state = JSON.parse(status.stdout) as { queueId: string; agents: unknown[] };
            expect(state.queueId).toBe(queue.id);
            expect(who(state.agents as never)).toEqual(who((await ro.client.queues.state(queue.id)).agents));
          });
          expect(missing.code, missing.stderr).toBe(supports('queues.agents') ? EXIT.NOT_FOUND : EXIT.UNSUPPORTED);
        });
      });

      it('cdrs list: every record of the range, equal to the library\'s; --limit', async () => {
        const { from, to } = ro.sim.facts.cdrRange;
        const [all, limited] = await Promise.all([
          cli('ro', 'cdrs', 'list', '--from', from.toISOString(), '--to', to.toISOString(), '--ndjson'),
          cli('ro', 'cdrs', 'list', '--from', from.toISOString(), '--to', to.toISOString(), '--limit', '5'),
        ]);
        await expectOutcome('cdrs.list', all, async () => {
          const expected = asJson(await ro.client.cdrs.list({ from, to }).toArray());
          expect((expected as unknown[]).length).toBeGreaterThan(0);
          expect(ndjson(all.stdout)).toEqual(expected);
          expect(limited.stdout.trimEnd().split('\n')).toHaveLength(1 + 5);
        });
      });

      it('whoami: the signed-in user, with the profile and base URL', async () => {
        const result = await cli('ro', 'whoami', '--json');
        await expectOutcome('whoami', result, async () => {
          const me = await ro.client.whoami();
          expect(JSON.parse(result.stdout)).toEqual({ profile: 'ro', baseUrl: ro.sim.url, ...(asJson(me) as object) });
        });
      });

      it('capabilities: the profile\'s vendor by default', async () => {
        const result = await cli('ro', 'capabilities');
        expect(result.code, result.stderr).toBe(EXIT.OK);
        expect(result.stdout.split('\n')[0]).toBe(`${VENDORS[vendor].name} (${vendor})`);
        for (const op of OPERATIONS) expect(result.stdout).toMatch(new RegExp(`^${op.replace(/\./g, '\\.')}\\s+${capabilities[op].support}\\b`, 'm'));
        for (const op of OPERATIONS.filter((o) => !supports(o))) expect(result.stdout).toContain(reason(op).slice(0, 40));
      });
    });

    describe.sequential('changes', () => {
      /** Runs a change; an unsupported one must also not have sent a single request. */
      async function change(op: OperationName, args: string[]): Promise<Result> {
        const before = rw.sim.requestCount();
        const result = await cli('rw', ...args);
        if (!supports(op)) expect(rw.sim.requestCount(), `${op} is unsupported but requests were sent`).toBe(before);
        return result;
      }

      it('users create, update, delete', async () => {
        const extension = rw.sim.facts.freeExtension;
        const created = await change('users.create', ['users', 'create', '--extension', extension, '--display-name', 'Ada CLI', '--email', `ada.cli.${extension}@example.com`, '--json']);
        let target: User | undefined;
        await expectOutcome('users.create', created, async () => {
          const user = JSON.parse(created.stdout) as User;
          expect(user).toMatchObject({ extension, displayName: 'Ada CLI', email: `ada.cli.${extension}@example.com` });
          expect(asJson(await rw.client.users.get(user.id))).toEqual(user);
          target = user;
        });
        if (!target && supports('users.list')) [target] = await rw.client.users.list().toArray({ max: 1 });
        const id = target?.id ?? rw.sim.facts.missingId;

        const update = capabilities['users.update'];
        const field = (update.support !== 'unsupported' ? (update.fields ?? Object.keys(PATCH_FLAGS)) : ['displayName']).find((f) => f in PATCH_FLAGS)!;
        const [flag, value] = PATCH_FLAGS[field]!;
        const newValue = target ? value(target) : 'x';
        const updated = await change('users.update', ['users', 'update', id, flag, newValue, '--json']);
        await expectOutcome('users.update', updated, async () => {
          expect(JSON.parse(updated.stdout)).toMatchObject({ id, [field]: newValue });
          expect(await rw.client.users.get(id)).toMatchObject({ [field]: newValue });
        });

        if (supports('users.create')) {
          const deleted = await change('users.delete', ['users', 'delete', id, '--yes', '--json']);
          await expectOutcome('users.delete', deleted, async () => {
            expect(JSON.parse(deleted.stdout)).toEqual({ operation: 'users.delete', id, ok: true });
            const gone = await cli('rw', 'users', 'get', id);
            expect(gone.code, gone.stderr).toBe(EXIT.NOT_FOUND);
          });
        } else {
          // Never delete a seeded user of a vendor that cannot create one; the refusal is what matters.
          const refused = await change('users.delete', ['users', 'delete', rw.sim.facts.missingId, '--yes']);
          if (!supports('users.delete')) await expectOutcome('users.delete', refused, () => undefined);
        }
      });

      it('groups add-member and remove-member (by --user and by --email)', async () => {
        let groupRef = rw.sim.facts.missingId;
        let userArgs = ['--user', rw.sim.facts.missingId];
        let check: (member: boolean) => Promise<void> = async () => undefined;
        if (supports('groups.list') && supports('users.list') && supports('groups.members.list')) {
          const groups = await rw.client.groups.list().toArray();
          const group = groups.find((g) => g.kind === 'team') ?? groups[0]!;
          const members = await rw.client.groups.members.list(group.id).toArray();
          const outsider = (await rw.client.users.list().toArray()).find((u) => u.email && !members.some((m) => m.userId === u.id || m.extension === u.extension))!;
          groupRef = group.id;
          userArgs = supports('users.findByEmail') ? ['--email', outsider.email!] : ['--user', outsider.id];
          check = async (member) => {
            const now = await rw.client.groups.members.list(group.id).toArray();
            expect(now.some((m) => m.userId === outsider.id || (m.extension !== undefined && m.extension === outsider.extension))).toBe(member);
          };
        }
        const added = await change('groups.members.add', ['groups', 'add-member', groupRef, ...userArgs, '--json']);
        await expectOutcome('groups.members.add', added, async () => {
          expect(JSON.parse(added.stdout)).toMatchObject({ operation: 'groups.members.add', groupId: groupRef, ok: true });
          await check(true);
        });
        const removed = await change('groups.members.remove', ['groups', 'remove-member', groupRef, ...userArgs]);
        await expectOutcome('groups.members.remove', removed, async () => {
          expect(removed.stdout).toMatch(/^removed .* from group /);
          await check(false);
        });
      });

      it('queues login, logout and set-status', async () => {
        let queueRef = rw.sim.facts.missingId;
        let userArgs = ['--extension', rw.sim.facts.freeExtension];
        let loggedIn: () => Promise<boolean | undefined> = async () => undefined;
        if (supports('queues.list') && supports('queues.agents')) {
          const queues = await rw.client.queues.list().toArray();
          for (const queue of queues) {
            const agents = await rw.client.queues.agents(queue.id).toArray();
            const agent = agents.find((a) => !a.loggedIn) ?? agents[0];
            if (!agent) continue;
            queueRef = queue.id;
            userArgs = agent.extension ? ['--extension', agent.extension] : ['--user', agent.userId!];
            loggedIn = async () => (await rw.client.queues.agents(queue.id).toArray()).find((a) => (agent.userId ? a.userId === agent.userId : a.extension === agent.extension))?.loggedIn;
            break;
          }
        }
        const login = await change('queues.login', ['queues', 'login', queueRef, ...userArgs, '--json']);
        await expectOutcome('queues.login', login, async () => {
          expect(JSON.parse(login.stdout)).toMatchObject({ operation: 'queues.login', ok: true });
          expect(await loggedIn()).toBe(true);
        });
        const setStatus = capabilities['queues.setStatus'];
        const status = setStatus.support !== 'unsupported' ? (setStatus.values?.[0] ?? 'not_ready') : 'ready';
        const set = await change('queues.setStatus', ['queues', 'set-status', queueRef, status, ...userArgs]);
        await expectOutcome('queues.setStatus', set, () => expect(set.stdout).toContain(` is ${status} in queue ${queueRef}`));
        const logout = await change('queues.logout', ['queues', 'logout', queueRef, ...userArgs, '--csv']);
        await expectOutcome('queues.logout', logout, async () => {
          expect(logout.stdout.split('\n')[0]).toMatch(/^operation,queueId,/);
          expect(await loggedIn()).toBe(false);
        });
      });
    });
  }
});
