/**
 * `POST api/v1/authorizations` (login: the user including its `api_token`) and
 * `GET api/v1/authorizations` (the user of the token). Documented: only standard users and
 * tenant admins can log in — the only roles the simulator has.
 */
import { SimError, invalid } from './errors.js';
import { userView } from './format.js';
import { field, type Reply, type SimApp } from './http.js';
import { LOGIN_PATH } from './middleware.js';
import type { SimState } from './state.js';

export function authRoutes(app: SimApp, state: SimState, reply: Reply): void {
  app.post(LOGIN_PATH, (c) => {
    const body = c.get('body');
    // Assumption: `{username, password}` or `{email, password}`, keys in any casing.
    const [username, email, password] = [field(body, 'username'), field(body, 'email'), field(body, 'password')];
    const login = typeof username === 'string' ? username : typeof email === 'string' ? email : undefined;
    const problems: Record<string, string[]> = {
      ...(login === undefined ? { 'request.UserName': ['The UserName or Email field is required.'] } : {}),
      ...(typeof password !== 'string' ? { 'request.Password': ['The Password field is required.'] } : {}),
    };
    if (Object.keys(problems).length) throw invalid(problems);
    const user = typeof username === 'string' ? state.userByLogin(username) : state.userByEmail(login!);
    if (!user || user.password !== password) throw new SimError(401, 'The user name or password is incorrect.');
    return reply(c, { ...userView(user), api_token: state.tokens.issue(user.id) });
  });

  app.get(LOGIN_PATH, (c) => reply(c, userView(c.get('account'))));
}
