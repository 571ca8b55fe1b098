/**
 * `unipbx/adapter-kit`: the building blocks the built-in adapters are made of, for writing a
 * vendor adapter outside this package (see docs/adapters.md and examples/acme/). Covered by
 * semver like the rest of the public API. The built-in adapters import nothing from `core/`
 * that this entry (or `unipbx/adapter-kit/simulator`) does not export; a test holds them to it.
 *
 * - the port an adapter implements and the unified model: {@link PbxAdapter}, {@link UserPort},
 *   {@link NewUser}, {@link UserChanges}, {@link RequestContext}, `User`, `Cdr`, …
 * - registration and options: {@link VendorDefinition}, {@link createVendorClient},
 *   {@link parseVendorOptions}, {@link ConnectionOptionsSchema}, capability helpers ({@link completeManifest});
 * - HTTP: {@link createKernel} / {@link HttpKernel} (retries, backoff, `Retry-After`, throttling,
 *   hooks, redaction, re-login on 401), {@link sendRaw}, the {@link path} tag, vendor-error
 *   mapping ({@link errorFromStatus}, {@link VendorErrorInfo});
 * - sessions: {@link SessionCache}, {@link SessionSigner}, {@link staticSession};
 * - wire parsing: {@link parseWire}, {@link sendParsed}, {@link keepRaw}, {@link idString}, {@link fromVendorEnum}, …;
 * - paging: offset ({@link offsetPaging}), page number ({@link pageNumberPaging}), both through
 *   {@link fetchPage}; cursor / `next` link ({@link fetchCursorPage}, {@link followLink});
 * - writes: create reconciliation by natural key ({@link createReconciled}), read-modify-write
 *   with a verifying read ({@link readModifyWrite}), ordered multi-request updates ({@link applyInOrder});
 * - lean imports: a port loaded at its first call ({@link lazyPort}), a schema built at its first use ({@link lazySchema}).
 */
// The contract: the port, the model, inputs, errors, capabilities.
export type * from '../../core/port.js';
export * from '../../core/model.js';
export * from '../../core/inputs.js';
export * from '../../core/inputs-contact-centre.js';
export * from '../../core/inputs-users.js';
export * from '../../core/errors.js';
export * from '../../core/capabilities.js';
export * from '../../core/manifest.js';
// Registration, options and the HTTP kernel.
export * from '../../core/vendor.js';
export * from '../../core/http/kernel.js';
export * from '../../core/http/context.js';
export * from '../../core/http/path.js';
export * from '../../core/http/classify.js';
export { Redactor, maskSecretFields } from '../../core/http/redact.js';
export type { RetryOptions } from '../../core/http/retry.js';
export { RequestLimiter, type LimiterClock, type LimiterFeedback, type LimiterRelease, type ThrottleOptions } from '../../core/http/limiter.js';
export * from '../../core/auth/session.js';
// Wire parsing and paging.
export * from '../../core/wire.js';
export * from '../../core/paging.js';
export * from '../../core/cursor-paging.js';
// Writes and lookups.
export * from '../../core/create.js';
export * from '../../core/rmw.js';
export * from '../../core/steps.js';
export * from '../../core/refs.js';
export * from '../../core/concurrent.js';
// Downloads (bounded-memory streams) and linking recordings to call records.
export * from '../../core/download.js';
export * from '../../core/recording-link.js';
// Lean imports: ports loaded at their first call, schemas built at their first use.
export * from '../../core/lazy-port.js';
export * from '../../core/lazy-schema.js';
// The client facade the per-vendor factories return.
export type { PbxClient } from '../../core/client.js';
