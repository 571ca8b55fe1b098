/**
 * Not-ready reasons (PortSIP 22.3): the codes (`GET /api/not_ready_codes`) and going not ready
 * with one (`POST /api/user/call_queues/{id}/agent {status: NOT_READY, reason}`). The 22.3
 * notes add `reason` to that user endpoint only — the signed-in agent's own — not to the
 * admin's `…/agents/{ext}`: a reason for another agent is refused before anything is sent.
 */
import { UnsupportedOperationError, isPbxError } from '../../core/errors.js';
import type { RequestContext } from '../../core/http/context.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import { path } from '../../core/http/path.js';
import type { UserRef } from '../../core/inputs.js';
import type { User } from '../../core/model.js';
import type { NotReadyReasonPort } from '../../core/port.js';
import { keepRaw } from '../../core/wire.js';
import { listPage } from './list.js';
import { VENDOR } from './map.js';
import { toNotReadyReason } from './map-contact-centre.js';
import type { PortSipApiGeneration } from './version.js';
import { listOf } from './wire.js';
import { WireNotReadyCode } from './wire-v223.js';

const CodeList = listOf(keepRaw(WireNotReadyCode));

const older = (operation: string): UnsupportedOperationError => {
  const reason = 'not-ready reasons need PortSIP 22.3 (GET /api/not_ready_codes); this PBX is older';
  return new UnsupportedOperationError(`${VENDOR} cannot do ${operation}: ${reason}`, reason, { vendor: VENDOR, operation });
};

/** True when `ref` names the signed-in account. */
const isSelf = (ref: UserRef, me: User): boolean => (ref.id !== undefined ? ref.id === me.id : ref.extension === me.extension);

export function portsipNotReadyReasons(kernel: HttpKernel, generation: PortSipApiGeneration, self: (ctx: RequestContext) => Promise<User>): Required<NotReadyReasonPort> {
  return {
    async list(page, ctx) {
      const operation = 'queues.notReadyReasons';
      if (!(await generation.has223(operation, ctx))) throw older(operation);
      try {
        return await listPage(kernel, { operation, path: 'not_ready_codes', schema: CodeList, what: 'not-ready code list', map: ({ wire, raw }) => toNotReadyReason(wire, raw) }, page, ctx);
      } catch (error) {
        // A collection without an id in its path: a 404 is the route's.
        if (!isPbxError(error, 'NOT_FOUND')) throw error;
        generation.markMissing();
        throw older(operation);
      }
    },

    async setNotReady(queueId, user, reason, ctx) {
      const operation = 'queues.setStatus';
      if (!(await generation.has223(operation, ctx))) throw older(operation);
      const me = await self(ctx);
      if (!isSelf(user, me)) {
        const why = `PortSIP takes a not-ready reason only from the agent itself (POST /api/user/call_queues/{id}/agent); sign in as that agent (this client is ${me.username ?? me.id})`;
        throw new UnsupportedOperationError(`${VENDOR} cannot do ${operation} with a reason for another agent: ${why}`, why, { vendor: VENDOR, operation });
      }
      await kernel.send({ operation, method: 'POST', path: path`user/call_queues/${queueId}/agent`, json: { status: 'NOT_READY', reason }, idempotent: true }, ctx);
    },
  };
}
