/**
 * Seeded call records over [midnight UTC − 30 days, midnight + 1 day). Each record is one
 * user's view of a call: `O` for calls the user made, `I` for calls it answered, `M` for calls
 * it missed. A call between two users gives two records (one each, same `call_id`). Durations
 * follow Asterisk's CDR semantics: `duration` from start to end, `billsec` from answer to end.
 * `charge` comes as a number on some records and as a string (`"0.0450"`) on others, as
 * VoIPStudio sends both.
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

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A 32-digit hex call id (four 32-bit draws). */
function callId(rng: SeedTools): string {
  let out = '';
  for (let i = 0; i < 4; i++) {
    const n = Math.floor(rng.random() * 0x1_0000_0000);
    out += HEX[(n >>> 24) & 0xff]! + HEX[(n >>> 16) & 0xff]! + HEX[(n >>> 8) & 0xff]! + HEX[n & 0xff]!;
  }
  return out;
}

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

/** Charges of outbound external calls, per started minute; sometimes sent as a string. */
function charge(rng: SeedTools, billable: boolean, billsec: number): number | string {
  const amount = billable ? Math.ceil(billsec / 60) * rng.pick([0.012, 0.02, 0.045]) : 0;
  const rounded = Math.round(amount * 10_000) / 10_000;
  return rng.chance(0.4) ? rounded.toFixed(4) : rounded;
}

export function seedCdrs(state: SimState, rng: SeedTools, options: CdrSeedOptions): void {
  const users = [...state.users.values()];
  const names = new Map(users.map((u) => [u, name(u)]));
  const externals = Array.from({ length: 150 }, () => `${rng.pick(EXTERNAL_PREFIXES)}${rng.int(1_000_000, 9_999_999)}`);
  // A typed array sorts numerically without a comparator.
  const times = Float64Array.from({ length: options.count }, () => startTime(rng, options.anchor - 30 * DAY)).sort();

  // One object literal per record (no spreads): seeding 5000 records stays in the low milliseconds.
  const add = (
    call_id: string,
    user_id: number,
    type: CdrType,
    calldate: number,
    src: string,
    src_name: string | null,
    dst: string,
    dst_name: string | null,
    ring: number,
    billsec: number,
    disposition: CdrDisposition,
    cost: number | string,
  ): void =>
    state.addCdr({
      id: state.newId('cdr', rng.int(1, 3)),
      call_id,
      user_id,
      type,
      calldate,
      src,
      src_name,
      dst,
      dst_name,
      duration: ring + billsec,
      billsec,
      disposition,
      destination: dst,
      charge: cost,
    });

  for (let i = 0; i < times.length; i++) {
    const calldate = times[i] as number;
    const owner = rng.pick(users);
    const ownerName = names.get(owner) as string;
    const id = callId(rng);
    const r = rng.random();
    // A call between two users needs two records; the last slot only fits one.
    if (r < 0.25 && i + 1 < times.length && users.length > 1) {
      let other = rng.pick(users);
      while (other === owner) other = rng.pick(users);
      const o = rng.random();
      const disposition: CdrDisposition = o < 0.72 ? 'CONNECTED' : o < 0.9 ? 'NO ANSWER' : 'BUSY';
      const ring = disposition === 'BUSY' ? rng.int(1, 4) : rng.int(2, 20);
      const billsec = disposition === 'CONNECTED' ? talk(rng) : 0;
      const otherName = names.get(other) as string;
      add(id, owner.id, 'O', calldate, owner.ext, ownerName, other.ext, otherName, ring, billsec, disposition, charge(rng, false, 0));
      add(id, other.id, disposition === 'CONNECTED' ? 'I' : 'M', calldate, owner.ext, ownerName, other.ext, otherName, ring, billsec, disposition, charge(rng, false, 0));
      i++; // both legs share the start time
      continue;
    }
    const external = rng.pick(externals);
    if (r < 0.55) {
      const o = rng.random();
      const disposition: CdrDisposition = o < 0.72 ? 'CONNECTED' : o < 0.86 ? 'NO ANSWER' : o < 0.94 ? 'BUSY' : 'FAILED';
      const ring = disposition === 'FAILED' ? rng.int(0, 3) : disposition === 'BUSY' ? rng.int(1, 5) : rng.int(3, 30);
      const billsec = disposition === 'CONNECTED' ? talk(rng) : 0;
      add(id, owner.id, 'O', calldate, owner.ext, ownerName, external, null, ring, billsec, disposition, charge(rng, disposition === 'CONNECTED', billsec));
    } else {
      const answered = rng.chance(0.7);
      const disposition: CdrDisposition = answered ? 'CONNECTED' : rng.chance(0.85) ? 'NO ANSWER' : 'BUSY';
      const ring = disposition === 'BUSY' ? rng.int(1, 4) : rng.int(2, 25);
      const billsec = answered ? talk(rng) : 0;
      add(id, owner.id, answered ? 'I' : 'M', calldate, external, null, owner.ext, ownerName, ring, billsec, disposition, charge(rng, false, 0));
    }
  }
}
