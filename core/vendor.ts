/**
 * What a vendor package provides to be registered with unipbx, and the connection options
 * every vendor shares. A fourth vendor implements {@link VendorDefinition} in its own folder
 * and is registered with `registerVendor` (in the repo: one line in `src/registry.ts`). Its
 * simulator is registered apart (`SimulatorDefinition`, `core/sim/types.ts`): nothing here
 * leads to simulator code.
 */
import * as z from 'zod';
import type { CapabilityManifest } from './capabilities.js';
import { createClient, type PbxClient } from './client.js';
import type { ErrorBodyParser } from './http/classify.js';
import { HttpKernel, type ClientHooks, type KernelClock } from './http/kernel.js';
import { RequestLimiter, type ThrottleOptions } from './http/limiter.js';
import { Redactor } from './http/redact.js';
import { tlsFetch, type TlsOptions } from './http/tls.js';
import { ValidationError } from './errors.js';
import type { RetryOptions } from './http/retry.js';
import { parseInput } from './inputs.js';
import { lazySchema } from './lazy-schema.js';
import type { RequestContext } from './http/context.js';
import type { PbxAdapter, RawRequest, RawResponse } from './port.js';

/** Connection options common to every vendor. */
export interface ConnectionOptions {
  /** Base URL of the vendor API (see each vendor's docs for what it includes). */
  readonly baseUrl: string;
  /** A `fetch` to use instead of the global one (a simulator's in-process fetch, a proxy agent…). */
  readonly fetch?: typeof globalThis.fetch;
  /** Timeout of each HTTP attempt in ms. Default 10000. */
  readonly timeoutMs?: number;
  /**
   * Overall deadline of one call in ms, across all its requests, retries and the login it
   * waits for. Time queued for a throttle slot does not count. Default 60000.
   */
  readonly deadlineMs?: number;
  /** Longest wait for one throttle slot in ms; beyond it `QueueTimeoutError` (nothing sent). Default 300000. */
  readonly queueTimeoutMs?: number;
  /**
   * Largest reply body in bytes, enforced while it streams in; a larger or never-ending reply
   * fails with `ResponseTooLargeError`. Default 16777216 (16 MiB).
   */
  readonly maxResponseBytes?: number;
  /**
   * Certificates to trust for this client only (a self-hosted PBX's private CA or self-signed
   * certificate, PEM), besides the system's roots; verification stays on. Not combinable with `fetch`.
   */
  readonly tls?: TlsOptions;
  readonly retry?: RetryOptions;
  /** Client-side throttling (concurrency, pace, adaptive slow-down after 429). `false` disables it. */
  readonly throttle?: ThrottleOptions | false;
  /** Observability hooks; they never see headers, bodies or secrets. */
  readonly hooks?: ClientHooks;
  readonly userAgent?: string;
  /** Replaces time and randomness (for tests). */
  readonly clock?: Partial<KernelClock>;
}

/**
 * The schema of {@link ConnectionOptions} (vendors extend it through {@link parseVendorOptions}).
 * Built at its first use, like the input schemas: importing a vendor builds none of it.
 */
export const ConnectionOptionsSchema = lazySchema(() => {
  const positiveMs = z.number().int().positive().max(2_147_483_647);
  const pem = z.union([z.string().min(1), z.instanceof(Uint8Array)]);
  return z.object({
    // Never echo the value: it may carry a password.
    baseUrl: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .refine(withoutCredentials, 'must not contain credentials (user:password@): pass them in `credentials`'),
    fetch: z.custom<typeof globalThis.fetch>((v) => typeof v === 'function', 'must be a function').optional(),
    timeoutMs: positiveMs.optional(),
    deadlineMs: positiveMs.optional(),
    queueTimeoutMs: positiveMs.optional(),
    maxResponseBytes: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    tls: z.strictObject({ ca: z.union([pem, z.array(pem).min(1)]) }).optional(),
    retry: z
      .strictObject({
        maxRetries: z.number().int().min(0).max(20).optional(),
        baseDelayMs: z.number().min(0).optional(),
        maxDelayMs: z.number().min(0).optional(),
        maxRetryAfterMs: z.number().min(0).optional(),
        jitter: z.enum(['full', 'none']).optional(),
      })
      .optional(),
    throttle: z
      .union([
        z.literal(false),
        z.strictObject({
          maxConcurrent: z.number().int().min(1).optional(),
          requestsPerSecond: z.number().positive().optional(),
          minRequestsPerSecond: z.number().positive().optional(),
        }),
      ])
      .optional(),
    hooks: z.record(z.string(), z.custom<(...args: never[]) => void>((v) => typeof v === 'function')).optional(),
    userAgent: z.string().max(256).optional(),
    clock: z.record(z.string(), z.unknown()).optional(),
  });
});

function withoutCredentials(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username === '' && parsed.password === '';
  } catch {
    return true; // the URL check reports it
  }
}

/** A vendor's registration: everything `createPbx`, the DI module and the capability table need. */
export interface VendorDefinition<Options extends ConnectionOptions = ConnectionOptions> {
  /** Vendor id used in `createPbx({ vendor })`, e.g. `portsip`. */
  readonly id: string;
  /** Human name with the API version, e.g. `PortSIP PBX v22`. */
  readonly name: string;
  readonly capabilities: CapabilityManifest;
  /** Validates `options` (throwing `ValidationError`) and builds the adapter. */
  createAdapter(options: Options): PbxAdapter;
}

/** Validates vendor options: the common connection part plus the vendor's own schema. */
export function parseVendorOptions<S extends z.ZodObject>(vendor: string, schema: S, options: unknown): z.output<S> & ConnectionOptions {
  // Strict: a misspelt option is an error, not a silently ignored setting.
  const merged = z.strictObject({ ...ConnectionOptionsSchema.shape, ...schema.shape });
  return parseInput(merged, options, 'options', { vendor }) as z.output<S> & ConnectionOptions;
}

/** Builds the public client for a vendor definition (the per-vendor `createX()` factories). */
export function createVendorClient<O extends ConnectionOptions>(definition: VendorDefinition<O>, options: O): PbxClient {
  return createClient(definition.createAdapter(options), {
    ...(options.deadlineMs ? { deadlineMs: options.deadlineMs } : {}),
    ...(options.clock?.now ? { now: options.clock.now } : {}),
  });
}

/**
 * Builds the HTTP kernel for a vendor from the connection options: one redactor (fed with
 * the credentials' secrets), the retry policy, throttling and hooks.
 */
export function createKernel(
  vendor: string,
  options: ConnectionOptions,
  parts: { readonly baseUrl: string; readonly parseError: ErrorBodyParser; readonly secrets: ReadonlyArray<string | undefined> },
): HttpKernel {
  const redactor = new Redactor();
  redactor.add(...parts.secrets);
  if (options.tls && options.fetch) {
    throw new ValidationError(`${vendor}: invalid options: tls: cannot be combined with a custom fetch (configure the CA in that fetch)`, [{ field: 'tls', message: 'cannot be combined with fetch' }], 'client', { vendor });
  }
  const fetch = options.fetch ?? (options.tls ? tlsFetch(options.tls) : undefined);
  return new HttpKernel({
    vendor,
    baseUrl: parts.baseUrl,
    redactor,
    parseError: parts.parseError,
    ...(fetch ? { fetch } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.deadlineMs ? { deadlineMs: options.deadlineMs } : {}),
    ...(options.queueTimeoutMs ? { queueTimeoutMs: options.queueTimeoutMs } : {}),
    ...(options.maxResponseBytes ? { maxResponseBytes: options.maxResponseBytes } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.hooks ? { hooks: options.hooks } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.throttle === false ? {} : { limiter: new RequestLimiter(options.throttle ?? {}) }),
    userAgent: options.userAgent ?? 'unipbx',
  });
}

/** Sends a `client.raw.request` through the adapter's kernel (same auth, retries and errors). */
export function sendRaw(kernel: HttpKernel, request: RawRequest, ctx: RequestContext): Promise<RawResponse> {
  return kernel.send(
    {
      operation: 'raw',
      method: request.method,
      path: request.path,
      ...(request.query ? { query: request.query } : {}),
      ...(request.body !== undefined ? { json: request.body } : {}),
      ...(request.idempotent !== undefined ? { idempotent: request.idempotent } : {}),
    },
    ctx,
  );
}
