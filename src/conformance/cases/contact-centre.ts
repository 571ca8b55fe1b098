/** Contact-centre operations (issue 12): not-ready reasons, presence, roles, queue lifecycle, recordings. */
import { isSupported } from '../../../core/capabilities.js';
import { NotReadyReasonSchema, QueueSchema, RecordingSchema, RoleSchema, UserPresenceSchema } from '../../../core/model.js';
import { assert, assertRejects, assertShape, unique } from '../assert.js';
import type { ConformanceCase } from '../types.js';

export const contactCentreCases: ConformanceCase[] = [
  {
    name: 'recordings.list returns valid recordings in the range; a recording is listed under a CDR it links to; recordings.download streams its audio',
    needs: ['recordings.list', 'recordings.download', 'cdrs.list'],
    async run(ctx) {
      // The facts' CDR range, or the last 31 days on a PBX that gives none.
      const { from, to } = ctx.facts.cdrRange ?? { from: new Date(Date.now() - 31 * 86_400_000), to: new Date(Date.now() + 86_400_000) };
      const recordings = await ctx.client.recordings.list({ from, to, pageSize: 50 }).toArray({ max: 50 });
      for (const r of recordings) {
        assertShape(RecordingSchema, r, 'recording');
        assert.ok(r.startedAt >= from && r.startedAt < to, 'a recording outside the range');
      }
      const recording = recordings[0];
      if (!recording) return;
      const cdrs = await ctx.client.cdrs.list({ from, to }).toArray({ max: 2000 });
      const cdr = cdrs.find((c) => c.from.number === recording.from && c.to.number === recording.to && c.startedAt.getTime() - 5000 <= recording.startedAt.getTime() && recording.startedAt.getTime() <= (c.endedAt ?? c.startedAt).getTime() + 5000);
      if (cdr) assert.ok((await ctx.client.recordings.list({ cdrId: cdr.id }).toArray()).some((r) => r.id === recording.id && r.cdrId === cdr.id), 'listed under its CDR');
      const content = await ctx.client.recordings.download(recording.id);
      let bytes = 0;
      const reader = content.stream.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) bytes += chunk.value.byteLength;
      assert.ok(bytes > 0, 'the audio is not empty');
      if (content.sizeBytes !== undefined) assert.equal(bytes, content.sizeBytes, 'Content-Length and the bytes streamed agree');
      await assertRejects(() => ctx.client.recordings.download(ctx.facts.missingId), 'NOT_FOUND', 'recordings.download(missing)');
    },
  },
  {
    name: 'ring groups (kind ring), where the vendor lists any: members are listed, added and removed like a team\'s',
    needs: ['groups.list', 'groups.members.list', 'groups.members.add', 'groups.members.remove', 'users.list'],
    async run(ctx) {
      const ring = (await ctx.client.groups.list().toArray({ max: 200 })).find((g) => g.kind === 'ring');
      if (!ring) return;
      const members = await ctx.client.groups.members.list(ring.id).toArray();
      const user = (await ctx.client.users.list({ pageSize: 50 }).toArray({ max: 50 })).find((u) => !members.some((m) => m.userId === u.id || m.extension === u.extension));
      assert.ok(user, 'needs a user outside the ring group');
      await ctx.client.groups.members.add(ring.id, user);
      await ctx.client.groups.members.add(ring.id, user);
      const inside = (await ctx.client.groups.members.list(ring.id).toArray()).filter((m) => m.userId === user.id || m.extension === user.extension);
      assert.equal(inside.length, 1, 'added once, listed once');
      await ctx.client.groups.members.remove(ring.id, user);
      await ctx.client.groups.members.remove(ring.id, user);
      assert.ok(!(await ctx.client.groups.members.list(ring.id).toArray()).some((m) => m.userId === user.id || m.extension === user.extension), 'removed');
    },
  },
  {
    name: 'queues.create, update and delete: the queue is listed, changed, then gone (NotFoundError)',
    needs: ['queues.create', 'queues.update', 'queues.delete', 'queues.get', 'queues.list'],
    async run(ctx) {
      const name = `Conformance ${unique()}`.slice(0, 60);
      const created = assertShape(QueueSchema, await ctx.client.queues.create({ name, extension: ctx.facts.freeExtension }), 'created queue');
      assert.equal(created.name, name);
      assert.equal(created.extension, ctx.facts.freeExtension);
      assert.ok((await ctx.client.queues.list().toArray()).some((q) => q.id === created.id), 'the new queue is listed');
      const renamed = await ctx.client.queues.update(created.id, { name: `${name} 2` });
      assert.equal(renamed.name, `${name} 2`);
      assert.equal((await ctx.client.queues.get(created.id)).name, `${name} 2`);
      await ctx.client.queues.delete(created.id);
      await assertRejects(() => ctx.client.queues.get(created.id), 'NOT_FOUND', 'queues.get after delete');
    },
  },
  {
    name: 'roles.list lists valid roles; users.update({ role }) gives a user another one, where the vendor takes it',
    needs: ['roles.list', 'users.list', 'users.update', 'users.get', 'whoami'],
    async run(ctx) {
      const roles = await ctx.client.roles.list().toArray({ max: 100 });
      for (const role of roles) assertShape(RoleSchema, role, 'role');
      assert.ok(roles.length > 0, 'the PBX must have roles');
      const update = ctx.client.capabilities['users.update'];
      if (!(isSupported(update) && (update.fields === undefined || update.fields.includes('role')))) return;
      const me = await ctx.client.whoami();
      const user = (await ctx.client.users.list({ pageSize: 10 }).toArray({ max: 10 })).find((u) => u.id !== me.id);
      assert.ok(user, 'needs a user besides the signed-in one');
      const other = roles.find((r) => r.name !== user.role && !/admin/i.test(r.name)) ?? roles.find((r) => r.name !== user.role);
      assert.ok(other, 'needs a role the user does not have');
      assert.equal((await ctx.client.users.update(user.id, { role: other.name })).role, other.name, 'update returns the new role');
      assert.equal((await ctx.client.users.get(user.id)).role, other.name, 'the new role is stored');
    },
  },
  {
    name: 'users.presence reports a valid presence per existing user, in the order asked; an unknown id is left out',
    needs: ['users.presence', 'users.list'],
    async run(ctx) {
      const users = await ctx.client.users.list({ pageSize: 20 }).toArray({ max: 20 });
      assert.ok(users.length > 1, 'the PBX must have users');
      const ids = users.map((u) => u.id).reverse();
      const presence = await ctx.client.users.presence([...ids, ctx.facts.missingId]);
      for (const p of presence) assertShape(UserPresenceSchema, p, 'presence');
      assert.deepEqual(
        presence.map((p) => p.userId),
        ids,
        'one entry per existing user, in the order asked',
      );
      await assertRejects(() => ctx.client.users.presence([]), 'VALIDATION_FAILED', 'presence of no users');
    },
  },
  {
    name: 'queues.notReadyReasons lists valid reasons; setStatus(not_ready, { reason }) shows as statusReason where the vendor takes reasons',
    needs: ['queues.notReadyReasons', 'queues.list', 'queues.agents', 'queues.addAgent', 'queues.setStatus', 'whoami'],
    async run(ctx) {
      const reasons = await ctx.client.queues.notReadyReasons().toArray({ max: 50 });
      for (const reason of reasons) assertShape(NotReadyReasonSchema, reason, 'not-ready reason');
      const capability = ctx.client.capabilities['queues.setStatus'];
      const [queue] = await ctx.client.queues.list().toArray({ max: 1 });
      assert.ok(queue, 'the PBX must have a queue');
      const me = await ctx.client.whoami();
      if (!(isSupported(capability) && capability.options?.includes('reason'))) {
        await assertRejects(() => ctx.client.queues.setStatus(queue.id, me, 'not_ready', { reason: 'x' }), 'UNSUPPORTED_OPERATION', 'setStatus with a reason');
        return;
      }
      const [reason] = reasons;
      assert.ok(reason, 'a vendor that takes reasons must list at least one');
      await ctx.client.queues.addAgent(queue.id, me);
      await ctx.client.queues.setStatus(queue.id, me, 'not_ready', { reason: reason.code });
      const agent = (await ctx.client.queues.agents(queue.id).toArray()).find((a) => a.userId === me.id || a.extension === me.extension);
      assert.equal(agent?.status, 'not_ready');
      assert.equal(agent?.statusReason, reason.code, 'statusReason after setStatus(not_ready, { reason })');
      await assertRejects(() => ctx.client.queues.setStatus(queue.id, me, 'ready', { reason: reason.code }), 'VALIDATION_FAILED', 'a reason with status ready');
    },
  },
];
