/**
 * An in-memory {@link PbxAdapter} for facade tests: it records every call (operation and
 * arguments, including the request context) and serves users, groups, queues and CDRs from
 * arrays, with offset cursors.
 */
import { OPERATIONS, type Capability, type CapabilityManifest, type OperationName } from '../../../core/capabilities.js';
import type { RequestContext } from '../../../core/http/context.js';
import type { Cdr, Group, Queue, QueueMembership, User } from '../../../core/model.js';
import { fetchPage, type Page, type PageRequest } from '../../../core/paging.js';
import type { PbxAdapter, RawRequest, RawResponse } from '../../../core/port.js';
import { contactCentreFakes } from './contact-centre-fakes.js';

export const FAKE_VENDOR = 'fakepbx';

/** Every operation native (1 request), with `overrides` on top. */
export function manifest(overrides: Partial<Record<OperationName, Capability>> = {}): CapabilityManifest {
  const out = {} as Record<OperationName, Capability>;
  for (const operation of OPERATIONS) out[operation] = { support: 'native', requests: 1 };
  return { ...out, ...overrides };
}

export interface AdapterCall {
  readonly operation: string;
  readonly args: readonly unknown[];
  readonly ctx: RequestContext;
}

export function user(id: string, extra: Partial<User> = {}): User {
  return { id, extension: `1${id.padStart(3, '0')}`, displayName: `User ${id}`, email: `u${id}@example.test`, vendor: FAKE_VENDOR, raw: { id }, ...extra };
}

function pageOf<T>(items: readonly T[], request: PageRequest): Promise<Page<T>> {
  return fetchPage({ style: 'offset', maxPageSize: 100, defaultPageSize: 2, fetch: async (p) => ({ items: items.slice(p.offset, p.offset + p.size), total: items.length }), map: (x: T) => x }, request);
}

export interface FakeAdapter {
  readonly adapter: PbxAdapter;
  readonly calls: AdapterCall[];
  readonly users: User[];
  /** Names of the operations called, in order. */
  names(): string[];
}

export function fakeAdapter(capabilities: CapabilityManifest = manifest(), options: { readonly users?: number } = {}): FakeAdapter {
  const calls: AdapterCall[] = [];
  const users = Array.from({ length: options.users ?? 5 }, (_, i) => user(String(i + 1)));
  const groups: Group[] = [{ id: 'g1', name: 'Sales', kind: 'team', vendor: FAKE_VENDOR, raw: {} }];
  const queues: Queue[] = [{ id: 'q1', name: 'Support', vendor: FAKE_VENDOR, raw: {} }];
  const agents: QueueMembership[] = [{ queueId: 'q1', userId: '1', extension: '1001', loggedIn: true, status: 'ready', raw: {} }];
  const cdrs: Cdr[] = [
    { id: 'c1', direction: 'inbound', from: { number: '+46701234567' }, to: { number: '1001' }, startedAt: new Date('2024-01-01T10:00:00Z'), durationSeconds: 30, disposition: 'answered', vendor: FAKE_VENDOR, raw: {} },
  ];
  const record = (operation: string, ctx: RequestContext, ...args: unknown[]): void => {
    calls.push({ operation, args, ctx });
  };
  const adapter: PbxAdapter = {
    vendor: FAKE_VENDOR,
    capabilities,
    users: {
      async list(page, ctx) {
        record('users.list', ctx, page);
        return pageOf(users, page);
      },
      async get(id, ctx) {
        record('users.get', ctx, id);
        return users.find((u) => u.id === id) ?? user(id);
      },
      async findByEmail(email, ctx) {
        record('users.findByEmail', ctx, email);
        return users.find((u) => u.email?.toLowerCase() === email.toLowerCase()) ?? null;
      },
      async findByExtension(extension, ctx) {
        record('users.findByExtension', ctx, extension);
        return users.find((u) => u.extension === extension) ?? null;
      },
      async create(input, ctx) {
        record('users.create', ctx, input);
        const created = user(String(users.length + 1), { extension: input.extension, displayName: input.displayName, email: input.email });
        users.push(created);
        return created;
      },
      async update(id, changes, ctx) {
        record('users.update', ctx, id, changes);
        return { ...user(id), ...changes };
      },
      async delete(id, ctx) {
        record('users.delete', ctx, id);
      },
    },
    groups: {
      async list(page, ctx) {
        record('groups.list', ctx, page);
        return pageOf(groups, page);
      },
      async get(id, ctx) {
        record('groups.get', ctx, id);
        return { ...groups[0]!, id };
      },
      async create(input, ctx) {
        record('groups.create', ctx, input);
        return { id: 'g2', name: input.name, kind: input.kind, vendor: FAKE_VENDOR, raw: {} };
      },
      async update(id, changes, ctx) {
        record('groups.update', ctx, id, changes);
        return { ...groups[0]!, id, ...changes };
      },
      async delete(id, ctx) {
        record('groups.delete', ctx, id);
      },
      async listMembers(groupId, page, ctx) {
        record('groups.members.list', ctx, groupId, page);
        return pageOf([{ groupId, userId: '1', raw: {} }], page);
      },
      async addMember(groupId, ref, ctx) {
        record('groups.members.add', ctx, groupId, ref);
      },
      async removeMember(groupId, ref, ctx) {
        record('groups.members.remove', ctx, groupId, ref);
      },
    },
    queues: {
      async list(page, ctx) {
        record('queues.list', ctx, page);
        return pageOf(queues, page);
      },
      async get(id, ctx) {
        record('queues.get', ctx, id);
        return { ...queues[0]!, id };
      },
      async agents(queueId, ctx) {
        record('queues.agents', ctx, queueId);
        return agents;
      },
      async addAgent(queueId, ref, options, ctx) {
        record('queues.addAgent', ctx, queueId, ref, options);
      },
      async removeAgent(queueId, ref, ctx) {
        record('queues.removeAgent', ctx, queueId, ref);
      },
      async login(queueId, ref, ctx) {
        record('queues.login', ctx, queueId, ref);
      },
      async logout(queueId, ref, ctx) {
        record('queues.logout', ctx, queueId, ref);
      },
      async setStatus(queueId, ref, status, ctx) {
        record('queues.setStatus', ctx, queueId, ref, status);
      },
      async state(queueId, ctx) {
        record('queues.state', ctx, queueId);
        return { queueId, agents, raw: {} };
      },
    },
    cdrs: {
      async list(filter, page, ctx) {
        record('cdrs.list', ctx, filter, page);
        return pageOf(cdrs, page);
      },
      async get(id, ctx) {
        record('cdrs.get', ctx, id);
        return { ...cdrs[0]!, id };
      },
    },
    ...contactCentreFakes(record, FAKE_VENDOR),
    async whoami(ctx) {
      record('whoami', ctx);
      return users[0]!;
    },
    async request(request: RawRequest, ctx: RequestContext): Promise<RawResponse> {
      record('raw', ctx, request);
      return { status: 200, headers: new Headers(), body: { ok: true } };
    },
    async close(ctx) {
      record('close', ctx);
    },
  };
  return { adapter, calls, users, names: () => calls.map((c) => c.operation) };
}
