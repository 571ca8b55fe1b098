/**
 * Which PortSIP API generation a PBX speaks: v22.0–22.2, or v22.3 with its additions (bulk
 * agent and user status, not-ready codes). Detected once per client, lazily, on the first
 * operation that has a 22.3 path:
 *
 * 1. `GET /api/tenant/status` (v22.0 spec: its `version` is "the version information of
 *    PortSIP PBX"); a version whose major.minor is 22.3 or later means 22.3.
 * 2. When that answers 403/404, or carries no readable version, the 22.3 endpoint is tried;
 *    its 404, where the 22.0 path then succeeds, marks the PBX as pre-22.3 for the rest of the
 *    client's life ({@link PortSipApiGeneration.markMissing}).
 *
 * The option `apiVersion: '22.0' | '22.3'` skips detection. Transient failures of the probe
 * (network, 5xx, timeouts) fail the operation and are not cached: the next call probes again.
 */
import * as z from 'zod';
import { isPbxError } from '../../core/errors.js';
import type { RequestContext } from '../../core/http/context.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import { optionalText, sendParsed } from '../../core/wire.js';

/** `22.0`: the v22.0–22.2 API; `22.3`: with the 22.3 additions; `auto` (default): detect. */
export type PortSipApiVersion = '22.0' | '22.3' | 'auto';

const TenantStatus = z.object({ version: optionalText });

/** True for `22.3`, `v22.3.0`, `22.4.1`, `23.0` …; false for `22.2.5`; undefined when there is no `major.minor`. */
export function isAtLeast223(version: string | undefined): boolean | undefined {
  const match = version === undefined ? null : /(\d+)\.(\d+)/.exec(version);
  if (!match) return undefined;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > 22 || (major === 22 && minor >= 3);
}

export class PortSipApiGeneration {
  private known: boolean | undefined;
  private pending: Promise<boolean> | undefined;
  /** Detection requests sent so far (0 or 1 unless a probe failed transiently). */
  probes = 0;

  constructor(
    private readonly kernel: HttpKernel,
    option: PortSipApiVersion = 'auto',
  ) {
    if (option !== 'auto') this.known = option === '22.3';
  }

  /** True when the 22.3 endpoints should be used (known 22.3, or unknown and worth trying). */
  async has223(operation: string, ctx: RequestContext): Promise<boolean> {
    if (this.known !== undefined) return this.known;
    this.pending ??= this.detect(operation, ctx).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** A 22.3 endpoint answered 404 where the 22.0 one works: this PBX predates 22.3. */
  markMissing(): void {
    this.known = false;
  }

  private async detect(operation: string, ctx: RequestContext): Promise<boolean> {
    this.probes++;
    try {
      const status = await sendParsed(this.kernel, { operation, method: 'GET', path: 'tenant/status' }, TenantStatus, ctx, 'tenant status');
      const newer = isAtLeast223(status.version);
      // Unreadable version: use the 22.3 endpoints until one of them answers 404.
      this.known = newer ?? true;
    } catch (error) {
      if (!(isPbxError(error, 'NOT_FOUND') || isPbxError(error, 'PERMISSION_DENIED') || isPbxError(error, 'BAD_RESPONSE'))) throw error;
      this.known = true;
    }
    return this.known;
  }
}

/** Most keys one 22.3 `…/get_many` request carries (assumption: the cap of `top` on lists). */
export const GET_MANY_MAX = 100;

/**
 * Asks a 22.3 `…/get_many` endpoint for `keys`, in chunks of {@link GET_MANY_MAX}. Undefined
 * when the first chunk answers 404 — call this only where that 404 can only be the route's
 * (the resource in the path was just read, or the path has none) — and the PBX is then marked
 * as pre-22.3.
 */
export async function getMany<T>(keys: readonly string[], generation: PortSipApiGeneration, send: (chunk: string[]) => Promise<readonly T[]>): Promise<T[] | undefined> {
  const found: T[] = [];
  for (let i = 0; i < keys.length; i += GET_MANY_MAX) {
    try {
      found.push(...(await send(keys.slice(i, i + GET_MANY_MAX))));
    } catch (error) {
      if (i === 0 && isPbxError(error, 'NOT_FOUND')) {
        generation.markMissing();
        return undefined;
      }
      throw error;
    }
  }
  return found;
}
