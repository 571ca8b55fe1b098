/**
 * `apply(pbx, plan)`: carries a plan out through the bulk API (the vendor's pace, bounded
 * concurrency, natural-key reconciliation of unknown outcomes), step by step in the plan's
 * order: teams, user creates, updates, memberships, queue agents, deletions. Writes ask for
 * no read-back. It never attempts what the plan lists as unsupported.
 *
 * Interrupted (Ctrl-C, crash, `kill -9`), it is simply run again: `plan` starts from what the
 * PBX holds, so the second run plans only what is missing; a create whose reply was lost is
 * found by its extension, never made twice.
 */
import type { PbxClient } from '../../core/client.js';
import { runBulk, type BulkResult } from '../../core/bulk/run.js';
import { isPbxError, type PbxError } from '../../core/errors.js';
import { patchOf, refOf, type Plan, type PlanAction } from './plan.js';

export interface ApplyOptions {
  readonly signal?: AbortSignal;
  /** Actions in flight at once (the client's limiter paces the requests). Default 16. */
  readonly concurrency?: number;
  /** Called after every action. */
  readonly onProgress?: (progress: ApplyProgress) => void;
}

export interface ApplyProgress {
  readonly total: number;
  readonly processed: number;
  readonly failed: number;
  readonly unknown: number;
}

export interface ActionResult {
  readonly action: PlanAction;
  readonly status: 'done' | 'failed' | 'unknown';
  readonly error?: { readonly code: string; readonly message: string };
}

export interface ApplyReport {
  readonly vendor: string;
  readonly results: readonly ActionResult[];
  readonly counts: { readonly done: number; readonly failed: number; readonly unknown: number; readonly skipped: number };
  /** Not attempted: the plan's unsupported entries and problems. */
  readonly unsupported: Plan['unsupported'];
  readonly problems: Plan['problems'];
}

type Of<K extends PlanAction['kind']> = Extract<PlanAction, { kind: K }>;

export async function apply(pbx: PbxClient, plan: Plan, options: ApplyOptions = {}): Promise<ApplyReport> {
  const results: ActionResult[] = [];
  const total = plan.actions.length;
  const counts = { done: 0, failed: 0, unknown: 0, skipped: 0 };
  const bulk = { ...(options.signal ? { signal: options.signal } : {}), concurrency: options.concurrency ?? 16 };
  const created = new Map<string, string>(); // user key → new id
  const teams = new Map(Object.entries(plan.refs.teams));

  const record = (action: PlanAction, status: ActionResult['status'], error?: PbxError | Error): void => {
    results.push({ action, status, ...(error ? { error: { code: isPbxError(error) ? (error as PbxError).code : 'ERROR', message: error.message } } : {}) });
    if (status === 'done') counts.done++;
    else counts[status]++;
    try {
      options.onProgress?.({ total, processed: results.length, failed: counts.failed, unknown: counts.unknown });
    } catch {
      // a progress display must not break the run
    }
  };
  /** Records each result of a bulk run against its action (`item.action`, or the item itself). */
  const collect = async <I extends PlanAction | { readonly action: PlanAction }, R>(run: AsyncIterable<BulkResult<I, R>>, after?: (r: BulkResult<I, R>) => void): Promise<void> => {
    for await (const r of run) {
      after?.(r);
      record('action' in r.item ? r.item.action : r.item, r.status, r.status === 'done' ? undefined : r.error);
    }
  };
  const pick = <K extends PlanAction['kind']>(...kinds: K[]): Array<Of<K>> => plan.actions.filter((a): a is Of<K> => (kinds as string[]).includes(a.kind));
  /** Actions whose user (or team) could not be resolved are skipped, and say why. */
  const missing = (action: PlanAction, what: string): void => record(action, 'failed', new Error(`${what} is not known (its create failed or was not planned)`));
  const stopped = () => options.signal?.aborted === true;

  // 1. Teams (one by one: a handful, and each needs its id back). An unknown outcome is looked up by name.
  await collect(
    runBulk(
      pick('team.create'),
      {
        key: (a) => `team:${a.team}`,
        idempotent: false,
        run: async (a, o) => (await pbx.groups.create({ name: a.team, kind: 'team' }, o)).id,
        reconcile: async (a, o) => (await pbx.groups.list(o).toArray()).find((g) => g.kind === 'team' && g.name.toLowerCase() === a.team.toLowerCase())?.id ?? null,
      },
      { ...bulk, concurrency: 1 },
    ),
    (r) => r.status === 'done' && r.result && teams.set(r.item.team, r.result),
  );
  if (stopped()) return report();

  // 2. User creates (the vendor's bulk endpoint where it has one).
  const creates = pick('user.create');
  const byExtension = new Map(creates.map((a) => [String(a.input.extension), a] as const));
  for await (const r of pbx.bulk.users.create(
    creates.map((a) => a.input),
    bulk,
  )) {
    const action = byExtension.get(String(r.item.extension)) as Of<'user.create'>;
    if (r.status === 'done' && r.result) created.set(action.user, r.result.id);
    record(action, r.status, r.status === 'done' ? undefined : r.error);
  }
  if (stopped()) return report();

  // 3. Updates (including fields a create does not take).
  const updates = pick('user.update');
  const ready = updates.filter((a) => a.userId ?? created.get(a.user));
  updates.filter((a) => !ready.includes(a)).forEach((a) => missing(a, `user ${a.user}`));
  const updateOf = new Map(ready.map((a) => [(a.userId ?? created.get(a.user)) as string, a] as const));
  for await (const r of pbx.bulk.users.update(
    ready.map((a) => ({ id: (a.userId ?? created.get(a.user)) as string, patch: patchOf(a.changes) })),
    bulk,
  )) {
    record(updateOf.get(r.item.id) as PlanAction, r.status, r.status === 'done' ? undefined : r.error);
  }
  if (stopped()) return report();

  // 4. Team members, then 5. queue agents: removals first, so a move between teams never doubles up.
  const members = <K extends 'member.add' | 'member.remove'>(kind: K) => {
    const actions = pick(kind) as Array<Of<'member.add' | 'member.remove'>>;
    const items: Array<{ groupId: string; user: NonNullable<ReturnType<typeof refOf>>; action: PlanAction }> = [];
    for (const a of actions) {
      const groupId = teams.get(a.team);
      const user = refOf(plan.refs, a.user, created);
      if (!groupId) missing(a, `team ${a.team}`);
      else if (!user) missing(a, `user ${a.user}`);
      else items.push({ groupId, user, action: a });
    }
    return items;
  };
  await collect(runBulk(members('member.remove'), { key: (i) => `${i.groupId}/${(i.action as Of<'member.remove'>).user}`, idempotent: true, run: (i, o) => pbx.groups.members.remove(i.groupId, i.user, o) }, bulk));
  await collect(runBulk(members('member.add'), { key: (i) => `${i.groupId}/${(i.action as Of<'member.add'>).user}`, idempotent: true, run: (i, o) => pbx.groups.members.add(i.groupId, i.user, o) }, bulk));
  if (stopped()) return report();

  const agents = (kinds: Array<'agent.add' | 'agent.remove' | 'agent.update'>) => {
    const items: Array<{ queueId: string; user: NonNullable<ReturnType<typeof refOf>>; skillLevel?: number; action: PlanAction }> = [];
    for (const a of pick(...kinds)) {
      const queueId = plan.refs.queues[a.queue];
      const user = refOf(plan.refs, a.user, created);
      if (!queueId || !user) missing(a, !queueId ? `queue ${a.queue}` : `user ${a.user}`);
      else items.push({ queueId, user, action: a, ...('skillLevel' in a && a.skillLevel !== undefined ? { skillLevel: a.skillLevel } : {}) });
    }
    return items;
  };
  await collect(runBulk(agents(['agent.remove']), { key: (i) => `${i.queueId}/${(i.action as Of<'agent.remove'>).user}`, idempotent: true, run: (i, o) => pbx.queues.removeAgent(i.queueId, i.user, o) }, bulk));
  await collect(
    runBulk(
      agents(['agent.add', 'agent.update']),
      {
        key: (i) => `${i.queueId}/${(i.action as Of<'agent.add'>).user}`,
        idempotent: true,
        run: (i, o) => pbx.queues.addAgent(i.queueId, i.user, { ...o, ...(i.skillLevel !== undefined ? { skillLevel: i.skillLevel } : {}) }),
      },
      bulk,
    ),
  );
  if (stopped()) return report();

  // 6. Deletions (only planned with prune).
  await collect(runBulk(pick('user.delete'), { key: (a) => a.userId, idempotent: true, run: (a, o) => pbx.users.delete(a.userId, o) }, bulk));
  return report();

  function report(): ApplyReport {
    counts.skipped = total - results.length;
    return { vendor: plan.vendor, results, counts: { ...counts }, unsupported: plan.unsupported, problems: plan.problems };
  }
}
