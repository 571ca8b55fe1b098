/**
 * Paging, for every list the vendor supports: small pages yield exactly the items one big
 * page does (no duplicates, no gaps, same order), and a cursor resumes where its page ended.
 */
import type { OperationName } from '../../../core/capabilities.js';
import type { PbxClient } from '../../../core/client.js';
import type { ListOptions } from '../../../core/inputs.js';
import type { PagedList } from '../../../core/paging.js';
import { assert } from '../assert.js';
import type { ConformanceCase, ConformanceFacts } from '../types.js';
import { cdrRange } from './cdrs.js';

type Lister = (client: PbxClient, facts: ConformanceFacts, options: ListOptions) => PagedList<{ readonly id: string }>;

/** The top-level lists; a list operation added to OPERATIONS gets its line here. */
const LISTS: Partial<Record<OperationName, Lister>> = {
  'users.list': (c, _f, o) => c.users.list(o),
  'groups.list': (c, _f, o) => c.groups.list(o),
  'queues.list': (c, _f, o) => c.queues.list(o),
  'cdrs.list': (c, f, o) => c.cdrs.list({ ...cdrRange(f), ...o }),
};

const MAX = 60;

export const pagingCases: ConformanceCase[] = Object.entries(LISTS).map(([operation, list]) => ({
  name: `${operation}: small pages yield every item once, in order, and a cursor resumes after its page`,
  needs: [operation as OperationName],
  async run({ client, facts }) {
    const whole = (await list(client, facts, { pageSize: 100 }).toArray({ max: MAX })).map((i) => i.id);
    assert.equal(new Set(whole).size, whole.length, `${operation}: one page repeats an item`);
    const small = (await list(client, facts, { pageSize: 2 }).toArray({ max: MAX })).map((i) => i.id);
    assert.equal(new Set(small).size, small.length, `${operation}: pages of 2 repeat an item: ${small.join(',')}`);
    assert.deepEqual(small, whole, `${operation}: pages of 2 differ from one page (gaps or another order)`);
    const first = await list(client, facts, { pageSize: 2 }).page();
    if (whole.length <= 2) return;
    assert.ok(first.nextCursor, `${operation}: a first page of 2 out of ${whole.length}+ items has no nextCursor`);
    const second = await list(client, facts, { pageSize: 2, cursor: first.nextCursor }).page();
    assert.deepEqual(second.items.map((i) => i.id), whole.slice(2, 4), `${operation}: the cursor of page 1 did not lead to page 2`);
  },
}));
