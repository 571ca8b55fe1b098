/** VoIPStudio's live mode (core/sim/live.ts): call records, queue joins and leaves, user edits on the simulator's state. */
import { insertSorted, pickPair, type LiveHooks } from '../../../core/sim/live.js';
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
      const cdr: CdrRecord = {
        id: state.newId('cdr'),
        call_id: `${startedAt.toString(16)}${rng.token(16)}`.toLowerCase(),
        user_id: caller.id,
        type: 'O',
        calldate: startedAt,
        src: caller.ext,
        src_name: `${caller.first_name} ${caller.last_name}`,
        dst: callee.ext,
        dst_name: `${callee.first_name} ${callee.last_name}`,
        duration,
        billsec: answered ? Math.max(0, duration - rng.int(1, 5)) : 0,
        disposition: answered ? 'CONNECTED' : 'NO ANSWER',
        destination: 'Internal',
        charge: 0,
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

