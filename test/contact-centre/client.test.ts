/** The facade rules of the contact-centre operations, over the fake adapter: validation and capability refusal come before the adapter. */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../core/client.js';
import { fakeAdapter, manifest } from '../support/core/adapter.js';
import { rejection } from '../support/core/kernel.js';

describe('queues.setStatus with { reason }', () => {
  it('reaches the adapter when the manifest lists the option', async () => {
    const fake = fakeAdapter(manifest({ 'queues.setStatus': { support: 'native', requests: 1, options: ['reason'] } }));
    await createClient(fake.adapter).queues.setStatus('q1', { id: '1' }, 'not_ready', { reason: 'LUNCH' });
    expect(fake.calls.map((c) => [c.operation, ...c.args])).toEqual([['queues.setStatus', 'q1', { id: '1' }, 'not_ready', 'LUNCH']]);
  });

  it('is refused (UnsupportedOperationError) when the manifest does not list it; nothing reaches the adapter', async () => {
    const fake = fakeAdapter();
    const error = await rejection(createClient(fake.adapter).queues.setStatus('q1', { id: '1' }, 'not_ready', { reason: 'LUNCH' }));
    expect(error).toMatchObject({ code: 'UNSUPPORTED_OPERATION', operation: 'queues.setStatus' });
    expect(fake.calls).toHaveLength(0);
  });

  it('with a status other than not_ready, or blank, or unknown options: ValidationError', async () => {
    const fake = fakeAdapter(manifest({ 'queues.setStatus': { support: 'native', requests: 1, options: ['reason'] } }));
    const client = createClient(fake.adapter);
    expect(await rejection(client.queues.setStatus('q1', { id: '1' }, 'ready', { reason: 'LUNCH' }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await rejection(client.queues.setStatus('q1', { id: '1' }, 'not_ready', { reason: '  ' }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await rejection(client.queues.setStatus('q1', { id: '1' }, 'not_ready', { reasn: 'x' } as never))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(fake.calls).toHaveLength(0);
  });

  it('without a reason it is the plain setStatus', async () => {
    const fake = fakeAdapter();
    await createClient(fake.adapter).queues.setStatus('q1', { id: '1' }, 'not_ready');
    expect(fake.calls.map((c) => [c.operation, ...c.args])).toEqual([['queues.setStatus', 'q1', { id: '1' }, 'not_ready']]);
  });
});
