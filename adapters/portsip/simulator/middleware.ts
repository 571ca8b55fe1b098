/** The steps every request passes before its route (composed, in order, in app.ts). */
import type { MiddlewareHandler } from 'hono';
import { matchOperation, requestBodyProblems, undeclaredBodyKeys } from '../openapi/spec.js';
import { SimError, invalid, unauthorized } from './errors.js';
import type { SimEnv } from './http.js';
import type { LoginGeneration } from './options.js';
import { ANONYMOUS_PATHS, GENERATION_PATHS } from './routes-auth.js';
import type { SimState } from './state.js';

/** A PBX without a login generation answers its paths 404 (what the adapter's auto-detection looks for). */
export function loginGenerationGate(enabled: ReadonlySet<LoginGeneration>): MiddlewareHandler<SimEnv> {
  const absent = new Set(
    (Object.keys(GENERATION_PATHS) as LoginGeneration[]).filter((g) => !enabled.has(g)).flatMap((g) => GENERATION_PATHS[g]),
  );
  return async (c, next) => {
    if (absent.has(c.req.path)) throw new SimError(404, 'NOT_FOUND', `no route ${c.req.method} ${c.req.path}`);
    await next();
  };
}

/** Every route but the login ones needs a valid, unexpired `Authorization: Bearer` token. */
export function authenticate(state: SimState): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    if (!ANONYMOUS_PATHS.has(c.req.path)) {
      const token = /^Bearer +(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
      if (!token) throw unauthorized('a bearer token is required');
      const userId = state.tokens.userOf(token);
      const account = userId === undefined ? undefined : state.users.get(userId);
      if (!account) throw unauthorized('the access token is invalid or expired');
      c.set('account', account);
      c.set('accessToken', token);
    }
    await next();
  };
}

/**
 * Request bodies are checked against PortSIP's published schema of the operation. Assumption:
 * like a strict PBX, an undeclared key (a misspelt field) is refused rather than ignored.
 */
export const validateBody: MiddlewareHandler<SimEnv> = async (c, next) => {
  const operation = matchOperation(c.req.method, c.req.path);
  if (operation) {
    const body = c.get('body');
    const problems = [...requestBodyProblems(operation, body), ...undeclaredBodyKeys(operation, body).map((key) => `${key} is not a property of this request`)];
    if (problems.length) throw invalid(...problems);
  }
  await next();
};
