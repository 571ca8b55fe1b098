/** PortSIP's live mode (core/sim/live.ts): call records, queue agent changes, user edits on the simulator's state. */
import { insertSorted, pickPair, type LiveHooks } from '../../../core/sim/live.js';
import { AGENT_STATUSES, type CdrRecord, type SimState } from './state.js';

const DEPARTMENTS = ['Sales', 'Support', 'Billing', 'Operations'];
// Statuses an agent moves between; LOGGED_OUT / READY are the logout / login.
const AGENT_MOVES = AGENT_STATUSES.filter((s) => s !== 'OFFLINE');

/** What live mode changes in this simulator's state. */
export function liveHooks(state: SimState): LiveHooks {
  const users = () => [...state.users.values()];
  return {
    recordCall(rng, startedAt, endedAt) {
      const pair = pickPair(rng, users());
      if (!pair) return undefined;
      const [caller, callee] = pair;
      const answered = rng.chance(0.75);
      const answeredAt = answered ? Math.min(endedAt, startedAt + rng.int(1, 8) * 1000) : null;
      const cdr: CdrRecord = {
        id: state.newId(startedAt),
        caller: caller.extension_number,
        caller_domain: state.domain,
        caller_display_name: caller.display_name,
        callee: callee.extension_number,
        callee_domain: state.domain,
        callee_display_name: callee.display_name,
        startedAt,
        rangAt: startedAt,
        answeredAt,
        endedAt,
        call_id: `live-${startedAt}-${rng.token(8)}@${state.domain}`,
        direction: 'EXTENSION_CALL',
        end_reason: answered ? 'CALLER_DISCONNECTED' : 'CANCELLED',
        reroute_reason: null,
        status_code: answered ? 200 : 487,
        destination: callee.extension_number,
        outbound_caller_id: null,
        did_cid: null,
        trunk: null,
        duration: answeredAt === null ? 0 : Math.round((endedAt - answeredAt) / 1000),
        cost: 0,
        billed_account: null,
      };
      // The list is ordered by start time: a long call's record lands among later calls'.
      insertSorted(state.cdrs, cdr, (r) => r.startedAt);
      state.cdrById.set(cdr.id, cdr);
      return `call ${caller.extension_number} → ${callee.extension_number} ended (${Math.round((endedAt - startedAt) / 1000)} s)`;
    },
    changeAgent(rng) {
      const queues = [...state.queues.values()].filter((q) => q.agents.size > 0);
      if (queues.length === 0) return undefined;
      const queue = rng.pick(queues);
      const [userId, agent] = rng.pick([...queue.agents.entries()]);
      const next = rng.pick(AGENT_MOVES.filter((s) => s !== agent.status));
      agent.status = next;
      return `agent ${state.users.get(userId)?.extension_number ?? userId} in ${queue.name}: ${next}`;
    },
    editUser(rng) {
      const user = rng.pick(users());
      if (!user) return undefined;
      if (rng.chance(0.5)) user.department = rng.pick(DEPARTMENTS.filter((d) => d !== user.department));
      else user.mobile_phone = `+467${rng.digits(8)}`;
      return `user ${user.extension_number} edited`;
    },
    cdrIds: () => state.cdrs.map((r) => r.id),
  };
}

