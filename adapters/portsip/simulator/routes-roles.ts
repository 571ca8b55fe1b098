/**
 * Roles: `GET /api/roles` (list), `GET /api/roles/{name}` and a user's `POST /api/users/{id}/role`.
 * The simulated tenant has PortSIP's built-in roles only (custom roles are not simulated).
 */
import { conflict, invalid, notFound } from './errors.js';
import { bodyOf, param, requireAdmin, type SimApp } from './http.js';
import { listPage, type ListSpec } from './lists.js';
import type { SimState } from './state.js';

interface RoleRecord {
  readonly name: string;
  readonly description: string;
}

/** Assumption: the tenant-level built-in roles, as the user create endpoint names them. */
export const BUILT_IN_ROLES: readonly RoleRecord[] = [
  { name: 'Admin', description: 'Tenant administrator: full access to the tenant' },
  { name: 'QueueManager', description: 'Manages call queues and their agents' },
  { name: 'StandardUser', description: 'Extension user: domestic and internal calls' },
  { name: 'StandardInternationalUser', description: 'Extension user: international calls too' },
];

const ROLE_LIST: ListSpec<RoleRecord> = {
  fields: {
    name: { type: 'string', get: (r) => r.name },
    description: { type: 'string', get: (r) => r.description },
  },
  searchIn: [{ type: 'string', get: (r) => r.name }],
};

export function roleRoutes(app: SimApp, state: SimState): void {
  app.get('/api/roles', (c) => c.json(listPage((name) => c.req.query(name), () => BUILT_IN_ROLES, ROLE_LIST, (r) => ({ ...r }))));

  app.get('/api/roles/:name', (c) => {
    const role = BUILT_IN_ROLES.find((r) => r.name === param(c, 'name'));
    if (!role) throw notFound('role');
    return c.json({ ...role, permissions: {} });
  });

  app.post('/api/users/:id/role', (c) => {
    const account = requireAdmin(c);
    const user = state.users.get(param(c, 'id'));
    if (!user) throw notFound('user');
    const { role } = bodyOf<{ role?: string }>(c);
    if (role === undefined) throw invalid('role is required');
    if (!BUILT_IN_ROLES.some((r) => r.name === role)) throw invalid(`role must be one of ${BUILT_IN_ROLES.map((r) => r.name).join(', ')}`);
    // Assumption: an admin cannot take its own admin role away (the tenant would lose its last way in).
    if (user.id === account.id && role !== user.role) throw conflict('an administrator cannot change its own role');
    user.role = role;
    return c.body(null, 200);
  });
}
