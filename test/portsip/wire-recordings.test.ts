/**
 * Recordings on the wire: `GET /api/recordings` with a `started_at` range, `{ cdrId }` linked by
 * caller, callee and time (GET the CDR, then a filtered list), and the download: the detail's
 * `file_url`, streamed, with the bearer token only on the PBX's origin.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { fixture } from '../support/portsip/fixtures.js';
import { ORIGIN, SIGN_IN_TOKEN, WireMock, portsipClient, rejection, useNock } from '../support/portsip/wire.js';

useNock();

const REC = { id: 'rec1', caller: '101', callee: '102', started_at: '2024-05-02T09:15:03Z', ended_at: '2024-05-02T09:17:00Z' };
const DETAIL = { items: [{ caller: '101', callee: '102', started_at: REC.started_at, ended_at: REC.ended_at, duration: 117, file_name: 'a.wav', file_size: 6, file_url: '/files/a.wav' }] };

describe('recordings.list', () => {
  it('GET /api/recordings?filter=started_at ge … and started_at lt …&orderby=started_at asc&skip&top', async () => {
    const wire = new WireMock().signIn().get('/api/recordings', {
      query: { filter: "started_at ge '2024-05-01T00:00:00Z' and started_at lt '2024-05-03T00:00:00Z'", orderby: 'started_at asc', skip: '0', top: '100' },
      reply: { count: 1, items: [REC] },
    });
    const list = await portsipClient().recordings.list({ from: '2024-05-01', to: '2024-05-03' }).toArray();
    wire.done();
    expect(list).toEqual([{ id: 'rec1', from: '101', to: '102', startedAt: new Date(REC.started_at), endedAt: new Date(REC.ended_at), durationSeconds: 117, vendor: 'portsip', raw: REC }]);
  });

  it('{ cdrId }: GET the CDR, then recordings of its caller and callee within its time ± 5 s', async () => {
    const cdr = fixture('cdr-detail-array.json');
    const item = cdr.items[0];
    const start = new Date(new Date(item.started_at).getTime() - 5000).toISOString().replace('.000', '');
    const end = new Date(new Date(item.ended_at).getTime() + 5000).toISOString().replace('.000', '');
    const inside = { ...REC, caller: item.caller, callee: item.callee, started_at: item.answered_at ?? item.started_at };
    const wire = new WireMock()
      .signIn()
      .get('/api/cdrs/c-77', { fixture: 'cdr-detail-array.json' })
      .get('/api/recordings', {
        query: { filter: `caller eq '${item.caller}' and callee eq '${item.callee}' and started_at ge '${start}' and started_at le '${end}'`, orderby: 'started_at asc', skip: '0', top: '100' },
        reply: { count: 1, items: [inside] },
      });
    const linked = await portsipClient().recordings.list({ cdrId: 'c-77' }).toArray();
    wire.done();
    expect(linked).toEqual([expect.objectContaining({ id: 'rec1', cdrId: 'c-77' })]);
  });

  it('cdrId with a range is a ValidationError; nothing is sent', async () => {
    const wire = new WireMock();
    expect(() => portsipClient().recordings.list({ cdrId: 'c', from: '2024-01-01' })).toThrow(/cdrId/);
    wire.done();
  });
});

describe('recordings.download', () => {
  it('GET /api/recordings/{id}, then the file_url on the PBX origin with the bearer token, streamed', async () => {
    const wire = new WireMock().signIn().get('/api/recordings/rec1', { reply: DETAIL });
    const file = nock(ORIGIN).matchHeader('authorization', `Bearer ${SIGN_IN_TOKEN}`).get('/files/a.wav').reply(200, Buffer.from([1, 2, 3, 4, 5, 6]), { 'content-type': 'audio/wav', 'content-length': '6' });
    const content = await portsipClient().recordings.download('rec1');
    expect(content).toMatchObject({ contentType: 'audio/wav', sizeBytes: 6 });
    expect(new Uint8Array(await new Response(content.stream).arrayBuffer())).toEqual(new Uint8Array([1, 2, 3, 4, 5, 6]));
    wire.done();
    expect(file.isDone()).toBe(true);
  });

  it('a file on another origin is fetched without the PBX token', async () => {
    const wire = new WireMock().signIn().get('/api/recordings/rec1', { reply: { items: [{ ...DETAIL.items[0], file_url: 'https://storage.test/a.wav?sig=x' }] } });
    const file = nock('https://storage.test', { badheaders: ['authorization'] }).get('/a.wav').query({ sig: 'x' }).reply(200, 'abc');
    const content = await portsipClient().recordings.download('rec1');
    expect(await new Response(content.stream).text()).toBe('abc');
    wire.done();
    expect(file.isDone()).toBe(true);
  });

  it('the file answering 404 is NotFoundError; a detail without file_url is BAD_RESPONSE', async () => {
    const wire = new WireMock()
      .signIn()
      .get('/api/recordings/rec1', { reply: DETAIL })
      .get('/api/recordings/rec2', { reply: { items: [{ ...DETAIL.items[0], file_url: null }] } });
    nock(ORIGIN).get('/files/a.wav').reply(404, 'gone');
    const client = portsipClient();
    expect((await rejection(client.recordings.download('rec1'))).code).toBe('NOT_FOUND');
    expect((await rejection(client.recordings.download('rec2'))).code).toBe('BAD_RESPONSE');
    wire.done();
  });
});
