/**
 * Delivering the outbox to a webhook endpoint, signed per Standard Webhooks (the
 * `standardwebhooks` package): headers `webhook-id` (the event's stable id), `webhook-timestamp`
 * (seconds, at each attempt) and `webhook-signature` (`v1,<base64 HMAC-SHA256>` of
 * `id.timestamp.body`). In order, one at a time; a non-2xx reply, a network error or a timeout is
 * retried with capped exponential backoff and full jitter, for as long as it takes — the event
 * stays in the outbox meanwhile.
 */
import { Webhook } from 'standardwebhooks';
import { sleep } from '../../core/sync/sleep.js';
import type { Outbox } from './outbox.js';

export interface DeliveryOptions {
  readonly url: string;
  /** `whsec_<base64>` as Standard Webhooks secrets are written, or any other string (used as raw bytes). */
  readonly secret: string;
  readonly signal: AbortSignal;
  /** First retry delay ceiling, ms (default 500); doubles per attempt up to `maxBackoffMs` (default 30000). */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Per-attempt timeout, ms (default 10000). */
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
  readonly fetch?: typeof globalThis.fetch;
}

export interface DeliveryStats {
  delivered: number;
  failedAttempts: number;
}

export function signer(secret: string): Webhook {
  return secret.startsWith('whsec_') ? new Webhook(secret) : new Webhook(Buffer.from(secret, 'utf8'), { format: 'raw' });
}

/** Delivers until `signal` aborts (then returns after the attempt in flight). */
export async function deliverOutbox(outbox: Outbox, options: DeliveryOptions, stats: DeliveryStats = { delivered: 0, failedAttempts: 0 }): Promise<DeliveryStats> {
  const webhook = signer(options.secret);
  const send = options.fetch ?? globalThis.fetch;
  let attempt = 0;
  while (!options.signal.aborted) {
    const item = await outbox.next();
    if (!item) {
      await outbox.changed(200);
      continue;
    }
    const now = new Date();
    let failure: string | undefined;
    try {
      const response = await send(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': item.id,
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
          'webhook-signature': webhook.sign(item.id, now, item.body),
        },
        body: item.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      await response.body?.cancel().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) {
        await outbox.markDelivered(item);
        stats.delivered++;
        attempt = 0;
        continue;
      }
      failure = `HTTP ${response.status}`;
    } catch (error) {
      failure = (error as Error).name === 'TimeoutError' ? 'timed out' : ((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message);
    }
    attempt++;
    stats.failedAttempts++;
    const ceiling = Math.min(options.maxBackoffMs ?? 30_000, (options.backoffMs ?? 500) * 2 ** Math.min(attempt - 1, 20));
    const wait = Math.round(Math.random() * ceiling);
    options.log?.(`webhook delivery of ${item.id} failed (${failure}); attempt ${attempt}, retrying in ${wait} ms`);
    await sleep(wait, options.signal).catch(() => undefined);
  }
  return stats;
}
