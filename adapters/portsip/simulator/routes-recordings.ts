/**
 * Call recordings: the tenant's `GET /api/recordings[/{id}]` (admin), the account's own
 * `GET /api/user/recordings[/{id}]`, and the audio at the detail's `file_url`, streamed in
 * chunks (a WAV header, then a tone) so the simulator never holds a whole file in memory.
 */
import { forbidden, notFound, unauthorized } from './errors.js';
import { rfc3339 } from './format.js';
import { isAdmin, param, requireAdmin, type SimApp } from './http.js';
import { listPage, type ListSpec } from './lists.js';
import { WAV_BYTES_PER_SECOND, WAV_HEADER_BYTES } from './seed-contact-centre.js';
import type { RecordingRecord, SimState, UserRecord } from './state.js';

const LIST: ListSpec<RecordingRecord> = {
  fields: {
    id: { type: 'string', get: (r) => r.id },
    caller: { type: 'string', get: (r) => r.caller },
    callee: { type: 'string', get: (r) => r.callee },
    started_at: { type: 'date', get: (r) => r.startedAt },
    ended_at: { type: 'date', get: (r) => r.endedAt },
  },
  searchIn: [
    { type: 'string', get: (r) => r.caller },
    { type: 'string', get: (r) => r.callee },
  ],
};

const summary = (r: RecordingRecord) => ({ id: r.id, caller: r.caller, callee: r.callee, started_at: rfc3339(r.startedAt), ended_at: rfc3339(r.endedAt) });

/**
 * The detail, `{items:[…]}` as the spec shows it. Assumption: `file_url` is a path on the PBX
 * (relative, so it stays right behind proxies and port mappings).
 */
const detail = (r: RecordingRecord) => ({
  items: [
    {
      caller: r.caller,
      callee: r.callee,
      started_at: rfc3339(r.startedAt),
      ended_at: rfc3339(r.endedAt),
      duration: r.duration,
      file_name: r.file_name,
      file_size: r.file_size,
      file_url: `/files/recordings/${r.id}.wav`,
    },
  ],
});

/** 44-byte WAV header of 8 kHz 8-bit mono µ-law audio of `dataBytes`. */
function wavHeader(dataBytes: number): Uint8Array {
  const header = new DataView(new ArrayBuffer(WAV_HEADER_BYTES));
  const ascii = (offset: number, text: string) => [...text].forEach((ch, i) => header.setUint8(offset + i, ch.charCodeAt(0)));
  ascii(0, 'RIFF');
  header.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVEfmt ');
  header.setUint32(16, 16, true);
  header.setUint16(20, 7, true); // µ-law
  header.setUint16(22, 1, true);
  header.setUint32(24, WAV_BYTES_PER_SECOND, true);
  header.setUint32(28, WAV_BYTES_PER_SECOND, true);
  header.setUint16(32, 1, true);
  header.setUint16(34, 8, true);
  ascii(36, 'data');
  header.setUint32(40, dataBytes, true);
  return new Uint8Array(header.buffer);
}

const CHUNK = 64 * 1024;

/** The file as a pull stream: each chunk is made when the reader asks for it. */
function fileStream(size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === 0) {
        controller.enqueue(wavHeader(size - WAV_HEADER_BYTES));
        sent = WAV_HEADER_BYTES;
      } else {
        const length = Math.min(CHUNK, size - sent);
        const chunk = new Uint8Array(length);
        for (let i = 0; i < length; i++) chunk[i] = (sent + i) % 64 < 32 ? 0x7f : 0xff;
        controller.enqueue(chunk);
        sent += length;
      }
      if (sent >= size) controller.close();
    },
  });
}

export function recordingRoutes(app: SimApp, state: SimState): void {
  const byId = (id: string): RecordingRecord => {
    const found = state.recordings.find((r) => r.id === id);
    if (!found) throw notFound('recording');
    return found;
  };
  const own = (account: UserRecord) => (r: RecordingRecord) => r.caller === account.extension_number || r.callee === account.extension_number;

  app.get('/api/recordings', (c) => {
    requireAdmin(c);
    return c.json(listPage((name) => c.req.query(name), () => state.recordings, LIST, summary));
  });
  app.get('/api/recordings/:id', (c) => {
    requireAdmin(c);
    return c.json(detail(byId(param(c, 'id'))));
  });
  app.get('/api/user/recordings', (c) => c.json(listPage((name) => c.req.query(name), () => state.recordings.filter(own(c.get('account'))), LIST, summary)));
  app.get('/api/user/recordings/:id', (c) => {
    const recording = byId(param(c, 'id'));
    if (!own(c.get('account'))(recording)) throw notFound('recording');
    return c.json(detail(recording));
  });

  // Outside /api (a file, not an API operation): the bearer token is checked here.
  app.get('/files/recordings/:file', (c) => {
    const recording = byId(param(c, 'file').replace(/\.wav$/, ''));
    const token = /^Bearer +(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const userId = token === undefined ? undefined : state.tokens.userOf(token);
    const account = userId === undefined ? undefined : state.users.get(userId);
    if (!account) throw unauthorized('a bearer token is required');
    if (!isAdmin(account) && !own(account)(recording)) throw forbidden();
    return new Response(fileStream(recording.file_size), {
      status: 200,
      headers: { 'content-type': 'audio/wav', 'content-length': String(recording.file_size), 'content-disposition': `attachment; filename="${recording.file_name}"` },
    });
  });
}
