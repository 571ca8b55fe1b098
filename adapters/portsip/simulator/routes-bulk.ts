/**
 * PortSIP 22.3 `POST /api/users/create_many` (bulk create of extension users). The change
 * notes name the endpoint and nothing else; the simulated shape (docs/provisioning.md,
 * "Vendor assumptions"): body `{ items: [<POST /api/users body>, …] }` (at most 100), reply
 * 200 `{ items: [{ id } | { error: { code, message } }, …] }` in input order, each item
 * created or refused on its own, as one `POST /api/users` would.
 *
 * Registered before the spec check of bodies (the 22.0 spec has no such operation, and its
 * `POST /users/{id}` template would claim the path).
 */
import { FAULT_BYPASS_HEADER } from '../../../core/sim/faults.js';
import { invalid } from './errors.js';
import { bodyOf, requireAdmin, type SimApp } from './http.js';

export const CREATE_MANY_MAX = 100;

export function bulkUserRoutes(app: SimApp): void {
  app.post('/api/users/create_many', async (c) => {
    requireAdmin(c);
    const items = bodyOf<{ items?: unknown }>(c)?.items;
    if (!Array.isArray(items) || items.length === 0 || items.length > CREATE_MANY_MAX) {
      throw invalid(`items must be an array of 1 to ${CREATE_MANY_MAX} users`);
    }
    const results: unknown[] = [];
    // Each item goes through the single create (same checks, same store), past the fault injector: the bulk request itself was faulted or not.
    for (const item of items) {
      const reply = await app.request('/api/users', {
        method: 'POST',
        headers: { authorization: c.req.header('authorization') ?? '', 'content-type': 'application/json', [FAULT_BYPASS_HEADER]: '1' },
        body: JSON.stringify(item),
      });
      const body = (await reply.json()) as { id?: string; errors?: Array<{ code?: string; message?: string }> };
      const error = body.errors?.[0];
      results.push(reply.status === 201 ? { id: body.id } : { error: { status: reply.status, code: error?.code ?? 'UNKNOWN', message: error?.message ?? 'refused' } });
    }
    return c.json({ items: results }, 200);
  });
}
