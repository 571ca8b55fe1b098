/**
 * Streaming a file a vendor serves by URL (a call recording's audio): the reply body is
 * handed to the caller as a `ReadableStream`, never buffered, so memory stays bounded
 * whatever the file's size. The URL's credentials are the caller's concern: pass `headers`
 * only for a URL on the vendor's own origin.
 */
import { AuthenticationError, NetworkError, NotFoundError, PermissionError, ServerError, TimeoutError, VendorError, type PbxErrorContext } from './errors.js';
import { abortedError, timeoutSignal, type RequestContext } from './http/context.js';
import type { RecordingContent } from './model.js';

export interface DownloadRequest {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly fetch: typeof globalThis.fetch;
  /** Time allowed until the reply's headers arrive (the body then streams at the caller's pace). */
  readonly timeoutMs: number;
  readonly context: PbxErrorContext;
}

function statusError(status: number, context: PbxErrorContext): Error {
  const where = `${context.vendor} ${context.operation}`;
  const ctx = { ...context, status };
  if (status === 404) return new NotFoundError(`${where}: the file is not there (404)`, ctx);
  if (status === 401) return new AuthenticationError(`${where}: the file server refused the credentials (401)`, ctx);
  if (status === 403) return new PermissionError(`${where}: not allowed to read the file (403)`, ctx);
  if (status >= 500) return new ServerError(`${where}: the file server failed (${status})`, ctx, true);
  return new VendorError(`${where}: unexpected status ${status} for the file`, ctx);
}

export async function streamDownload(request: DownloadRequest, ctx: RequestContext): Promise<RecordingContent> {
  const { context } = request;
  if (ctx.signal?.aborted) throw abortedError(context);
  const budget = Math.max(1, Math.min(ctx.timeoutMs ?? request.timeoutMs, (ctx.deadlineAt ?? Number.POSITIVE_INFINITY) - Date.now()));
  const timer = timeoutSignal(budget);
  // The caller's signal keeps governing the body after the headers arrived; the timer only the wait for them.
  const headersArrived = new AbortController();
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, headersArrived.signal]) : headersArrived.signal;
  const onTimeout = () => headersArrived.abort(timer.signal.reason);
  timer.signal.addEventListener('abort', onTimeout, { once: true });
  let response: Response;
  try {
    response = await request.fetch(request.url, { method: 'GET', headers: request.headers, signal });
  } catch (error) {
    if (ctx.signal?.aborted) throw abortedError(context);
    if (timer.signal.aborted) throw new TimeoutError(`${context.vendor} ${context.operation}: no reply within ${budget} ms`, budget, 'attempt', context, true);
    throw new NetworkError(`${context.vendor} ${context.operation}: network error (${(error as { code?: string }).code ?? (error as Error).name})`, false, context, true);
  } finally {
    timer.signal.removeEventListener('abort', onTimeout);
    timer.clear();
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    throw statusError(response.ok ? 502 : response.status, context);
  }
  const length = Number(response.headers.get('content-length'));
  const type = response.headers.get('content-type');
  return {
    stream: response.body,
    ...(type ? { contentType: type } : {}),
    ...(Number.isSafeInteger(length) && length >= 0 && response.headers.has('content-length') ? { sizeBytes: length } : {}),
  };
}
