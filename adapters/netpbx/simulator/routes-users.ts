/**
 * Users: list, by id, by email, by extension, and the three property PUTs. Standard users
 * may only update themselves (403 otherwise, documented).
 */
import { conflict, invalid, notFound } from './errors.js';
import { userView } from './format.js';
import { field, idParam, requireSelfOrAdmin, stringField, type Reply, type SimApp, type SimContext } from './http.js';
import type { SimState, UserRecord } from './state.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Documented: "Format E.164 (+46701234567)". */
const E164 = /^\+[1-9][0-9]{1,14}$/;
const NAME_MAX = 100;

export function userRoutes(app: SimApp, state: SimState, reply: Reply): void {
  const find = (id: number): UserRecord => {
    const user = state.users.get(id);
    if (!user) throw notFound('User not found.');
    return user;
  };
  /** The user a PUT targets: the permission rule first (a standard user learns nothing about others), then existence. */
  const target = (c: SimContext): UserRecord => {
    const id = idParam(c, 'userid', 'User');
    requireSelfOrAdmin(c, id);
    return find(id);
  };
  const query = (c: SimContext, name: string): string => {
    const value = c.req.query(name);
    if (value === undefined || value.trim() === '') throw invalid({ [name]: [`The ${name} field is required.`] });
    return value;
  };

  app.get('/api/v1/users', (c) => reply(c, [...state.users.values()].map(userView)));

  // Registered before `users/:userid`, which would match them too.
  app.get('/api/v1/users/email', (c) => {
    const user = state.userByEmail(query(c, 'email'));
    if (!user) throw notFound('User not found.');
    return reply(c, userView(user));
  });

  app.get('/api/v1/users/extension', (c) => {
    const user = state.userByExtension(query(c, 'extension'));
    if (!user) throw notFound('User not found.');
    return reply(c, userView(user));
  });

  app.get('/api/v1/users/:userid', (c) => reply(c, userView(find(idParam(c, 'userid', 'User')))));

  app.put('/api/v1/users/:userid/name', (c) => {
    const user = target(c);
    // Assumption: both names are required (the route updates "first / last names").
    const [firstName, lastName] = [stringField(c, 'firstName'), stringField(c, 'lastName')];
    const tooLong = [['FirstName', firstName], ['LastName', lastName]].filter(([, v]) => v!.length > NAME_MAX);
    if (tooLong.length) throw invalid(Object.fromEntries(tooLong.map(([k]) => [`request.${k}`, [`${k} must be at most ${NAME_MAX} characters.`]])));
    user.firstName = firstName.trim();
    user.lastName = lastName.trim();
    return c.body(null, 204);
  });

  app.put('/api/v1/users/:userid/email', (c) => {
    const user = target(c);
    const email = stringField(c, 'email').trim();
    if (!EMAIL.test(email) || email.length > 254) throw invalid({ 'request.Email': ['The Email field is not a valid e-mail address.'] });
    const owner = state.userByEmail(email);
    if (owner && owner.id !== user.id) throw conflict('The email address is already used by another user.');
    user.email = email;
    return c.body(null, 204);
  });

  app.put('/api/v1/users/:userid/mobilenumber', (c) => {
    const user = target(c);
    const value = field(c.get('body'), 'mobileNumber');
    // Assumption: null or "" clears the number.
    const cleared = value === null || value === '';
    if (!cleared && (typeof value !== 'string' || !E164.test(value))) {
      throw invalid({ 'request.MobileNumber': ['The mobile number must be in E.164 format (+46701234567).'] });
    }
    // Documented: "Not affecting MEX users". Assumption: the request is accepted and nothing changes.
    if (!user.mex) user.mobileNumber = cleared ? null : (value as string);
    return c.body(null, 204);
  });
}
