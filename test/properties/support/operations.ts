/**
 * Every public operation of the client as a property: how to generate its arguments from
 * what the simulator holds, what the oracle says about them, how to call it, and what a
 * successful result must look like.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { z } from 'zod';
import type { OperationName } from '../../../core/capabilities.js';
import type { PbxClient } from '../../../core/client.js';
import { CdrSchema, GroupMemberSchema, GroupSchema, QueueMembershipSchema, QueueSchema, QueueStateSchema, UserSchema, type User } from '../../../core/model.js';
import type { Page } from '../../../core/paging.js';
import {
  anyCallOptions,
  anyDate,
  anyEmail,
  anyExtension,
  anyId,
  anyListOptions,
  anyMobile,
  anyText,
  anyUserRef,
  hostileValue,
  sometimes,
  validE164,
  validEmail,
  withExtraKey,
} from './arbitraries.js';
import { checkCall, type Harness, type Verdict } from './harness.js';
import * as oracle from './oracle.js';

type Args = readonly unknown[];

export interface OperationProperty {
  readonly op: OperationName;
  readonly list?: boolean;
  readonly args: (h: Harness) => fc.Arbitrary<Args>;
  readonly verdict: (args: Args) => Verdict;
  /** Index of the argument holding call options (to tell an aborted signal). */
  readonly optionsAt: number;
  readonly call: (client: PbxClient, args: Args) => unknown;
  readonly check?: (value: any, args: Args, h: Harness) => void;
}

const trimmed = (value: unknown): string => (value as string).trim();

function validModel(schema: z.ZodType, value: unknown): void {
  const result = schema.safeParse(value);
  expect(result.success, `not a valid model object: ${JSON.stringify(result.error?.issues)?.slice(0, 500)}`).toBe(true);
}

function validPage(schema: z.ZodType, page: Page<unknown>, options: unknown): void {
  expect(Array.isArray(page.items)).toBe(true);
  for (const item of page.items) validModel(schema, item);
  const size = (options as { pageSize?: unknown } | undefined)?.pageSize;
  if (typeof size === 'number' && oracle.pageSize(size) === 'valid') expect(page.items.length).toBeLessThanOrEqual(size);
  if (page.nextCursor !== undefined) expect(typeof page.nextCursor).toBe('string');
}

const validUser = (h: Harness, user: User): void => {
  validModel(UserSchema, user);
  expect(user.vendor).toBe(h.vendor);
};

const userIds = (h: Harness) => h.known.users.map((u) => u.id);
const groupIds = (h: Harness) => h.known.groups.map((g) => g.id);
const queueIds = (h: Harness) => h.known.queues.map((q) => q.id);
const cdrIds = (h: Harness) => h.known.cdrs.map((c) => c.id);

/** Patch fields whose value the stored user must show afterwards (blank texts may read back as absent). */
const ECHOED = ['email', 'mobile', 'enabled', 'department', 'firstName', 'lastName'] as const;

/** Valid values of every user field, for well-formed inputs. */
const VALID_USER_FIELDS: Record<string, fc.Arbitrary<unknown>> = {
  displayName: fc.stringMatching(/^[A-Za-z][A-Za-z .'-]{0,30}$/),
  username: fc.stringMatching(/^[a-z][a-z0-9.]{0,15}$/),
  firstName: fc.stringMatching(/^[A-Za-z][A-Za-z'-]{0,15}$/),
  lastName: fc.stringMatching(/^[A-Za-z][A-Za-z'-]{0,15}$/),
  email: validEmail,
  mobile: validE164,
  role: fc.constantFrom('StandardUser', 'Admin', 'Operator'),
  department: fc.stringMatching(/^[A-Za-z][A-Za-z &]{0,20}$/),
  enabled: fc.boolean(),
  password: fc.stringMatching(/^[A-Za-z0-9!#%&*+-]{8,24}$/),
  sipPassword: fc.stringMatching(/^[A-Za-z0-9!#%&*+-]{8,24}$/),
  voicemailPin: fc.stringMatching(/^[0-9]{6,10}$/),
};

/** Some of `fields` (those the vendor accepts for `op`, when its manifest says), all with valid values. */
function wellFormed(h: Harness, op: OperationName, fields: readonly string[], required: Record<string, fc.Arbitrary<unknown>> = {}): fc.Arbitrary<Record<string, unknown>> {
  const capability = h.client.capabilities[op];
  const accepted = 'fields' in capability && capability.fields ? capability.fields : fields;
  const optional = Object.fromEntries(fields.filter((f) => accepted.includes(f) && !(f in required)).map((f) => [f, VALID_USER_FIELDS[f]!]));
  return fc
    .record({ ...required, ...optional }, { requiredKeys: Object.keys(required) as never[] })
    .filter((o) => Object.keys(o).length > 0);
}

const userCreateInput = (h: Harness) =>
  fc.oneof(
    {
      weight: 2,
      arbitrary: wellFormed(h, 'users.create', Object.keys(VALID_USER_FIELDS), {
        extension: fc.integer({ min: 7000, max: 7999 }).map(String),
        displayName: VALID_USER_FIELDS['displayName']!,
        email: validEmail,
      }),
    },
    {
      weight: 3,
      arbitrary: withExtraKey(
        fc.record(
          {
            extension: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 7000, max: 7999 }).map(String) }, { weight: 1, arbitrary: anyExtension(h.known) }),
            displayName: sometimes(fc.string({ minLength: 1, maxLength: 30 })),
            email: sometimes(validEmail),
            username: sometimes(fc.stringMatching(/^[a-z][a-z0-9.]{0,15}$/)),
            firstName: anyText(128),
            lastName: anyText(128),
            mobile: anyMobile,
            role: sometimes(fc.constantFrom('StandardUser', 'Admin', 'Operator')),
            department: anyText(128),
            enabled: sometimes(fc.boolean()),
            password: sometimes(fc.string({ minLength: 8, maxLength: 20 })),
            sipPassword: sometimes(fc.string({ minLength: 8, maxLength: 20 })),
            voicemailPin: sometimes(fc.stringMatching(/^[0-9]{4,10}$/)),
          },
          { requiredKeys: ['extension', 'displayName', 'email'] },
        ),
      ),
    },
  );

const PATCH_FIELDS = ['displayName', 'firstName', 'lastName', 'email', 'mobile', 'enabled', 'department'];

const userPatchInput = (h: Harness) =>
  fc.oneof(
    { weight: 2, arbitrary: wellFormed(h, 'users.update', PATCH_FIELDS) },
    {
      weight: 3,
      arbitrary: withExtraKey(
        fc.record(
          {
            displayName: anyText(1024),
            firstName: anyText(128),
            lastName: anyText(128),
            email: fc.oneof(validEmail, anyEmail(h.known)),
            mobile: fc.oneof(validE164, anyMobile),
            enabled: sometimes(fc.boolean()),
            department: anyText(128),
          },
          { requiredKeys: [] },
        ),
      ),
    },
  );

export const OPERATIONS: readonly OperationProperty[] = [
  {
    op: 'users.list',
    list: true,
    args: () => fc.tuple(anyListOptions),
    verdict: ([o]) => oracle.listOptions(o),
    optionsAt: 0,
    call: (c, [o]) => c.users.list(o as never),
    check: (page, [o], h) => {
      validPage(UserSchema, page, o);
      for (const user of page.items) expect(user.vendor).toBe(h.vendor);
    },
  },
  {
    op: 'users.get',
    args: (h) => fc.tuple(anyId(userIds(h), h.known.missingId), anyCallOptions),
    verdict: ([id, o]) => oracle.all(oracle.id(id), oracle.callOptions(o)),
    optionsAt: 1,
    call: (c, [id, o]) => c.users.get(id as string, o as never),
    check: (user, [id], h) => {
      validUser(h, user);
      expect(user.id).toBe(trimmed(id));
    },
  },
  {
    op: 'users.findByEmail',
    args: (h) => fc.tuple(anyEmail(h.known), anyCallOptions),
    verdict: ([email, o]) => oracle.all(oracle.email(email), oracle.callOptions(o)),
    optionsAt: 1,
    call: (c, [email, o]) => c.users.findByEmail(email as string, o as never),
    check: (user, [email], h) => {
      if (user === null) return;
      validUser(h, user);
      expect(user.email?.toLowerCase()).toBe((email as string).toLowerCase());
    },
  },
  {
    op: 'users.findByExtension',
    args: (h) => fc.tuple(anyExtension(h.known), anyCallOptions),
    verdict: ([ext, o]) => oracle.all(oracle.extension(ext), oracle.callOptions(o)),
    optionsAt: 1,
    call: (c, [ext, o]) => c.users.findByExtension(ext as string, o as never),
    check: (user, [ext], h) => {
      if (user === null) return;
      validUser(h, user);
      expect(user.extension).toBe(trimmed(ext));
    },
  },
  {
    op: 'users.create',
    args: (h) => fc.tuple(fc.oneof({ weight: 6, arbitrary: userCreateInput(h) }, { weight: 1, arbitrary: hostileValue }), anyCallOptions),
    verdict: ([input, o]) => oracle.all(oracle.userCreate(input), oracle.callOptions(o)),
    optionsAt: 1,
    call: (c, [input, o]) => c.users.create(input as never, o as never),
    check: (user, [input], h) => {
      validUser(h, user);
      const given = input as Record<string, string>;
      expect(user.extension).toBe(trimmed(given['extension']));
      expect(user.email?.toLowerCase()).toBe(given['email']!.toLowerCase());
      expect(user.displayName).toBe(trimmed(given['displayName']));
    },
  },
  {
    op: 'users.update',
    args: (h) => fc.tuple(anyId(userIds(h), h.known.missingId), fc.oneof({ weight: 6, arbitrary: userPatchInput(h) }, { weight: 1, arbitrary: hostileValue }), anyCallOptions),
    verdict: ([id, patch, o]) => oracle.all(oracle.id(id), oracle.userPatch(patch), oracle.callOptions(o)),
    optionsAt: 2,
    call: (c, [id, patch, o]) => c.users.update(id as string, patch as never, o as never),
    check: (user, [id, patch], h) => {
      validUser(h, user);
      expect(user.id).toBe(trimmed(id));
      const changes = patch as Record<string, unknown>;
      for (const field of ECHOED) {
        const value = changes[field];
        if (value === undefined || (typeof value === 'string' && value.trim() === '')) continue;
        // Vendors may store email in another case and trim names (NetPBX does).
        if (field === 'email') expect(user.email?.toLowerCase(), field).toBe((value as string).toLowerCase());
        else if (typeof value === 'string') expect(user[field]?.toString().trim(), field).toBe(value.trim());
        else expect(user[field], field).toEqual(value);
      }
    },
  },
  {
    op: 'users.delete',
    args: (h) => fc.tuple(anyId(userIds(h), h.known.missingId), anyCallOptions),
    verdict: ([id, o]) => oracle.all(oracle.id(id), oracle.callOptions(o)),
    optionsAt: 1,
    call: (c, [id, o]) => c.users.delete(id as string, o as never),
    check: (value) => expect(value).toBeUndefined(),
  },
  {
    op: 'groups.list',
    list: true,
    args: () => fc.tuple(anyListOptions),
    verdict: ([o]) => oracle.listOptions(o),
    optionsAt: 0,
    call: (c, [o]) => c.groups.list(o as never),
    check: (page, [o]) => validPage(GroupSchema, page, o),
  },
  {
    op: 'groups.get',
    args: (h) => fc.tuple(anyId(groupIds(h), h.known.missingId), anyCallOptions),
    verdict: ([id, o]) => oracle.all(oracle.id(id), oracle.callOptions(o)),
    optionsAt: 1,
    call: (c, [id, o]) => c.groups.get(id as string, o as never),
    check: (group, [id]) => {
      validModel(GroupSchema, group);
      expect(group.id).toBe(trimmed(id));
    },
  },
  {
    op: 'groups.create',
    args: () =>
      fc.tuple(
        fc.oneof(
          {
            weight: 6,
            arbitrary: withExtraKey(
              fc.record(
                { name: fc.oneof(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,20}$/), anyText(64)), kind: sometimes(fc.constantFrom('team', 'queue', 'ring', 'other')), description: anyText(1024) },
                { requiredKeys: ['name'] },
              ),
            ),
          },
          { weight: 1, arbitrary: hostileValue },
        ),
        anyCallOptions,
      ),
    verdict: ([input, o]) => oracle.all(oracle.groupCreate(input), oracle.callOptions(o)),
    optionsAt: 1,
    call: (c, [input, o]) => c.groups.create(input as never, o as never),
    check: (group, [input]) => {
      validModel(GroupSchema, group);
      const given = input as { name: string; kind?: string };
      expect(group.name).toBe(given.name.trim());
      expect(group.kind).toBe(given.kind ?? 'team');
    },
  },
  {
    op: 'groups.update',
    args: (h) =>
      fc.tuple(
        anyId(groupIds(h), h.known.missingId),
        fc.oneof({ weight: 6, arbitrary: withExtraKey(fc.record({ name: fc.oneof(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,20}$/), anyText(64)), description: anyText(1024) }, { requiredKeys: [] })) }, { weight: 1, arbitrary: hostileValue }),
        anyCallOptions,
      ),
    verdict: ([id, patch, o]) => oracle.all(oracle.id(id), oracle.groupPatch(patch), oracle.callOptions(o)),
    optionsAt: 2,
    call: (c, [id, patch, o]) => c.groups.update(id as string, patch as never, o as never),
    check: (group, [id, patch]) => {
      validModel(GroupSchema, group);
      expect(group.id).toBe(trimmed(id));
      const name = (patch as { name?: string }).name;
      if (name !== undefined) expect(group.name).toBe(name.trim());
    },
  },
  {
    op: 'groups.delete',
    args: (h) => fc.tuple(anyId(groupIds(h), h.known.missingId), anyCallOptions),
    verdict: ([id, o]) => oracle.all(oracle.id(id), oracle.callOptions(o)),
    optionsAt: 1,
    call: (c, [id, o]) => c.groups.delete(id as string, o as never),
    check: (value) => expect(value).toBeUndefined(),
  },
  {
    op: 'groups.members.list',
    list: true,
    args: (h) => fc.tuple(anyId(groupIds(h), h.known.missingId), anyListOptions),
    verdict: ([id, o]) => oracle.all(oracle.id(id), oracle.listOptions(o)),
    optionsAt: 1,
    call: (c, [id, o]) => c.groups.members.list(id as string, o as never),
    check: (page, [id]) => {
      validPage(GroupMemberSchema, page, undefined);
      for (const member of page.items) expect(member.groupId).toBe(trimmed(id));
    },
  },
  {
    op: 'groups.members.add',
    args: (h) => fc.tuple(anyId(groupIds(h), h.known.missingId), anyUserRef(h.known), anyCallOptions),
    verdict: ([id, ref, o]) => oracle.all(oracle.id(id), oracle.userRef(ref), oracle.callOptions(o)),
    optionsAt: 2,
    call: (c, [id, ref, o]) => c.groups.members.add(id as string, ref as never, o as never),
    check: (value) => expect(value).toBeUndefined(),
  },
  {
    op: 'groups.members.remove',
    args: (h) => fc.tuple(anyId(groupIds(h), h.known.missingId), anyUserRef(h.known), anyCallOptions),
    verdict: ([id, ref, o]) => oracle.all(oracle.id(id), oracle.userRef(ref), oracle.callOptions(o)),
    optionsAt: 2,
    call: (c, [id, ref, o]) => c.groups.members.remove(id as string, ref as never, o as never),
    check: (value) => expect(value).toBeUndefined(),
  },
  {
    op: 'queues.list',
    list: true,
    args: () => fc.tuple(anyListOptions),
    verdict: ([o]) => oracle.listOptions(o),
    optionsAt: 0,
    call: (c, [o]) => c.queues.list(o as never),
    check: (page, [o]) => validPage(QueueSchema, page, o),
  },
  {
    op: 'queues.get',
    args: (h) => fc.tuple(anyId(queueIds(h), h.known.missingId), anyCallOptions),
    verdict: ([id, o]) => oracle.all(oracle.id(id), oracle.callOptions(o)),
    optionsAt: 1,
    call: (c, [id, o]) => c.queues.get(id as string, o as never),
    check: (queue, [id]) => {
      validModel(QueueSchema, queue);
      expect(queue.id).toBe(trimmed(id));
    },
  },
  {
    op: 'queues.agents',
    list: true,
    args: (h) => fc.tuple(anyId(queueIds(h), h.known.missingId), anyListOptions),
    verdict: ([id, o]) => oracle.all(oracle.id(id), oracle.listOptions(o)),
    optionsAt: 1,
    call: (c, [id, o]) => c.queues.agents(id as string, o as never),
    check: (page, [id]) => {
      validPage(QueueMembershipSchema, page, undefined);
      for (const agent of page.items) expect(agent.queueId).toBe(trimmed(id));
    },
  },
  {
    op: 'queues.addAgent',
    args: (h) =>
      fc.tuple(
        anyId(queueIds(h), h.known.missingId),
        anyUserRef(h.known),
        fc.oneof(
          { weight: 3, arbitrary: fc.constant(undefined) },
          { weight: 2, arbitrary: fc.record({ skillLevel: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constantFrom(0, 101, -1, 1.5, Number.NaN, '5')) }, { requiredKeys: [] }) },
          { weight: 1, arbitrary: fc.constantFrom({ priority: 1 }, { skillLevel: 5, timeoutMs: 5000 }, { signal: AbortSignal.abort() }) },
          { weight: 1, arbitrary: hostileValue },
        ),
      ),
    verdict: ([id, ref, o]) => oracle.all(oracle.id(id), oracle.userRef(ref), oracle.agentOptions(o)),
    optionsAt: 2,
    call: (c, [id, ref, o]) => c.queues.addAgent(id as string, ref as never, o as never),
    check: (value) => expect(value).toBeUndefined(),
  },
  ...(['removeAgent', 'login', 'logout'] as const).map(
    (name): OperationProperty => ({
      op: `queues.${name}`,
      args: (h) => fc.tuple(anyId(queueIds(h), h.known.missingId), anyUserRef(h.known), anyCallOptions),
      verdict: ([id, ref, o]) => oracle.all(oracle.id(id), oracle.userRef(ref), oracle.callOptions(o)),
      optionsAt: 2,
      call: (c, [id, ref, o]) => c.queues[name](id as string, ref as never, o as never),
      check: (value) => expect(value).toBeUndefined(),
    }),
  ),
  {
    op: 'queues.setStatus',
    args: (h) =>
      fc.tuple(
        anyId(queueIds(h), h.known.missingId),
        anyUserRef(h.known),
        fc.oneof({ weight: 3, arbitrary: fc.constantFrom('ready', 'not_ready', 'wrap_up', 'logged_out') }, { weight: 1, arbitrary: fc.constantFrom('busy', 'READY', 'unknown', 'offline', ' ready') }, { weight: 1, arbitrary: hostileValue }),
        anyCallOptions,
      ),
    verdict: ([id, ref, status, o]) => oracle.all(oracle.id(id), oracle.userRef(ref), oracle.status(status), oracle.callOptions(o)),
    optionsAt: 3,
    call: (c, [id, ref, status, o]) => c.queues.setStatus(id as string, ref as never, status as never, o as never),
    check: (value) => expect(value).toBeUndefined(),
  },
  {
    op: 'queues.state',
    args: (h) => fc.tuple(anyId(queueIds(h), h.known.missingId), anyCallOptions),
    verdict: ([id, o]) => oracle.all(oracle.id(id), oracle.callOptions(o)),
    optionsAt: 1,
    call: (c, [id, o]) => c.queues.state(id as string, o as never),
    check: (state, [id]) => {
      validModel(QueueStateSchema, state);
      expect(state.queueId).toBe(trimmed(id));
    },
  },
  {
    op: 'cdrs.list',
    list: true,
    args: (h) =>
      fc.tuple(
        fc.oneof(
          { weight: 1, arbitrary: fc.constant(undefined) },
          { weight: 2, arbitrary: fc.constant({ from: h.known.cdrRange.from, to: h.known.cdrRange.to }) },
          {
            // Well-formed queries with one doubtful part (a cursor of another list or garbage, a user or none).
            weight: 3,
            arbitrary: fc.record(
              {
                from: fc.constant(h.known.cdrRange.from),
                userId: fc.constantFrom(...userIds(h), h.known.missingId),
                scope: fc.constant('tenant'),
                pageSize: fc.integer({ min: 1, max: 50 }),
                cursor: fc.constantFrom('offset:0', 'offset:3', 'page:1', 'page:2', 'garbage', 'offset:-1', 'page:0'),
              },
              { requiredKeys: ['from'] },
            ),
          },
          {
            weight: 6,
            arbitrary: withExtraKey(
              fc.record(
                {
                  from: anyDate,
                  to: anyDate,
                  userId: anyId(userIds(h), h.known.missingId),
                  scope: fc.oneof({ weight: 3, arbitrary: fc.constantFrom('tenant', 'self') }, { weight: 1, arbitrary: hostileValue }),
                  pageSize: fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.constantFrom(0, -1, 1001, 2.5, Number.NaN, '10')),
                  cursor: fc.oneof(fc.constantFrom('offset:0', 'offset:3', 'page:1', 'page:2', 'garbage', ''), hostileValue),
                },
                { requiredKeys: [] },
              ),
            ),
          },
          { weight: 1, arbitrary: hostileValue },
        ),
        anyListOptions,
      ),
    verdict: ([query, o]) => oracle.all(oracle.cdrQuery(query), oracle.cdrListOptions(o)),
    optionsAt: 1,
    call: (c, [query, o]) => c.cdrs.list(query as never, o as never),
    check: (page, [query]) => {
      validPage(CdrSchema, page, query);
      const q = (query ?? {}) as { from?: unknown; to?: unknown };
      const from = q.from === undefined ? undefined : new Date(q.from as string).getTime();
      const to = q.to === undefined ? undefined : new Date(q.to as string).getTime();
      for (const cdr of page.items) {
        if (from !== undefined) expect(cdr.startedAt.getTime()).toBeGreaterThanOrEqual(from);
        if (to !== undefined) expect(cdr.startedAt.getTime()).toBeLessThan(to);
      }
    },
  },
  {
    op: 'cdrs.get',
    args: (h) => fc.tuple(anyId(cdrIds(h), h.known.missingId), anyCallOptions),
    verdict: ([id, o]) => oracle.all(oracle.id(id), oracle.callOptions(o)),
    optionsAt: 1,
    call: (c, [id, o]) => c.cdrs.get(id as string, o as never),
    check: (cdr, [id]) => {
      validModel(CdrSchema, cdr);
      expect(cdr.id).toBe(trimmed(id));
    },
  },
  {
    op: 'whoami',
    args: () => fc.tuple(anyCallOptions),
    verdict: ([o]) => oracle.callOptions(o),
    optionsAt: 0,
    call: (c, [o]) => c.whoami(o as never),
    check: (user, _args, h) => validUser(h, user),
  },
];

/** Runs the property of one operation against a harness. */
export async function assertOperation(h: Harness, property: OperationProperty, numRuns: number): Promise<void> {
  await fc.assert(
    // Now and then through a client that has not logged in yet: a login before a refusal is a request too.
    fc.asyncProperty(property.args(h), fc.boolean(), async (args, fresh) => {
      await checkCall(h, {
        ...(fresh ? { client: h.newClient() } : {}),
        op: property.op,
        list: property.list ?? false,
        verdict: property.verdict(args),
        aborted: oracle.isAborted(args[property.optionsAt]),
        args,
        call: (client) => property.call(client, args),
        ...(property.check ? { check: (value: unknown) => property.check!(value, args, h) } : {}),
      });
    }),
    { numRuns },
  );
}
