/**
 * One chaos worker: a sequential integrator doing mixed operations on the resources its
 * plan gives it, through a client whose every request may be faulted. After each write
 * it records the outcome in the ledger; after each read it compares what it saw with the
 * true state (read through the fault-free verifier) and with what the ledger pins.
 */
import type { PbxClient } from '../../core/client.js';
import { isPbxError } from '../../core/errors.js';
import { toJsonRecord } from '../../core/json-record.js';
import type { UserPatchField } from '../../core/inputs.js';
import type { User } from '../../core/model.js';
import type { Fact, Ledger } from './expectation.js';
import { countError, countHarnessError, countOperation, type Findings } from './findings.js';
import { isUser, refOf, type AgentSlot, type Plan, type WorkerPlan } from './plan.js';

/** What the workers of one vendor share. */
export interface VendorRun {
  readonly client: PbxClient;
  readonly verifier: PbxClient;
  readonly plan: Plan;
  readonly ledger: Ledger;
  readonly findings: Findings;
  readonly random: () => number;
  /** User fields the workload changes (those the vendor accepts). */
  readonly updateFields: readonly UserPatchField[];
  /** Operations left to run across the vendor's workers. */
  remaining: number;
  /** Source of unique values. */
  serial: number;
}

/** Ledger keys, shared with the final verification. */
export const keys = {
  userField: (userId: string, field: string) => `user:${userId}:${field}`,
  created: (extension: string) => `created:${extension}`,
  member: (teamId: string, userId: string) => `member:${teamId}:${userId}`,
  login: (slot: AgentSlot) => `login:${slot.key}`,
  agent: (slot: AgentSlot) => `agent:${slot.key}`,
};

/** The fields the chaos workload changes, in order of preference, with unique values. */
const FIELD_VALUES: Partial<Record<UserPatchField, (n: number) => string>> = {
  email: (n) => `chaos.${n}@example.com`,
  mobile: (n) => `+44770${String(900000 + n).padStart(6, '0')}`,
  displayName: (n) => `Chaos Tester ${n}`,
  department: (n) => `Chaos ${n}`,
  firstName: (n) => `Chaos${n}`,
  lastName: (n) => `Tester${n}`,
};

export function updatableFields(client: PbxClient): UserPatchField[] {
  const capability = client.capabilities['users.update'];
  if (capability.support === 'unsupported') return [];
  const accepted = capability.fields ?? Object.keys(FIELD_VALUES);
  return (Object.keys(FIELD_VALUES) as UserPatchField[]).filter((f) => accepted.includes(f));
}

export const userFact = (user: User, field: UserPatchField): Fact => {
  const value = (user as Record<string, unknown>)[field];
  return typeof value === 'string' || typeof value === 'boolean' ? value : undefined;
};

/** The vendor refused the request (4xx): it was not applied. */
const refused = (error: unknown): boolean =>
  isPbxError(error) && error.code !== 'PARTIAL_FAILURE' && error.status !== undefined && error.status >= 400 && error.status < 500;

/** A user as compared between reads: everything but the vendor payload. */
const comparable = (value: object): string => JSON.stringify(toJsonRecord(value));

type Kind = 'get' | 'update' | 'create' | 'delete' | 'member' | 'members' | 'login' | 'agents' | 'agent' | 'cdrs';

const WEIGHTS: Record<Kind, number> = { get: 12, update: 20, create: 8, delete: 5, member: 14, members: 5, login: 14, agents: 5, agent: 7, cdrs: 10 };

export class ChaosWorker {
  /** Extensions this worker created: id when known (undefined: the outcome was unknown). */
  private readonly created = new Map<string, string | undefined>();
  private nextExtension = 0;

  constructor(
    private readonly run: VendorRun,
    private readonly plan: WorkerPlan,
  ) {}

  /** Runs operations until the vendor's budget is spent. */
  async work(): Promise<void> {
    while (this.run.remaining > 0) {
      this.run.remaining--;
      const kind = this.pick();
      if (!kind) return;
      countOperation(this.run.findings, kind);
      // Every outcome is counted: the workload's own errors are caught in each step; what
      // escapes (the verifier giving up, a bug of the harness) is counted here, never thrown.
      try {
        await this.step(kind);
      } catch (error) {
        countHarnessError(this.run.findings, kind, error);
      }
    }
  }

  private available(kind: Kind): boolean {
    const { client, plan, updateFields } = this.run;
    const users = this.plan.users.length > 0;
    switch (kind) {
      case 'get':
        return users && client.supports('users.get');
      case 'update':
        return users && updateFields.length > 0;
      case 'create':
        return client.supports('users.create') && (this.nextExtension < this.plan.extensions.length || this.unknownCreates().length > 0);
      case 'delete':
        return client.supports('users.delete') && [...this.created.values()].some((id) => id !== undefined);
      case 'member':
      case 'members':
        return users && plan.team !== undefined;
      case 'login':
        return this.plan.loginSlots.length > 0;
      case 'agent':
        return this.plan.agentSlots.length > 0;
      case 'agents':
        return this.plan.loginSlots.length + this.plan.agentSlots.length > 0;
      case 'cdrs':
        return plan.cdrPages.length > 0;
    }
  }

  private pick(): Kind | undefined {
    const kinds = (Object.keys(WEIGHTS) as Kind[]).filter((k) => this.available(k));
    const total = kinds.reduce((n, k) => n + WEIGHTS[k], 0);
    let roll = this.run.random() * total;
    for (const kind of kinds) {
      roll -= WEIGHTS[kind];
      if (roll < 0) return kind;
    }
    return kinds.at(-1);
  }

  private any<T>(items: readonly T[]): T {
    return items[Math.floor(this.run.random() * items.length)] as T;
  }

  private async step(kind: Kind): Promise<void> {
    switch (kind) {
      case 'get':
        return this.get();
      case 'update':
        return this.update();
      case 'create':
        return this.create();
      case 'delete':
        return this.delete();
      case 'member':
        return this.member();
      case 'members':
        return this.members();
      case 'login':
        return this.login();
      case 'agent':
        return this.agent();
      case 'agents':
        return this.agents();
      case 'cdrs':
        return this.cdrs();
    }
  }

  /** Runs a write and records its outcome for `key`. */
  private async write(operation: string, key: string, value: Fact, body: () => Promise<unknown>): Promise<boolean> {
    const expectation = this.run.ledger.get(key) ?? this.run.ledger.track(key, undefined);
    try {
      await body();
      expectation.succeeded(value);
      return true;
    } catch (error) {
      expectation.failed(value);
      countError(this.run.findings, operation, error);
      return false;
    }
  }

  /** Runs a read; a failure is counted and yields undefined. */
  private async read<T>(operation: string, body: () => Promise<T>): Promise<T | undefined> {
    try {
      return await body();
    } catch (error) {
      countError(this.run.findings, operation, error);
      return undefined;
    }
  }

  /**
   * Reads the true state through the verifier. Its requests carry the simulator's fault-bypass
   * header, but an injected session expiry ends every session, the verifier's too, possibly
   * again right after its renewal: it signs in again as often as needed (bounded by time).
   */
  private truth<T>(body: (verifier: PbxClient) => Promise<T>): Promise<T> {
    return withRelogin(() => body(this.run.verifier));
  }

  /** A fact the PBX holds now that the ledger says it cannot hold. */
  private checkPinned(key: string, actual: Fact): void {
    const certain = this.run.ledger.get(key)?.certain;
    if (certain && certain.value !== actual) {
      this.run.findings.lostWrites.push(`${key}: holds ${JSON.stringify(actual)}, expected ${JSON.stringify(certain.value)}`);
    }
  }

  private async get(): Promise<void> {
    const user = this.any(this.plan.users);
    const seen = await this.read('users.get', () => this.run.client.users.get(user.id));
    if (!seen) return;
    const truth = await this.truth((v) => v.users.get(user.id));
    if (comparable(seen) !== comparable(truth)) this.run.findings.wrongReads.push(`users.get ${user.id}: read ${comparable(seen)}, PBX holds ${comparable(truth)}`);
    for (const field of this.run.updateFields) this.checkPinned(keys.userField(user.id, field), userFact(truth, field));
  }

  private async update(): Promise<void> {
    const user = this.any(this.plan.users);
    const field = this.any(this.run.updateFields);
    const value = (FIELD_VALUES[field] as (n: number) => string)(++this.run.serial);
    let returned: User | undefined;
    const ok = await this.write('users.update', keys.userField(user.id, field), value, async () => {
      returned = await this.run.client.users.update(user.id, { [field]: value });
    });
    if (ok && returned && userFact(returned, field) !== value) {
      this.run.findings.wrongReads.push(`users.update ${user.id}: returned ${field} ${JSON.stringify(userFact(returned, field))}, sent ${JSON.stringify(value)}`);
    }
  }

  private unknownCreates(): string[] {
    return [...this.created].filter(([, id]) => id === undefined).map(([extension]) => extension);
  }

  /**
   * Creates a user with a new extension, or, like a nightly sync re-run, settles an earlier
   * create whose outcome was unknown: look it up, create it when absent.
   */
  private async create(): Promise<void> {
    const { client, ledger } = this.run;
    const unsettled = this.unknownCreates();
    const extension = unsettled.length > 0 && (this.nextExtension >= this.plan.extensions.length || this.run.random() < 0.5) ? this.any(unsettled) : this.plan.extensions[this.nextExtension++];
    if (extension === undefined) return;
    const key = keys.created(extension);
    ledger.track(key, false);
    if (this.created.has(extension)) {
      const found = await this.read('users.findByExtension', () => client.users.findByExtension(extension));
      if (found === undefined) return;
      if (found !== null) {
        this.created.set(extension, found.id);
        this.checkPinned(key, true);
        ledger.get(key)?.succeeded(true);
        return;
      }
    }
    let user: User | undefined;
    const expectation = ledger.get(key);
    try {
      user = await client.users.create({ extension, displayName: `Chaos ${extension}`, email: `chaos.ext${extension}@example.com` });
      expectation?.succeeded(true);
    } catch (error) {
      countError(this.run.findings, 'users.create', error);
      // A refusal (4xx) says the user was not created; anything else may hide a create that landed.
      if (!refused(error)) expectation?.failed(true);
    }
    this.created.set(extension, user?.id);
    if (user && user.extension !== extension) this.run.findings.wrongReads.push(`users.create ${extension}: returned extension ${user.extension}`);
  }

  private async delete(): Promise<void> {
    const [extension, id] = this.any([...this.created].filter(([, id]) => id !== undefined)) as [string, string];
    const key = keys.created(extension);
    const expectation = this.run.ledger.get(key);
    try {
      await this.run.client.users.delete(id);
      expectation?.succeeded(false);
      this.created.delete(extension);
    } catch (error) {
      // A repeated delete of a user an earlier, failed-looking delete removed: it is gone.
      if (isPbxError(error, 'NOT_FOUND') && expectation?.accepts(false)) {
        expectation.succeeded(false);
        this.created.delete(extension);
        return;
      }
      expectation?.failed(false);
      countError(this.run.findings, 'users.delete', error);
    }
  }

  /** Moves an owned user in or out of the team. */
  private async member(): Promise<void> {
    const team = this.run.plan.team!;
    const user = this.any(this.plan.users);
    const key = keys.member(team.id, user.id);
    const certain = this.run.ledger.get(key)?.certain;
    const join = certain ? !certain.value : this.run.random() < 0.5;
    const members = this.run.client.groups.members;
    await this.write(join ? 'groups.members.add' : 'groups.members.remove', key, join, () => (join ? members.add(team.id, refOf(user)) : members.remove(team.id, refOf(user))));
  }

  private async members(): Promise<void> {
    const team = this.run.plan.team!;
    const seen = await this.read('groups.members.list', () => this.run.client.groups.members.list(team.id).toArray());
    if (!seen) return;
    const truth = await this.truth((v) => v.groups.members.list(team.id).toArray());
    for (const user of this.plan.users) {
      const inTruth = truth.some((m) => isUser(m, user));
      if (seen.some((m) => isUser(m, user)) !== inTruth) this.run.findings.wrongReads.push(`groups.members.list ${team.id}: ${user.id} ${inTruth ? 'missing' : 'listed but not a member'}`);
      this.checkPinned(keys.member(team.id, user.id), inTruth);
    }
  }

  private async login(): Promise<void> {
    const slot = this.any(this.plan.loginSlots);
    const key = keys.login(slot);
    const certain = this.run.ledger.get(key)?.certain;
    const login = certain ? !certain.value : this.run.random() < 0.5;
    const queues = this.run.client.queues;
    await this.write(login ? 'queues.login' : 'queues.logout', key, login, () => (login ? queues.login(slot.queueId, refOf(slot.user)) : queues.logout(slot.queueId, refOf(slot.user))));
  }

  private async agent(): Promise<void> {
    const slot = this.any(this.plan.agentSlots);
    const key = keys.agent(slot);
    const certain = this.run.ledger.get(key)?.certain;
    const add = certain ? !certain.value : this.run.random() < 0.5;
    const queues = this.run.client.queues;
    await this.write(add ? 'queues.addAgent' : 'queues.removeAgent', key, add, () => (add ? queues.addAgent(slot.queueId, refOf(slot.user)) : queues.removeAgent(slot.queueId, refOf(slot.user))));
  }

  private async agents(): Promise<void> {
    const queueId = this.any([...this.plan.loginSlots, ...this.plan.agentSlots]).queueId;
    const seen = await this.read('queues.agents', () => this.run.client.queues.agents(queueId).toArray());
    if (!seen) return;
    const truth = await this.truth((v) => v.queues.agents(queueId).toArray());
    const loggedIn = (list: typeof seen, slot: AgentSlot) => list.find((a) => isUser(a, slot.user))?.loggedIn;
    for (const slot of this.plan.loginSlots.filter((s) => s.queueId === queueId)) {
      if (loggedIn(seen, slot) !== loggedIn(truth, slot)) this.run.findings.wrongReads.push(`queues.agents ${queueId}: ${slot.user.id} read loggedIn ${loggedIn(seen, slot)}, PBX holds ${loggedIn(truth, slot)}`);
      this.checkPinned(keys.login(slot), loggedIn(truth, slot));
    }
    for (const slot of this.plan.agentSlots.filter((s) => s.queueId === queueId)) {
      const present = truth.some((a) => isUser(a, slot.user));
      if (seen.some((a) => isUser(a, slot.user)) !== present) this.run.findings.wrongReads.push(`queues.agents ${queueId}: ${slot.user.id} ${present ? 'missing' : 'listed but not an agent'}`);
      this.checkPinned(keys.agent(slot), present);
    }
  }

  private async cdrs(): Promise<void> {
    const { plan, client } = this.run;
    const reference = this.any(plan.cdrPages);
    const page = await this.read('cdrs.list', () => client.cdrs.list(plan.cdrQuery!).page(reference.cursor !== undefined ? { cursor: reference.cursor } : {}));
    if (!page) return;
    const ids = page.items.map((c) => c.id);
    if (ids.join() !== reference.ids.join()) this.run.findings.wrongReads.push(`cdrs.list page ${reference.cursor ?? 'first'}: ${ids.length} records differ from the ${reference.ids.length} expected`);
  }
}

/** How long the verifier keeps signing in again before a check is given up (counted, not thrown). */
export const VERIFIER_PATIENCE_MS = 30_000;

/**
 * Runs `body` (a read through the fault-free verifier) until it does not fail with an
 * expired session: unlimited re-logins, within {@link VERIFIER_PATIENCE_MS}.
 */
export async function withRelogin<T>(body: () => Promise<T>, patienceMs = VERIFIER_PATIENCE_MS): Promise<T> {
  const until = Date.now() + patienceMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await body();
    } catch (error) {
      if (!isPbxError(error, 'AUTHENTICATION_FAILED') || Date.now() >= until) throw error;
      // A short pause after a few in a row, so that a storm of expiries cannot spin the CPU.
      if (attempt >= 3) await new Promise((resolve) => setTimeout(resolve, Math.min(50, 5 * attempt)));
    }
  }
}
