/**
 * Live mode of the simulators: a PBX that changes while you watch. Calls start and end over
 * time (a call's record appears when it ends, with its start time — so a long call's record
 * appears after shorter, later calls': the late arrival `cdrs.sync` must catch), agents log in
 * and out of queues and change status, and users are edited now and then.
 *
 * Deterministic for a seed: each stream (calls, agents, users) draws its event times (a Poisson
 * process at the configured rate, relative to the start) and its choices from its own seeded
 * generator, so one seed gives the same sequence of changes at the same offsets. What happens
 * is vendor business: each simulator supplies {@link LiveHooks}. Events are applied by `tick()`
 * — every `tickMs` on a timer (unref'd), or only when called (`tickMs: 0`, for tests that drive
 * the simulator's clock themselves).
 */
import { seedTools, type SeedTools } from './random.js';

export interface LiveOptions {
  /** Calls started per minute (records appear as calls end). Default 30. */
  readonly callsPerMinute?: number;
  /** Agent logins, logouts and status changes per minute. Default 12. */
  readonly agentChangesPerMinute?: number;
  /** User edits per minute. Default 2. */
  readonly userEditsPerMinute?: number;
  /** Longest call in seconds (durations are spread over 2 s … this). Default 90. */
  readonly maxCallSeconds?: number;
  /** Seed of the changes. Default: the simulator's seed. */
  readonly seed?: number;
  /** How often changes are applied, ms; 0: only by `tick()`. Default 100. */
  readonly tickMs?: number;
}

/** What one change did, for logs and demos. */
export interface LiveChange {
  /** Simulator clock, epoch ms. */
  readonly at: number;
  readonly kind: 'call' | 'agent' | 'user';
  readonly summary: string;
}

/** What a vendor simulator does for each kind of change; a hook returns undefined when it has nothing to change. */
export interface LiveHooks {
  /** Records the call that ran from `startedAt` to `endedAt` (epoch ms, whole seconds); returns a summary. */
  recordCall(rng: SeedTools, startedAt: number, endedAt: number): string | undefined;
  changeAgent(rng: SeedTools): string | undefined;
  editUser(rng: SeedTools): string | undefined;
  /** Ids of every call record the simulator holds (seeded and live): the truth sync results are compared with. */
  cdrIds(): string[];
}

interface Stream {
  readonly kind: LiveChange['kind'];
  readonly perMinute: number;
  readonly rng: SeedTools;
  next: number;
}

const MINUTE = 60_000;

/** Checks live options; throws RangeError naming the bad one. */
function checkLiveOptions(label: string, live: LiveOptions | boolean | undefined): void {
  if (live === undefined || typeof live === 'boolean') return;
  for (const key of ['callsPerMinute', 'agentChangesPerMinute', 'userEditsPerMinute'] as const) {
    const value = live[key];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0 && value <= 60_000)) throw new RangeError(`${label} simulator: live.${key} must be a number from 0 to 60000`);
  }
  if (live.maxCallSeconds !== undefined && !(Number.isInteger(live.maxCallSeconds) && live.maxCallSeconds >= 2 && live.maxCallSeconds <= 86_400)) {
    throw new RangeError(`${label} simulator: live.maxCallSeconds must be an integer from 2 to 86400`);
  }
  if (live.tickMs !== undefined && !(Number.isInteger(live.tickMs) && live.tickMs >= 0)) throw new RangeError(`${label} simulator: live.tickMs must be a non-negative integer`);
}

export class LiveDriver {
  /** Every change applied so far, in order. */
  readonly changes: LiveChange[] = [];
  private readonly streams: Stream[];
  private readonly calls: SeedTools;
  /** Calls in progress: start and end times, ordered by end. */
  private readonly inProgress: Array<{ startedAt: number; endedAt: number }> = [];
  private readonly maxCallMs: number;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly hooks: LiveHooks,
    options: LiveOptions,
    simulatorSeed: number,
    private readonly now: () => number,
  ) {
    const seed = options.seed ?? simulatorSeed;
    const start = now();
    const stream = (kind: Stream['kind'], perMinute: number, salt: number): Stream => {
      const rng = seedTools((seed * 31 + salt) | 0);
      return { kind, perMinute, rng, next: start + gap(rng, perMinute) };
    };
    this.streams = [
      stream('call', options.callsPerMinute ?? 30, 1),
      stream('agent', options.agentChangesPerMinute ?? 12, 2),
      stream('user', options.userEditsPerMinute ?? 2, 3),
    ];
    this.calls = seedTools((seed * 31 + 4) | 0);
    this.maxCallMs = (options.maxCallSeconds ?? 90) * 1000;
    const tickMs = options.tickMs ?? 100;
    if (tickMs > 0) {
      this.timer = setInterval(() => this.tick(), tickMs);
      this.timer.unref();
    }
  }

  /** Applies every change due by now, in time order; returns how many were applied. */
  tick(): number {
    const now = this.now();
    let applied = 0;
    for (;;) {
      const stream = this.streams.filter((s) => s.perMinute > 0).sort((a, b) => a.next - b.next)[0];
      const ending = this.inProgress[0];
      const streamAt = stream && stream.next <= now ? stream.next : Number.POSITIVE_INFINITY;
      const endAt = ending && ending.endedAt <= now ? ending.endedAt : Number.POSITIVE_INFINITY;
      if (streamAt === Number.POSITIVE_INFINITY && endAt === Number.POSITIVE_INFINITY) return applied;
      if (endAt <= streamAt) {
        this.inProgress.shift();
        this.apply('call', endAt, this.hooks.recordCall(this.calls, ending!.startedAt, ending!.endedAt));
      } else {
        this.fire(stream!);
        stream!.next += gap(stream!.rng, stream!.perMinute);
      }
      applied++;
    }
  }

  /** Calls started but not ended yet. */
  get callsInProgress(): number {
    return this.inProgress.length;
  }

  /** The simulator's own call records (seeded and live). */
  cdrIds(): string[] {
    return this.hooks.cdrIds();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private fire(stream: Stream): void {
    const at = stream.next;
    if (stream.kind === 'call') {
      const startedAt = Math.floor(at / 1000) * 1000;
      const seconds = stream.rng.int(2, Math.max(2, this.maxCallMs / 1000));
      const call = { startedAt, endedAt: startedAt + seconds * 1000 };
      const index = this.inProgress.findIndex((c) => c.endedAt > call.endedAt);
      this.inProgress.splice(index === -1 ? this.inProgress.length : index, 0, call);
      return;
    }
    this.apply(stream.kind, at, stream.kind === 'agent' ? this.hooks.changeAgent(stream.rng) : this.hooks.editUser(stream.rng));
  }

  private apply(kind: LiveChange['kind'], at: number, summary: string | undefined): void {
    if (summary !== undefined) this.changes.push({ at, kind, summary });
  }
}

/** Time to the next event of a Poisson process at `perMinute` (ms, at least 1). */
function gap(rng: SeedTools, perMinute: number): number {
  if (perMinute <= 0) return Number.POSITIVE_INFINITY;
  return Math.max(1, Math.round((-Math.log(1 - rng.random()) * MINUTE) / perMinute));
}

/** Two different users for a call between users, or undefined when there are fewer than two. */
export function pickPair<T>(rng: SeedTools, users: readonly T[]): [T, T] | undefined {
  if (users.length < 2) return undefined;
  const caller = rng.pick(users);
  return [caller, rng.pick(users.filter((u) => u !== caller))];
}

/** Inserts `item` into `list` (sorted by `key` ascending) after any equal keys. */
export function insertSorted<T>(list: T[], item: T, key: (item: T) => number): void {
  const k = key(item);
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(list[mid]!) <= k) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, item);
}

/** Starts live mode when `live` asks for it (`true`: the defaults); checks the options first. */
export function startLive(label: string, live: LiveOptions | boolean | undefined, seed: number, now: () => number, hooks: () => LiveHooks): LiveDriver | undefined {
  checkLiveOptions(label, live);
  if (live === undefined || live === false) return undefined;
  return new LiveDriver(hooks(), live === true ? {} : live, seed, now);
}
