/**
 * Call recordings: `GET /api/recordings` (tenant; `GET /api/user/recordings`, the account's
 * own, after a 403), paged with skip/top and filtered on `started_at`; the detail
 * `GET /api/recordings/{id}` names the file (`file_url`), which is streamed. PortSIP
 * recordings carry no CDR id: `{ cdrId }` reads the CDR and keeps the recordings that match
 * it by caller, callee and time (core/recording-link.ts).
 */
import { streamDownload } from '../../core/download.js';
import { VendorResponseError, isPbxError } from '../../core/errors.js';
import type { RequestContext } from '../../core/http/context.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import { path } from '../../core/http/path.js';
import type { Cdr, Recording } from '../../core/model.js';
import { singlePage } from '../../core/paging.js';
import type { RecordingPort } from '../../core/port.js';
import { linkWindow, recordingMatchesCdr } from '../../core/recording-link.js';
import { idString, keepRaw, sendParsed } from '../../core/wire.js';
import { and, eq, timestamp } from './filter.js';
import { listPage } from './list.js';
import { VENDOR } from './map.js';
import { listOf } from './wire.js';
import { WireRecording, WireRecordingDetail, type WireRecording as WireRecordingType } from './wire-contact-centre.js';

const RecordingList = listOf(keepRaw(WireRecording.extend({ id: idString })));

export interface RecordingFileAccess {
  /** The API base, e.g. `https://pbx:8887/api/`: files on its origin get the bearer token. */
  readonly base: string;
  readonly sign: (signal: AbortSignal) => Promise<Readonly<Record<string, string>>>;
  readonly fetch: typeof globalThis.fetch;
  readonly timeoutMs: number;
}

export function toRecording(id: string, wire: WireRecordingType, raw: Record<string, unknown>, cdrId?: string): Recording {
  const ended = wire.ended_at;
  const started = wire.started_at as Date;
  const duration = typeof raw['duration'] === 'number' ? (raw['duration'] as number) : ended ? Math.max(0, Math.round((ended.getTime() - started.getTime()) / 1000)) : undefined;
  return {
    id,
    from: wire.caller ?? '',
    to: wire.callee ?? '',
    startedAt: started,
    ...(ended ? { endedAt: ended } : {}),
    ...(duration !== undefined ? { durationSeconds: duration } : {}),
    ...(typeof raw['file_name'] === 'string' && raw['file_name'] ? { fileName: raw['file_name'] as string } : {}),
    ...(typeof raw['file_size'] === 'number' && Number.isSafeInteger(raw['file_size']) ? { sizeBytes: raw['file_size'] as number } : {}),
    ...(cdrId ? { cdrId } : {}),
    vendor: VENDOR,
    raw,
  };
}

export function portsipRecordings(kernel: HttpKernel, getCdr: (id: string, ctx: RequestContext) => Promise<Cdr>, files: RecordingFileAccess): Required<RecordingPort> {
  /** The tenant collection, or the account's own after a 403 (remembered per client). */
  let collection: 'recordings' | 'user/recordings' = 'recordings';
  const withFallback = async <T>(run: (c: typeof collection) => Promise<T>): Promise<T> => {
    try {
      return await run(collection);
    } catch (error) {
      if (collection !== 'recordings' || !isPbxError(error, 'PERMISSION_DENIED')) throw error;
      collection = 'user/recordings';
      return run(collection);
    }
  };

  const page = (filter: string | undefined, request: Parameters<Required<RecordingPort>['list']>[1], ctx: RequestContext, cdrId?: string) =>
    withFallback((c) =>
      listPage(
        kernel,
        {
          operation: 'recordings.list',
          path: c,
          schema: RecordingList,
          what: 'recording list',
          query: { ...(filter ? { filter } : {}), orderby: 'started_at asc' },
          map: ({ wire, raw }) => toRecording(wire.id, wire, raw, cdrId),
        },
        request,
        ctx,
      ),
    );

  return {
    async list(filter, request, ctx) {
      if (filter.cdrId === undefined) {
        return page(and(filter.from ? `started_at ge ${timestamp(filter.from)}` : undefined, filter.to ? `started_at lt ${timestamp(filter.to)}` : undefined), request, ctx);
      }
      const cdr = await getCdr(filter.cdrId, ctx);
      const window = linkWindow(cdr);
      const query = and(eq('caller', cdr.from.number), eq('callee', cdr.to.number), `started_at ge ${timestamp(window.from)}`, `started_at le ${timestamp(window.to)}`);
      // A call has a handful of recordings at most: one page of 100 holds them.
      const found = await page(query, { pageSize: 100 }, ctx, cdr.id);
      return singlePage(found.items.filter((r) => recordingMatchesCdr(r, cdr)));
    },

    async download(id, ctx) {
      const operation = 'recordings.download';
      const detail = await withFallback((c) =>
        sendParsed(kernel, { operation, method: 'GET', path: c === 'recordings' ? path`recordings/${id}` : path`user/recordings/${id}` }, WireRecordingDetail, ctx, 'recording'),
      );
      const item = Array.isArray(detail.items) ? detail.items[0] : detail.items;
      const context = { vendor: VENDOR, operation };
      if (!item?.file_url) throw new VendorResponseError(`${VENDOR} ${operation}: recording ${id} has no file_url`, [{ field: 'items.0.file_url', message: 'missing' }], context);
      const base = new URL(files.base);
      const url = new URL(item.file_url, base.origin);
      // Assumption: a file on another origin is a pre-signed storage URL; the PBX token never leaves the PBX's origin.
      const headers = url.origin === base.origin ? await files.sign(ctx.signal ?? new AbortController().signal) : {};
      return streamDownload({ url, headers, fetch: files.fetch, timeoutMs: files.timeoutMs, context }, ctx);
    },
  };
}
