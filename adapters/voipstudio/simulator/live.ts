/** VoIPStudio's live mode (core/sim/live.ts): call records, queue joins and leaves, user edits on the simulator's state. */
import { insertSorted, pickPair, type LiveHooks } from '../../../core/sim/live.js';
import { CAUSES, CODECS, USER_AGENTS } from './seed-cdrs.js';
import type { CdrRecord, SimState } from './state.js';

/** What live mode changes in this simulator's state. */
export function liveHooks(state: SimState): LiveHooks {
  const users = () => [...state.users.values()].filter((u) => u.active);
  return {
    recordCall(rng, startedAt, endedAt) {
      const pair = pickPair(rng, users());
      if (!pair) return undefined;
      const [caller, callee] = pair;
      const answered = rng.chance(0.75);
      const duration = Math.round((endedAt - startedAt) / 1000);
      const disposition = answered ? 'CONNECTED' : 'NO ANSWER';
      const codec = rng.pick(CODECS);
      const liveId = Math.floor(startedAt / 1000);
      const cdr: CdrRecord = {
        id: state.newId('cdr'),
        call_id: liveId,
        live_id: liveId,
        parent_live_id: null,
        user_id: caller.id,
        sip_endpoint_id: caller.id * 10 + 1,
        server_id: 1,
        type: 'O',
        calldate: startedAt,
        src: caller.ext,
        src_id: String(caller.id),
        src_name: `${caller.first_name} ${caller.last_name}`,
        src_ua: rng.pick(USER_AGENTS),
        src_codec: codec,
        dst: callee.ext,
        dst_id: String(callee.id),
        dst_name: `${callee.first_name} ${callee.last_name}`,
        dst_ua: answered ? rng.pick(USER_AGENTS) : null,
        dst_codec: answered ? codec : null,
        duration,
        billsec: answered ? Math.max(0, duration - rng.int(1, 5)) : 0,
        disposition,
        destination: callee.ext,
        context: 'from-internal',
        rate: 0,
        charge: 0,
        t_cause: rng.pick(CAUSES[disposition]),
      };
      // The list is ordered by calldate: a long call's record lands among later calls'.
      insertSorted(state.cdrs, cdr, (r) => r.calldate);
      state.cdrById.set(cdr.id, cdr);
      return `call ${caller.ext} → ${callee.ext} ended (${duration} s)`;
    },
    changeAgent(rng) {
      const queues = [...state.queues.values()].filter((q) => q.users.length > 0);
      if (queues.length === 0) return undefined;
      const queue = rng.pick(queues);
      const member = rng.pick(queue.users);
      member.status = !member.status;
      return `agent ${state.users.get(member.id)?.ext ?? member.id} ${member.status ? 'joined' : 'left'} ${queue.name}`;
    },
    editUser(rng) {
      const user = rng.pick(users());
      if (!user) return undefined;
      user.mobile = `447${rng.digits(9)}`;
      return `user ${user.ext} edited`;
    },
    cdrIds: () => state.cdrs.map((r) => String(r.id)),
  };
}

