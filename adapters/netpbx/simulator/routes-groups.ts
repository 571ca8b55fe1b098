/**
 * Groups (read-only), their members, and logging a member in or out of a group. Standard
 * users may only log themselves in or out (403 otherwise, documented).
 */
import { invalid, notFound } from './errors.js';
import { groupView, memberView } from './format.js';
import { field, idParam, requireSelfOrAdmin, type Reply, type SimApp, type SimContext } from './http.js';
import type { GroupTypeFormat } from './options.js';
import type { GroupRecord, SimState } from './state.js';

export function groupRoutes(app: SimApp, state: SimState, reply: Reply, typeFormat: GroupTypeFormat): void {
  const find = (c: SimContext): GroupRecord => {
    const group = state.groups.get(idParam(c, 'groupid', 'Group'));
    if (!group) throw notFound('Group not found.');
    return group;
  };

  app.get('/api/v1/groups', (c) => reply(c, [...state.groups.values()].map((g) => groupView(g, typeFormat))));

  app.get('/api/v1/groups/:groupid', (c) => reply(c, groupView(find(c), typeFormat)));

  app.get('/api/v1/groups/:groupid/members', (c) => {
    const group = find(c);
    const members = [...group.members].flatMap(([userId, member]) => {
      const user = state.users.get(userId);
      return user ? [memberView(user, member)] : [];
    });
    return reply(c, members);
  });

  app.put('/api/v1/groups/:groupid/members/:memberid', (c) => {
    const memberId = idParam(c, 'memberid', 'Member');
    requireSelfOrAdmin(c, memberId);
    const group = find(c);
    const member = group.members.get(memberId);
    if (!member) throw notFound('The user is not a member of the group.');
    const loggedIn = field(c.get('body'), 'loggedIn');
    if (typeof loggedIn !== 'boolean') throw invalid({ 'request.LoggedIn': ['The LoggedIn field is required.'] });
    member.loggedIn = loggedIn;
    // Assumption: a member who logs in is available at once; one who logs out shows LoggedOut in the pulse.
    member.status = loggedIn ? 'Available' : 'LoggedOut';
    return c.body(null, 204);
  });
}
