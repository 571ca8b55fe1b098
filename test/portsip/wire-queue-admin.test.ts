/** Call queue lifecycle on the wire: create (POST + GET), update (POST changed fields + GET), delete (POST …/destroy). */
import { describe, expect, it } from 'vitest';
import { fixture, idOf } from '../support/portsip/fixtures.js';
import { WireMock, portsipClient, rejection, useNock } from '../support/portsip/wire.js';

useNock();

const QUEUE = idOf('queue-detail.json');
const Q = `/api/call_queues/${QUEUE}`;

describe('queues.create', () => {
  it('POST /api/call_queues {name, extension_number, polling_strategy, …} → {id}, then GET it', async () => {
    const wire = new WireMock()
      .signIn()
      .post('/api/call_queues', {
        body: { name: 'Support Queue', extension_number: '8001', polling_strategy: 'LEAST_WORKED_HUNT', ring_time: 25, max_waiting_time: 600 },
        reply: { id: QUEUE },
      })
      .get(Q, { fixture: 'queue-detail.json' });
    const queue = await portsipClient().queues.create({ name: 'Support Queue', extension: '8001', strategy: 'LEAST_WORKED_HUNT', ringTimeSeconds: 25, maxWaitSeconds: 600 });
    wire.done();
    expect(queue).toMatchObject({ id: QUEUE, name: 'Support Queue', extension: '8001', vendor: 'portsip' });
  });

  it('without a strategy, the spec default RING_SIMULTANEOUSLY is sent (PortSIP requires one)', async () => {
    const wire = new WireMock()
      .signIn()
      .post('/api/call_queues', { body: { name: 'Q', extension_number: '8009', polling_strategy: 'RING_SIMULTANEOUSLY' }, reply: { id: QUEUE } })
      .get(Q, { fixture: 'queue-detail.json' });
    await portsipClient().queues.create({ name: 'Q', extension: '8009' });
    wire.done();
  });

  it('a create whose outcome is unknown is looked up by extension before it is repeated', async () => {
    const wire = new WireMock()
      .signIn()
      .post('/api/call_queues', { status: 500, fixture: 'error-server.json', body: { name: 'Q', extension_number: '8009', polling_strategy: 'RING_SIMULTANEOUSLY' } })
      .get('/api/call_queues', { query: { filter: "extension_number eq '8009'", skip: '0', top: '2' }, reply: { count: 1, items: [{ ...fixture('queue-list.json').items[0], id: QUEUE, extension_number: '8009' }] } })
      .get(Q, { fixture: 'queue-detail.json' });
    expect((await portsipClient().queues.create({ name: 'Q', extension: '8009' })).id).toBe(QUEUE);
    wire.done();
    expect(wire.count('POST', '/api/call_queues')).toBe(1);
  });

  it('bad input is refused before anything is sent', async () => {
    const wire = new WireMock();
    const client = portsipClient();
    for (const input of [{ name: '', extension: '8001' }, { name: 'Q', extension: '80a' }, { name: 'Q', extension: '8001', ringTimeSeconds: 0 }, { name: 'Q', extension: '8001', colour: 'red' }]) {
      expect(await rejection(client.queues.create(input as never))).toMatchObject({ code: 'VALIDATION_FAILED', operation: 'queues.create' });
    }
    wire.done();
    expect(wire.requests).toHaveLength(0);
  });
});

describe('queues.update / queues.delete', () => {
  it('POST /api/call_queues/{id} with the changed fields only, then GET', async () => {
    const wire = new WireMock()
      .signIn()
      .post(Q, { body: { name: 'Support (EN)', ring_time: 30 }, status: 200 })
      .get(Q, { reply: { ...fixture('queue-detail.json'), name: 'Support (EN)' } });
    expect((await portsipClient().queues.update(QUEUE, { name: 'Support (EN)', ringTimeSeconds: 30 })).name).toBe('Support (EN)');
    wire.done();
  });

  it('POST /api/call_queues/{id}/destroy → 204', async () => {
    const wire = new WireMock().signIn().post(`${Q}/destroy`, { status: 204 });
    await portsipClient().queues.delete(QUEUE);
    wire.done();
  });

  it('deleting a missing queue is NotFoundError', async () => {
    const wire = new WireMock().signIn().post(`${Q}/destroy`, { status: 404, fixture: 'error-not-found.json' });
    expect((await rejection(portsipClient().queues.delete(QUEUE))).code).toBe('NOT_FOUND');
    wire.done();
  });
});
