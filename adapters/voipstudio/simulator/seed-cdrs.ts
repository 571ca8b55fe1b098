/**
 * Seeded call records over [midnight UTC − 30 days, midnight + 1 day). Each record is one
 * user's view of a call: `O` for calls the user made, `I` for calls it answered, `M` for calls
 * it missed. A call between two users gives two records (one each, same integer `call_id`, the
 * callee's `parent_live_id` pointing at the caller's `live_id`). Durations follow Asterisk's CDR
 * semantics: `duration` from start to end, `billsec` from answer to end. `charge` comes as a
 * number on some records and as a string (`"0.0450"`) on others, as VoIPStudio sends both;
 * `rate` is the price per minute, `t_cause` why the call ended.
 */
import type { SeedTools } from '../../../core/sim/random.js';
import type { CdrDisposition, CdrType, SimState, UserRecord } from './state.js';

const DAY = 86_400_000;
const SECOND = 1000;
const EXTERNAL_PREFIXES = ['4420', '44161', '447', '4930', '4822', '3314', '1212'];

export interface CdrSeedOptions {
  readonly count: number;
  /** Midnight UTC of the simulator clock's day, epoch ms. */
  readonly anchor: number;
}

/** SIP User-Agents of the users' devices. */
export const USER_AGENTS = ['VoIPstudio Desktop 3.9.2', 'VoIPstudio iOS 2.14', 'VoIPstudio Android 2.11', 'Yealink SIP-T46U 108.86.0.20', 'Polycom VVX 450 6.4.3', 'Zoiper rv2.10.20'];
export const CODECS = ['PCMA', 'PCMU', 'G722', 'opus'];
/** Q.850 cause names by outcome (assumption: `t_cause` carries the cause name; see docs/voipstudio.md). */
export const CAUSES: Readonly<Record<CdrDisposition, readonly string[]>> = {
  CONNECTED: ['NORMAL_CLEARING'],
  'NO ANSWER': ['NO_ANSWER', 'ORIGINATOR_CANCEL', 'NO_USER_RESPONSE'],
  BUSY: ['USER_BUSY'],
  FAILED: ['UNALLOCATED_NUMBER', 'NO_ROUTE_DESTINATION', 'CALL_REJECTED', 'NORMAL_TEMPORARY_FAILURE'],
};

/** A start time in [from, from + 31 days), mostly within office hours (UTC), whole seconds. */
function startTime(rng: SeedTools, from: number): number {
  for (let attempt = 0; ; attempt++) {
    const at = from + Math.floor((rng.random() * 31 * DAY) / SECOND) * SECOND;
    const hour = Math.floor((at % DAY) / 3_600_000);
    if ((hour >= 8 && hour < 18) || attempt === 2 || rng.chance(0.2)) return at;
  }
}

/** Talk time in seconds: mostly short, some long (capped at an hour). */
const talk = (rng: SeedTools): number => Math.min(3600, 4 + Math.floor(-Math.log(1 - rng.random()) * 150));

const name = (u: UserRecord): string => `${u.first_name} ${u.last_name}`;

/** Rate and charge of a call: outbound external calls cost a rate per started minute; the charge is sometimes sent as a string. */
function pricing(rng: SeedTools, billable: boolean, billsec: number): { rate: number; charge: number | string } {
  const rate = billable ? rng.pick([0.012, 0.02, 0.045]) : 0;
  const rounded = Math.round(Math.ceil(billsec / 60) * rate * 10_000) / 10_000;
  return { rate, charge: rng.chance(0.4) ? rounded.toFixed(4) : rounded };
}

/** One end of a call: a user (with its device) or an outside number. */
interface End {
  readonly number: string;
  readonly user: UserRecord | null;
  readonly name: string | null;
}

export function seedCdrs(state: SimState, rng: SeedTools, options: CdrSeedOptions): void {
  const users = [...state.users.values()];
  const names = new Map(users.map((u) => [u, name(u)]));
  const externals = Array.from({ length: 150 }, () => `${rng.pick(EXTERNAL_PREFIXES)}${rng.int(1_000_000, 9_999_999)}`);
  // A typed array sorts numerically without a comparator.
  const times = Float64Array.from({ length: options.count }, () => startTime(rng, options.anchor - 30 * DAY)).sort();
  let callId = 90_000_000 + rng.int(0, 999_999);
  let liveId = 700_000_000 + rng.int(0, 999_999);
  const userEnd = (u: UserRecord): End => ({ number: u.ext, user: u, name: names.get(u) as string });
  const outside = (number: string): End => ({ number, user: null, name: null });

  /** The record of `owner` (one user's view of the call); returns its live id. */
  const add = (
    call: number,
    owner: UserRecord,
    type: CdrType,
    calldate: number,
    src: End,
    dst: End,
    ring: number,
    billsec: number,
    disposition: CdrDisposition,
    price: { rate: number; charge: number | string },
    parent: number | null,
  ): number => {
    const live = (liveId += rng.int(1, 4));
    const codec = rng.pick(CODECS);
    state.addCdr({
      id: state.newId('cdr', rng.int(1, 3)),
      call_id: call,
      live_id: live,
      parent_live_id: parent,
      user_id: owner.id,
      // A missed-call record: none of the user's devices answered.
      sip_endpoint_id: type === 'M' ? null : owner.id * 10 + rng.int(1, 3),
      server_id: rng.int(1, 4),
      type,
      calldate,
      src: src.number,
      src_id: src.user ? String(src.user.id) : null,
      src_name: src.name,
      src_ua: src.user ? rng.pick(USER_AGENTS) : null,
      src_codec: codec,
      dst: dst.number,
      dst_id: dst.user ? String(dst.user.id) : null,
      dst_name: dst.name,
      dst_ua: dst.user && disposition === 'CONNECTED' ? rng.pick(USER_AGENTS) : null,
      dst_codec: disposition === 'CONNECTED' ? codec : null,
      duration: ring + billsec,
      billsec,
      disposition,
      destination: dst.number,
      context: src.user ? 'from-internal' : 'from-trunk',
      rate: price.rate,
      charge: price.charge,
      t_cause: rng.pick(CAUSES[disposition]),
    });
    return live;
  };

  for (let i = 0; i < times.length; i++) {
    const calldate = times[i] as number;
    const owner = rng.pick(users);
    const call = (callId += rng.int(1, 7));
    const r = rng.random();
    // A call between two users needs two records; the last slot only fits one.
    if (r < 0.25 && i + 1 < times.length && users.length > 1) {
      let other = rng.pick(users);
      while (other === owner) other = rng.pick(users);
      const o = rng.random();
      const disposition: CdrDisposition = o < 0.72 ? 'CONNECTED' : o < 0.9 ? 'NO ANSWER' : 'BUSY';
      const ring = disposition === 'BUSY' ? rng.int(1, 4) : rng.int(2, 20);
      const billsec = disposition === 'CONNECTED' ? talk(rng) : 0;
      const [src, dst] = [userEnd(owner), userEnd(other)];
      const callerLeg = add(call, owner, 'O', calldate, src, dst, ring, billsec, disposition, pricing(rng, false, 0), null);
      add(call, other, disposition === 'CONNECTED' ? 'I' : 'M', calldate, src, dst, ring, billsec, disposition, pricing(rng, false, 0), callerLeg);
      i++; // both legs share the start time
      continue;
    }
    const external = outside(rng.pick(externals));
    if (r < 0.55) {
      const o = rng.random();
      const disposition: CdrDisposition = o < 0.72 ? 'CONNECTED' : o < 0.86 ? 'NO ANSWER' : o < 0.94 ? 'BUSY' : 'FAILED';
      const ring = disposition === 'FAILED' ? rng.int(0, 3) : disposition === 'BUSY' ? rng.int(1, 5) : rng.int(3, 30);
      const billsec = disposition === 'CONNECTED' ? talk(rng) : 0;
      add(call, owner, 'O', calldate, userEnd(owner), external, ring, billsec, disposition, pricing(rng, disposition === 'CONNECTED', billsec), null);
    } else {
      const answered = rng.chance(0.7);
      const disposition: CdrDisposition = answered ? 'CONNECTED' : rng.chance(0.85) ? 'NO ANSWER' : 'BUSY';
      const ring = disposition === 'BUSY' ? rng.int(1, 4) : rng.int(2, 25);
      const billsec = answered ? talk(rng) : 0;
      add(call, owner, answered ? 'I' : 'M', calldate, external, userEnd(owner), ring, billsec, disposition, pricing(rng, false, 0), null);
    }
  }
}
