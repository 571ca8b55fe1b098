/**
 * The PortSIP ports that `adapter.ts` loads at their first call: the contact-centre parts
 * (queues and their administration, not-ready reasons, presence, roles, recordings) and the
 * groups, which the ring groups wrap. A client that only reads users and CDRs neither loads
 * nor bundles them into its first chunk.
 */
import type { RequestContext } from '../../core/http/context.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import type { Cdr, User } from '../../core/model.js';
import type { GroupPort, NotReadyReasonPort, PresencePort, QueueAdminPort, QueuePort, RecordingPort, RolePort } from '../../core/port.js';
import { portsipGroups } from './groups.js';
import { portsipQueueAdmin } from './queue-admin.js';
import { portsipQueues } from './queues.js';
import { portsipNotReadyReasons } from './reasons.js';
import { portsipPresence } from './presence.js';
import { portsipRecordings, type RecordingFileAccess } from './recordings.js';
import { withRingGroups } from './ring-groups.js';
import { portsipRoles } from './roles.js';
import { PortSipApiGeneration, type PortSipApiVersion } from './version.js';

/** What the ports loaded at first use need from the adapter. */
export interface ContactCentreParts {
  readonly kernel: HttpKernel;
  readonly apiVersion: PortSipApiVersion | undefined;
  /** The PBX's identity in lock keys (its API base, free of credentials). */
  readonly pbx: string;
  readonly getUser: (id: string, ctx: RequestContext) => Promise<User>;
  readonly getCdr: (id: string, ctx: RequestContext) => Promise<Cdr>;
  /** The logged-in account (read once per client). */
  readonly self: (ctx: RequestContext) => Promise<User>;
  readonly files: RecordingFileAccess;
}

/** The ports loaded at first use. */
export interface ContactCentrePorts {
  readonly groups: Required<GroupPort>;
  readonly queues: Required<QueuePort>;
  readonly notReadyReasons: Required<NotReadyReasonPort>;
  readonly presence: Required<PresencePort>;
  readonly roles: Required<RolePort>;
  readonly queueAdmin: Required<QueueAdminPort>;
  readonly recordings: Required<RecordingPort>;
}

/** The ports, built once per client. */
export function portsipContactCentre(parts: ContactCentreParts): ContactCentrePorts {
  const { kernel, getUser, pbx } = parts;
  const generation = new PortSipApiGeneration(kernel, parts.apiVersion);
  return {
    groups: withRingGroups(kernel, portsipGroups(kernel, getUser), getUser, pbx),
    queues: portsipQueues(kernel, getUser, pbx, generation),
    notReadyReasons: portsipNotReadyReasons(kernel, generation, parts.self),
    presence: portsipPresence(kernel, generation),
    roles: portsipRoles(kernel),
    queueAdmin: portsipQueueAdmin(kernel),
    recordings: portsipRecordings(kernel, parts.getCdr, parts.files),
  };
}

