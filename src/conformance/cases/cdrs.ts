import { CdrSchema, UserSchema, type Cdr, type User } from '../../../core/model.js';
import { assert, assertRejects, assertShape } from '../assert.js';
import type { ConformanceCase, ConformanceFacts } from '../types.js';

/** The facts' CDR range; a vendor that lists CDRs must give one. */
export function cdrRange(facts: ConformanceFacts): { from: Date; to: Date } {
  assert.ok(facts.cdrRange, 'facts.cdrRange is required when the vendor supports cdrs.list');
  return facts.cdrRange;
}

const involves = (cdr: Cdr, user: User): boolean =>
  cdr.userId === user.id || (user.extension !== undefined && (cdr.from.number === user.extension || cdr.to.number === user.extension));

export const cdrCases: ConformanceCase[] = [
  {
    name: 'cdrs.list returns valid records inside [from, to), paged without repeats',
    needs: ['cdrs.list'],
    async run({ client, facts }) {
      const { from, to } = cdrRange(facts);
      const list = client.cdrs.list({ from, to, pageSize: 25 });
      const first = await list.page();
      assert.ok(first.items.length > 0, 'the range must contain records');
      const records = await list.toArray({ max: 120 });
      for (const cdr of records) {
        assertShape(CdrSchema, cdr, 'cdr');
        assert.ok(cdr.startedAt >= from && cdr.startedAt < to, `record ${cdr.id} started at ${cdr.startedAt.toISOString()}, outside the range`);
      }
      assert.equal(new Set(records.map((c) => c.id)).size, records.length, 'paging repeated a record');
      if (first.total !== undefined) assert.ok(first.total >= Math.min(records.length, first.total));
    },
  },
  {
    name: 'cdrs.get returns the listed record; an unknown id is NotFoundError',
    needs: ['cdrs.list', 'cdrs.get'],
    async run({ client, facts }) {
      const [cdr] = await client.cdrs.list({ ...cdrRange(facts), pageSize: 5 }).toArray({ max: 1 });
      assert.ok(cdr, 'needs a record');
      const fetched = assertShape(CdrSchema, await client.cdrs.get(cdr.id), 'cdr');
      assert.equal(fetched.id, cdr.id);
      assert.equal(fetched.startedAt.getTime(), cdr.startedAt.getTime());
      await assertRejects(() => client.cdrs.get(facts.missingId), 'NOT_FOUND', 'cdrs.get(missing)');
    },
  },
  {
    name: 'cdrs.list with userId returns only that user\'s calls',
    needs: ['cdrs.list', 'users.list'],
    async run({ client, facts }) {
      const sample = await client.cdrs.list({ ...cdrRange(facts), pageSize: 100 }).toArray({ max: 100 });
      const users = await client.users.list({ pageSize: 100 }).toArray({ max: 300 });
      const user = users.find((u) => sample.some((c) => involves(c, u)));
      assert.ok(user, 'needs a user with calls in the range');
      const mine = await client.cdrs.list({ ...cdrRange(facts), userId: user.id, pageSize: 50 }).toArray({ max: 100 });
      assert.ok(mine.length > 0, 'the user has calls in the range but none were returned');
      for (const cdr of mine) assert.ok(involves(cdr, user), `record ${cdr.id} does not involve user ${user.id}`);
    },
  },
  {
    name: 'whoami returns the user the credentials belong to',
    needs: ['whoami'],
    async run({ client }) {
      const me = assertShape(UserSchema, await client.whoami(), 'whoami');
      assert.equal(me.vendor, client.vendor);
    },
  },
];
