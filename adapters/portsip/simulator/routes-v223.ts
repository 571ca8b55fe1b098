/**
 * The PortSIP v22.3 additions the adapter uses, served only when the simulator runs as 22.3
 * (a 22.0 PBX answers them 404 through the app's not-found handler). PortSIP publishes no
 * schema for them; the shapes are the assumptions of `adapters/portsip/wire-v223.ts`
 * (docs/portsip.md, "22.3 additions"), and each route checks its body itself.
 */
import { invalid, notFound } from './errors.js';
import { EXTENSION_PATTERN, bodyOf, param, type SimApp } from './http.js';
import { listPage, type ListSpec } from './lists.js';
import type { NotReadyCodeRecord, SimState } from './state.js';

const NOT_READY_CODE_LIST: ListSpec<NotReadyCodeRecord> = {
  fields: {
    id: { type: 'string', get: (r) => r.id },
    code: { type: 'string', get: (r) => r.code },
    description: { type: 'string', get: (r) => r.description },
  },
  searchIn: [
    { type: 'string', get: (r) => r.code },
    { type: 'string', get: (r) => r.description },
  ],
};

/** Most keys one get_many takes (assumption: the cap of `top`). */
const GET_MANY_MAX = 100;

/** The body's `key`: a non-empty array of at most 100 strings matching `pattern`. */
export function keysOf(body: unknown, key: string, pattern: RegExp): string[] {
  const value = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
  if (!Array.isArray(value)) throw invalid(`${key} is required (an array)`);
  if (value.length === 0 || value.length > GET_MANY_MAX) throw invalid(`${key} must hold 1 to ${GET_MANY_MAX} items`);
  const extra = Object.keys(body as object).filter((k) => k !== key);
  if (extra.length) throw invalid(...extra.map((k) => `${k} is not a property of this request`));
  const bad = value.findIndex((v) => typeof v !== 'string' || !pattern.test(v));
  if (bad >= 0) throw invalid(`${key}[${bad}] is not valid`);
  return value as string[];
}

export function v223Routes(app: SimApp, state: SimState): void {
  app.get('/api/not_ready_codes', (c) => c.json(listPage((name) => c.req.query(name), () => state.notReadyCodes, NOT_READY_CODE_LIST, (r) => ({ ...r }))));

  app.post('/api/call_queues/:id/agents/status/get_many', (c) => {
    const queue = state.queues.get(param(c, 'id'));
    if (!queue) throw notFound('call queue');
    const wanted = keysOf(bodyOf<unknown>(c), 'extension_numbers', EXTENSION_PATTERN);
    // Numbers that are not agents of the queue are left out of the reply.
    const items = wanted.flatMap((extension) => {
      const user = state.userByExtension(extension);
      const agent = user && queue.agents.get(user.id);
      return user && agent
        ? [{ extension_number: user.extension_number, display_name: user.display_name, skill_level: agent.skill_level, status: agent.status, reason: agent.reason ?? null }]
        : [];
    });
    return c.json({ items });
  });
}
