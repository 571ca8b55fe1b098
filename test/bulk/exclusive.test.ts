/**
 * `exclusive` (core/rmw.ts), the lock a bulk write takes on every list it rewrites: holders
 * of overlapping key sets, and read-modify-write cycles on one of the keys, never overlap and
 * never wait on each other forever; a caller that gives up while waiting gets AbortedError.
 */
import { describe, expect, it } from 'vitest';
import { exclusive, readModifyWrite } from '../../core/rmw.js';
import { delay } from '../support/core/http.js';
import { rejection } from '../support/core/kernel.js';

const context = { vendor: 'test', operation: 'bulk' };

describe('exclusive', () => {
  it('holders of overlapping keys run one at a time, in the order they asked; disjoint ones run together', async () => {
    const log: string[] = [];
    const hold = (name: string, keys: string[]) =>
      exclusive(keys, {}, context, async () => {
        log.push(`${name}+`);
        await delay(5);
        log.push(`${name}-`);
      });
    let list: string[] = [];
    const cycle = () =>
      readModifyWrite(
      {
        vendor: 'test',
        operation: 'one',
        key: 'b',
        read: async () => (log.push('rmw+'), [...list]),
        modify: (s) => (s.includes('x') ? undefined : [...s, 'x']),
        write: async (s) => void (list = s),
        verify: (s) => (log.push('rmw-'), s.includes('x')),
      },
      {},
    );
    await Promise.all([hold('A', ['a', 'b']), cycle(), hold('B', ['b', 'c']), hold('C', ['d'])]);
    expect(log.indexOf('A-')).toBeLessThan(log.indexOf('rmw+'));
    expect(log.indexOf('rmw-')).toBeLessThan(log.indexOf('B+'));
    expect(log.indexOf('C+')).toBeLessThan(log.indexOf('A-'));
  });

  it('an abort while waiting rejects with AbortedError and frees the keys it queued for', async () => {
    let release!: () => void;
    const first = exclusive(['k'], {}, context, () => new Promise<void>((r) => (release = r)));
    const controller = new AbortController();
    const waiting = exclusive(['k', 'm'], { signal: controller.signal }, context, async () => 'ran');
    controller.abort();
    expect(await rejection(waiting)).toMatchObject({ code: 'ABORTED' });
    expect(await exclusive(['m'], {}, context, async () => 'free')).toBe('free');
    release();
    await first;
  });
});
