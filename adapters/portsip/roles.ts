/** Roles: `GET /api/roles` (skip/top paging) → `{count, items: [{name, description}]}`. */
import type { HttpKernel } from '../../core/http/kernel.js';
import type { RolePort } from '../../core/port.js';
import { keepRaw } from '../../core/wire.js';
import { listPage } from './list.js';
import { toRole } from './map-contact-centre.js';
import { listOf } from './wire.js';
import { WireRole } from './wire-contact-centre.js';

const RoleList = listOf(keepRaw(WireRole));

export function portsipRoles(kernel: HttpKernel): Required<RolePort> {
  return {
    list: (page, ctx) => listPage(kernel, { operation: 'roles.list', path: 'roles', schema: RoleList, what: 'role list', map: ({ wire, raw }) => toRole(wire, raw) }, page, ctx),
  };
}
