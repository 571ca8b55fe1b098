/**
 * unipbx: one vendor-neutral API for many PBX vendors.
 *
 * ```ts
 * import { createPbx } from 'unipbx';
 * const pbx = createPbx({ vendor: 'portsip', baseUrl: 'https://pbx:8887', credentials: { username, password } });
 * ```
 */
export { createPbx, type CreatePbxOptions } from './create.js';
export {
  BUILTIN_VENDOR_IDS,
  VENDORS,
  VENDOR_IDS,
  getVendor,
  isVendorId,
  registerVendor,
  type OptionsOf,
  type VendorId,
  type VendorRegistry,
} from './registry.js';

export type { PbxClient, UsersApi, GroupsApi, GroupMembersApi, QueuesApi, CdrsApi, RawApi, ListCallOptions } from '../core/client.js';
export { createClient } from '../core/client.js';
// Contact-centre operations (issue 12).
export type { RecordingsApi, RolesApi } from '../core/client.js';
export type { RecordingFilter, RecordingQuery } from '../core/inputs.js';
export type { QueueCreateInput, QueuePatch, SetStatusOptions } from '../core/inputs-contact-centre.js';
export { LINK_TOLERANCE_MS, linkRecordings, recordingMatchesCdr, type LinkResult } from '../core/recording-link.js';
export {
  OPERATIONS,
  describeCapability,
  isSupported,
  type Capability,
  type CapabilityManifest,
  type EmulatedCapability,
  type NativeCapability,
  type OperationName,
  type UnsupportedCapability,
} from '../core/capabilities.js';
export * from '../core/errors.js';
export * from '../core/model.js';
export { toJsonRecord, type JsonRecord, type JsonRecordOptions } from '../core/json-record.js';
export type { CallOptions, CdrQuery, ListOptions, UserCreateInput, UserPatch, UserRef } from '../core/inputs.js';
export type { AgentOptions, GroupCreateInput, GroupPatch } from '../core/inputs-contact-centre.js';
export type { Page, PageRequest, PagedList } from '../core/paging.js';
export type { SyncBatch } from '../core/sync/cdr-sync.js';
export { CdrSyncOptionsSchema, type CdrSyncOptions } from '../core/sync/options.js';
export { WatchOptionsSchema, type WatchOptions } from '../core/watch/options.js';
export type { TlsOptions } from '../core/http/tls.js';
export type { CdrEvent, EventBase, GroupEvent, QueueEvent, UserEvent, WatchEvent, WatchEventType, WatchStream } from '../core/watch/types.js';
export type { ClientHooks, ErrorEvent, HttpMethod, RequestEvent, ResponseEvent, RetryEvent } from '../core/http/kernel.js';
export type { RetryOptions } from '../core/http/retry.js';
export type { ThrottleOptions } from '../core/http/limiter.js';
export type { ConnectionOptions, VendorDefinition } from '../core/vendor.js';
export type { PbxAdapter, RawRequest, RawResponse } from '../core/port.js';
export type { PortSipOptions, PortSipCredentials } from '../adapters/portsip/index.js';
export type { NetPbxOptions, NetPbxCredentials, NetPbxTokenHeader } from '../adapters/netpbx/index.js';
export type { VoipStudioOptions, VoipStudioCredentials, VoipStudioApiVersion, VoipStudioAuthHeader } from '../adapters/voipstudio/index.js';
// Types the public types above refer to (the API reference documents them all).
export type { CdrPort, GroupChanges, GroupPort, NewGroup, NewUser, QueuePort, UserChanges, UserPort } from '../core/port.js';
export type { RequestContext } from '../core/http/context.js';
export type { HttpResponse, KernelClock, QueryValue } from '../core/http/kernel.js';
export type { ClientDefaults } from '../core/client.js';
export { CdrQuerySchema, ListOptionsSchema } from '../core/inputs.js';
export { UserCreateInputSchema, UserPatchSchema } from '../core/inputs-users.js';
export { AgentOptionsSchema, GroupCreateInputSchema, GroupPatchSchema } from '../core/inputs-contact-centre.js';
// Contact-centre ports and input schemas (issue 12).
export type { NewQueue, NotReadyReasonPort, PresencePort, QueueAdminPort, QueueChanges, RecordingPort, RolePort } from '../core/port.js';
export type { PortSipApiVersion } from '../adapters/portsip/index.js';
export { RecordingQuerySchema } from '../core/inputs.js';
export { QueueCreateInputSchema, QueuePatchSchema, SetStatusOptionsSchema } from '../core/inputs-contact-centre.js';
// Bulk writes (docs/provisioning.md; plan / apply / export-state are in unipbx/provisioning).
export type { BulkPort } from '../core/port.js';
export type { Returning, WriteAck, WriteOptions } from '../core/inputs.js';
export type { AgentItem, BulkApi, Items, MemberItem, UserUpdateItem } from '../core/bulk/api.js';
export { runBulk, type BulkOptions, type BulkProgress, type BulkResult, type BulkRun, type BulkSpec } from '../core/bulk/run.js';
export { fileJournal, memoryJournal, type BulkJournal, type JournalState } from '../core/bulk/journal.js';
