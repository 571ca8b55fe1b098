/**
 * The integrator scenario behind `npm start` and the cross-vendor tests: one piece of
 * vendor-neutral code (directory listing, a user change, a team change, an agent login,
 * yesterday's CDR totals) that runs unchanged against any vendor. What a vendor cannot do
 * is skipped because its capability manifest says so (`client.supports`), never because
 * of its name. It uses the public API (`./index.js`, the package's main entry) only.
 */
import { describeCapability, isPbxError, type OperationName, type PbxClient, type User } from './index.js';

/** How a step ended: done, skipped (the vendor cannot do it) or failed. */
export type StepOutcome = 'ok' | 'skipped' | 'failed';

/** One step of the scenario against one vendor. */
export interface StepResult {
  readonly step: string;
  readonly outcome: StepOutcome;
  /** What happened, in one line. */
  readonly summary: string;
  /** Numbers worth comparing across vendors. */
  readonly figures: Readonly<Record<string, number>>;
}

/** The scenario's outcome for one vendor. */
export interface ScenarioReport {
  readonly vendor: string;
  readonly steps: readonly StepResult[];
  /** Operations this vendor could not do, with the vendor's reason. */
  readonly unsupported: ReadonlyArray<{ readonly operation: OperationName; readonly reason: string }>;
}

/** Options of {@link runScenario}. */
export interface ScenarioOptions {
  /** The scenario's "now" (yesterday is computed from it). Default: the current time. */
  readonly now?: Date;
  readonly signal?: AbortSignal;
}

class Skip extends Error {}

function requireOps(client: PbxClient, ...operations: OperationName[]): void {
  const missing = operations.filter((op) => !client.supports(op));
  if (missing.length) throw new Skip(missing.map((op) => `${op}: ${describeCapability(client.capabilities[op])}`).join('; '));
}

const day = 86_400_000;

async function directory(client: PbxClient, signal?: AbortSignal): Promise<StepResult> {
  requireOps(client, 'users.list');
  let pages = 0;
  let users = 0;
  let total: number | undefined;
  for await (const page of client.users.list({ pageSize: 50, ...(signal ? { signal } : {}) }).pages()) {
    pages++;
    users += page.items.length;
    total ??= page.total;
  }
  return { step: 'directory', outcome: 'ok', summary: `${users} users in ${pages} pages of ≤50`, figures: { users, pages, ...(total !== undefined ? { total } : {}) } };
}

async function freeExtension(client: PbxClient): Promise<string> {
  for (let candidate = 7700; candidate < 7800; candidate++) {
    if ((await client.users.findByExtension(String(candidate))) === null) return String(candidate);
  }
  throw new Error('no free extension between 7700 and 7799');
}

async function userChange(client: PbxClient): Promise<StepResult> {
  if (client.supports('users.create') && client.supports('users.findByExtension')) {
    const extension = await freeExtension(client);
    const created = await client.users.create({ extension, displayName: 'Ada Demo', email: `ada.demo.${extension}@example.com` });
    const updated = await client.users.update(created.id, { email: `ada.lovelace.${extension}@example.com` });
    const deleted = client.supports('users.delete') ? (await client.users.delete(created.id), true) : false;
    return {
      step: 'user change',
      outcome: 'ok',
      summary: `created ${extension} (${created.id}), email -> ${updated.email}${deleted ? ', deleted' : ''}`,
      figures: { created: 1, updated: 1, deleted: deleted ? 1 : 0 },
    };
  }
  requireOps(client, 'users.list', 'users.update');
  const [user] = await client.users.list({ pageSize: 1 }).toArray({ max: 1 });
  if (!user?.email) throw new Error('no user with an email to change');
  const original = user.email;
  const changed = await client.users.update(user.id, { email: `changed.${original}` });
  await client.users.update(user.id, { email: original });
  return { step: 'user change', outcome: 'ok', summary: `email of ${user.displayName} -> ${changed.email}, then restored (create: unsupported)`, figures: { created: 0, updated: 2, deleted: 0 } };
}

async function teamChange(client: PbxClient): Promise<StepResult> {
  requireOps(client, 'groups.list', 'groups.members.list', 'groups.members.add', 'groups.members.remove', 'users.list');
  const groups = await client.groups.list().toArray({ max: 100 });
  const team = groups.find((g) => g.kind === 'team');
  if (!team) throw new Skip('no team group');
  const members = await client.groups.members.list(team.id).toArray();
  const inTeam = (u: User) => members.some((m) => m.userId === u.id || (u.extension !== undefined && m.extension === u.extension));
  const candidate = (await client.users.list({ pageSize: 50 }).toArray({ max: 100 })).find((u) => !inTeam(u));
  if (!candidate) throw new Error('everybody is already in the team');
  await client.groups.members.add(team.id, candidate);
  const after = await client.groups.members.list(team.id).toArray();
  await client.groups.members.remove(team.id, candidate);
  return {
    step: 'team change',
    outcome: 'ok',
    summary: `added ${candidate.displayName} to "${team.name}" (${members.length} -> ${after.length} members), then removed`,
    figures: { before: members.length, after: after.length },
  };
}

async function agentLogin(client: PbxClient): Promise<StepResult> {
  requireOps(client, 'queues.list', 'queues.agents', 'queues.login');
  const [queue] = await client.queues.list().toArray({ max: 1 });
  if (!queue) throw new Skip('no queue');
  const agents = await client.queues.agents(queue.id).toArray();
  const agent = agents.find((a) => !a.loggedIn) ?? agents[0];
  if (!agent) throw new Skip(`queue ${queue.name} has no agents`);
  const ref = agent.userId !== undefined ? { id: agent.userId } : { extension: agent.extension as string };
  await client.queues.login(queue.id, ref);
  const after = await client.queues.agents(queue.id).toArray();
  const current = after.find((a) => (agent.userId ? a.userId === agent.userId : a.extension === agent.extension));
  const loggedIn = after.filter((a) => a.loggedIn).length;
  return {
    step: 'agent login',
    outcome: 'ok',
    summary: `${agent.displayName ?? agent.extension ?? agent.userId} logged into "${queue.name}": ${agent.status} -> ${current?.status ?? 'unknown'}`,
    figures: { agents: agents.length, loggedIn },
  };
}

async function yesterdaysCalls(client: PbxClient, now: Date, signal?: AbortSignal): Promise<StepResult> {
  requireOps(client, 'cdrs.list');
  const to = new Date(Math.floor(now.getTime() / day) * day);
  const from = new Date(to.getTime() - day);
  let calls = 0;
  let answered = 0;
  let seconds = 0;
  for await (const cdr of client.cdrs.list({ from, to, pageSize: 100 }, signal ? { signal } : {})) {
    calls++;
    if (cdr.disposition === 'answered') answered++;
    seconds += cdr.durationSeconds;
  }
  return {
    step: "yesterday's calls",
    outcome: 'ok',
    summary: `${calls} calls on ${from.toISOString().slice(0, 10)}, ${answered} answered, ${Math.round(seconds / 60)} min in total`,
    figures: { calls, answered, minutes: Math.round(seconds / 60) },
  };
}

/** Runs the scenario against one client. Steps never throw: each reports ok, skipped (why) or failed (error code). */
export async function runScenario(client: PbxClient, options: ScenarioOptions = {}): Promise<ScenarioReport> {
  const now = options.now ?? new Date();
  const steps: Array<[string, () => Promise<StepResult>]> = [
    ['directory', () => directory(client, options.signal)],
    ['user change', () => userChange(client)],
    ['team change', () => teamChange(client)],
    ['agent login', () => agentLogin(client)],
    ["yesterday's calls", () => yesterdaysCalls(client, now, options.signal)],
  ];
  const results: StepResult[] = [];
  for (const [step, run] of steps) {
    try {
      results.push(await run());
    } catch (error) {
      if (error instanceof Skip) results.push({ step, outcome: 'skipped', summary: error.message, figures: {} });
      else results.push({ step, outcome: 'failed', summary: isPbxError(error) ? `${error.code}: ${error.message}` : String(error), figures: {} });
    }
  }
  const unsupported = Object.entries(client.capabilities)
    .filter(([, c]) => c.support === 'unsupported')
    .map(([operation, c]) => ({ operation: operation as OperationName, reason: c.support === 'unsupported' ? c.reason : '' }));
  return { vendor: client.vendor, steps: results, unsupported };
}
