/**
 * NetPBX's live mode (core/sim/live.ts): members logging in and out of queue groups and their
 * pulse status changing, user edits. NetPBX has no call records, so no calls are recorded.
 */
import type { LiveHooks } from '../../../core/sim/live.js';
import type { PulseStatus, SimState } from './state.js';

const STATUSES: readonly PulseStatus[] = ['Available', 'Busy', 'Paused'];

/** What live mode changes in this simulator's state. */
export function liveHooks(state: SimState): LiveHooks {
  return {
    recordCall: () => undefined,
    changeAgent(rng) {
      const groups = [...state.groups.values()].filter((g) => g.queue && g.members.size > 0);
      if (groups.length === 0) return undefined;
      const group = rng.pick(groups);
      const [userId, member] = rng.pick([...group.members.entries()]);
      if (!member.loggedIn || rng.chance(0.3)) {
        member.loggedIn = !member.loggedIn;
        member.status = member.loggedIn ? 'Available' : 'LoggedOut';
      } else {
        const choices = STATUSES.filter((s) => s !== member.status);
        member.status = group.type.toLowerCase().includes('customer') && rng.chance(0.3) ? 'WrapUp' : rng.pick(choices);
      }
      return `member ${state.users.get(userId)?.extension ?? userId} in ${group.name}: ${member.loggedIn ? member.status : 'logged out'}`;
    },
    editUser(rng) {
      const user = rng.pick([...state.users.values()]);
      if (!user || user.mex) return undefined;
      user.mobileNumber = `+467${rng.digits(8)}`;
      return `user ${user.extension ?? user.id} edited`;
    },
    cdrIds: () => [],
  };
}

