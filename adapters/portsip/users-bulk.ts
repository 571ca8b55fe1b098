/**
 * PortSIP 22.3 bulk create: `POST /api/users/create_many`, up to 100 users per request (the
 * adapter's `createUsersSize`), one result per user; loaded at the first bulk create. The
 * shape is our reading of the change notes (docs/provisioning.md, "Vendor assumptions"); a
 * reply in another shape leaves those items unconfirmed, and the bulk runner then looks them
 * up by extension instead of guessing.
 */
import { PbxError, ValidationError } from '../../core/errors.js';
import { errorFromStatus } from '../../core/http/classify.js';
import type { RequestContext } from '../../core/http/context.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import type { WriteAck } from '../../core/inputs.js';
import type { NewUser } from '../../core/port.js';
import { parsePortSipError } from './errors.js';
import { VENDOR } from './map.js';
import { createSecrets, userCreateBody } from './map-user-write.js';
import { checkNewUser } from './users-write.js';

export function portsipCreateMany(kernel: HttpKernel) {
  return async (inputs: readonly NewUser[], ctx: RequestContext): Promise<ReadonlyArray<WriteAck | PbxError | undefined>> => {
    const results: Array<WriteAck | PbxError | undefined> = new Array(inputs.length);
    const bodies: unknown[] = [];
    const sent: number[] = [];
    for (const [i, input] of inputs.entries()) {
      try {
        checkNewUser(input);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        results[i] = error;
        continue;
      }
      const secrets = createSecrets(input);
      kernel.redactor.add(secrets.password, secrets.extensionPassword, secrets.voicemailPin);
      bodies.push(userCreateBody(input, secrets));
      sent.push(i);
    }
    if (bodies.length === 0) return results;
    const operation = 'users.create';
    const response = await kernel.send({ operation, method: 'POST', path: 'users/create_many', json: { items: bodies } }, ctx);
    const items = (response.body as { items?: unknown } | undefined)?.items;
    for (const [j, index] of sent.entries()) {
      const item = Array.isArray(items) ? (items[j] as { id?: unknown; error?: { status?: unknown; code?: unknown; message?: unknown } } | undefined) : undefined;
      if (item && (typeof item.id === 'string' || typeof item.id === 'number')) results[index] = { id: String(item.id) };
      else if (item?.error) {
        const status = typeof item.error.status === 'number' ? item.error.status : 400;
        const info = parsePortSipError({ errors: [{ code: item.error.code, message: item.error.message }] });
        results[index] = errorFromStatus({
          status,
          statusText: '',
          info,
          retryAfterMs: undefined,
          idempotent: false,
          context: { vendor: VENDOR, operation },
          redact: (text) => kernel.redactor.text(text),
        });
      } else results[index] = undefined; // not confirmed: the runner looks it up by extension
    }
    return results;
  };
}
