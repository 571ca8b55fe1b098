/**
 * Seeded call records spread over [midnight UTC − 30 days, midnight + 1 day): internal,
 * inbound, outbound and forwarded calls between seeded extensions, queues and external
 * E.164 numbers, ~70% answered, with consistent timestamps and durations.
 */
import type { SeedTools } from '../../../core/sim/random.js';
import type { CdrRecord, SimState } from './state.js';

const DAY = 86_400_000;
const SECOND = 1000;
const TRUNKS = [
  { name: 'Carrier A', domain: 'sip.carrier-a.example' },
  { name: 'Carrier B', domain: 'sip.carrier-b.example' },
] as const;
const DIDS = Array.from({ length: 10 }, (_, i) => `+4686001${String(i).padStart(3, '0')}`);
const EXTERNAL_PREFIXES = ['+4670', '+4673', '+468', '+4930', '+4420', '+3314', '+1212'];

interface Party {
  readonly number: string;
  readonly domain: string;
  readonly name: string | null;
}

export interface CdrSeedOptions {
  readonly count: number;
  /** Midnight UTC of the simulator clock's day, epoch ms. */
  readonly anchor: number;
  /** Emit v22.3-only enum values on some records. */
  readonly enumDrift: boolean;
}

/** A SIP Call-ID-like random hex string. */
function hex(rng: SeedTools, length: number): string {
  let out = '';
  while (out.length < length) out += rng.int(0, 0xffff).toString(16).padStart(4, '0');
  return out.slice(0, length);
}

/** A start time, mostly within office hours (UTC), whole seconds. */
function startTime(rng: SeedTools, from: number): number {
  for (let attempt = 0; ; attempt++) {
    const at = from + Math.floor((rng.random() * 31 * DAY) / SECOND) * SECOND;
    const hour = Math.floor((at % DAY) / 3_600_000);
    if ((hour >= 7 && hour < 19) || attempt === 2 || rng.chance(0.25)) return at;
  }
}

/** An external party, reached through `trunk`. */
const outside = (rng: SeedTools, numbers: readonly string[], trunk: (typeof TRUNKS)[number]): Party => ({ number: rng.pick(numbers), domain: trunk.domain, name: null });

/** Talk time in seconds: mostly short, some long (capped at an hour). */
const talkSeconds = (rng: SeedTools): number => Math.min(3600, 5 + Math.floor(-Math.log(1 - rng.random()) * 180));

export function seedCdrs(state: SimState, rng: SeedTools, options: CdrSeedOptions): void {
  const internal: Party[] = [...state.users.values()].map((u) => ({ number: u.extension_number, domain: state.domain, name: u.display_name }));
  const queues: Party[] = [...state.queues.values()].map((q) => ({ number: q.extension_number, domain: state.domain, name: q.name }));
  // Returning callers: a fixed pool of external numbers.
  const externals = Array.from({ length: 200 }, () => `${rng.pick(EXTERNAL_PREFIXES)}${rng.int(1_000_000, 9_999_999)}`);
  // A typed array sorts numerically without a comparator (fast for large counts).
  const times = Float64Array.from({ length: options.count }, () => startTime(rng, options.anchor - 30 * DAY)).sort();

  for (const startedAt of times) {
    const r = rng.random();
    const direction = r < 0.35 ? 'EXTENSION_CALL' : r < 0.7 ? 'INBOUND_CALL' : r < 0.97 ? 'OUTBOUND_CALL' : 'INBOUND_OUTBOUND_CALL';
    const trunk = rng.pick(TRUNKS);
    const toQueue = direction === 'INBOUND_CALL' && queues.length > 0 && rng.chance(0.15);

    let caller: Party;
    let callee: Party;
    let forwardedTo: Party | undefined;
    if (direction === 'EXTENSION_CALL') {
      // Two different extensions.
      const from = rng.int(0, internal.length - 1);
      const to = rng.int(0, internal.length - 2);
      caller = internal[from]!;
      callee = internal[to >= from ? to + 1 : to]!;
    } else if (direction === 'OUTBOUND_CALL') {
      caller = rng.pick(internal);
      callee = outside(rng, externals, trunk);
    } else {
      caller = outside(rng, externals, trunk);
      callee = toQueue ? rng.pick(queues) : rng.pick(internal);
      // Forwarded by the extension to an outside number.
      if (direction === 'INBOUND_OUTBOUND_CALL') forwardedTo = outside(rng, externals, trunk);
    }

    const o = rng.random();
    const outcome = o < 0.7 ? 'answered' : o < 0.78 ? 'busy' : o < 0.94 ? 'cancelled' : 'failed';
    let rangAt: number | null = null;
    let answeredAt: number | null = null;
    let endedAt: number;
    let statusCode: number;
    let endReason: string | null = null;
    let reroute: string | null = null;
    if (outcome === 'answered') {
      rangAt = startedAt + rng.int(0, 2) * SECOND;
      answeredAt = rangAt + rng.int(2, 25) * SECOND;
      endedAt = answeredAt + talkSeconds(rng) * SECOND;
      statusCode = 200;
      const e = rng.random();
      endReason = e < 0.45 ? 'CALLER_DISCONNECTED' : e < 0.9 ? 'CALLEE_DISCONNECTED' : e < 0.95 ? 'BLIND_TRANSFER_COMPLETED' : 'CONSULT_TRANSFER_COMPLETED';
      if (e >= 0.9) reroute = 'TRANSFER';
    } else if (outcome === 'cancelled') {
      rangAt = startedAt + rng.int(0, 2) * SECOND;
      endedAt = rangAt + rng.int(3, 40) * SECOND;
      statusCode = 487;
      endReason = 'CANCELLED';
    } else {
      endedAt = startedAt + rng.int(0, 3) * SECOND;
      statusCode = outcome === 'busy' ? 486 : rng.pick([404, 503]);
    }
    if (toQueue && outcome !== 'answered') {
      // A caller who left the queue unanswered was sent on (v22.0: OVERFLOW; v22.3 added QUEUE_EXIT).
      const q = rng.random();
      if (q < 0.4) reroute = options.enumDrift && q < 0.2 ? 'QUEUE_EXIT' : 'OVERFLOW';
    }

    const destination = forwardedTo ?? (toQueue && outcome === 'answered' ? rng.pick(internal) : callee);
    // The spec: `duration` is "the total talk time for a session (in seconds)".
    const duration = answeredAt === null ? 0 : Math.round((endedAt - answeredAt) / SECOND);
    const billable = direction === 'OUTBOUND_CALL' && answeredAt !== null;
    const cdr: CdrRecord = {
      id: state.newId(startedAt),
      caller: caller.number,
      caller_domain: caller.domain,
      caller_display_name: caller.name,
      callee: callee.number,
      callee_domain: callee.domain,
      callee_display_name: callee.name,
      startedAt,
      rangAt,
      answeredAt,
      endedAt,
      call_id: `${hex(rng, 16)}@${caller.domain}`,
      direction,
      end_reason: endReason,
      reroute_reason: reroute,
      status_code: statusCode,
      destination: destination.number,
      outbound_caller_id: direction === 'OUTBOUND_CALL' ? rng.pick(DIDS) : null,
      did_cid: direction === 'INBOUND_CALL' || direction === 'INBOUND_OUTBOUND_CALL' ? rng.pick(DIDS) : null,
      trunk: direction === 'EXTENSION_CALL' ? null : trunk.name,
      duration,
      cost: billable ? Math.ceil((endedAt - (answeredAt ?? endedAt)) / 60_000) * 2 / 100 : 0,
      billed_account: direction === 'OUTBOUND_CALL' ? caller.number : null,
    };
    state.addCdr(cdr);
  }
}
