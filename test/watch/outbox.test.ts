/**
 * The webhook outbox on disk: an event observed again after a restart (same id, later
 * timestamp) is not added again, whether it is still pending or was delivered already — so a
 * receiver only ever sees a duplicate with the same id *and* body.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../src/sinks/outbox.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const fresh = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'unipbx-outbox-'));
  dirs.push(dir);
  return dir;
};

describe('Outbox', () => {
  it('refuses an id pending or delivered, across a restart; delivers in order', async () => {
    const dir = fresh();
    const first = new Outbox(dir);
    await first.open();
    expect(await first.add('e1', '{"t":1}')).toBe(true);
    expect(await first.add('e2', '{"t":2}')).toBe(true);
    expect(await first.add('e1', '{"t":9}')).toBe(false); // pending
    const item = await first.next();
    expect(item).toMatchObject({ id: 'e1', body: '{"t":1}' });
    await first.markDelivered(item!);
    expect(await first.add('e1', '{"t":9}')).toBe(false); // delivered

    // A new process (after SIGKILL) knows both.
    const second = new Outbox(dir);
    await second.open();
    expect(second.size).toBe(1);
    expect(await second.add('e1', '{"t":10}')).toBe(false);
    expect(await second.add('e2', '{"t":10}')).toBe(false);
    expect(await second.next()).toMatchObject({ id: 'e2', body: '{"t":2}' });
    expect(await second.add('e3', '{"t":3}')).toBe(true);
  });

  it('remembers a bounded number of delivered ids, the newest', async () => {
    const dir = fresh();
    const REMEMBERED = 5;
    const outbox = new Outbox(dir, REMEMBERED);
    await outbox.open();
    for (let i = 0; i < REMEMBERED + 3; i++) {
      await outbox.add(`e${i}`, '{}');
      await outbox.markDelivered((await outbox.next())!);
    }
    expect(readdirSync(join(dir, 'delivered'))).toHaveLength(REMEMBERED);
    expect(await outbox.add('e0', '{}')).toBe(true); // forgotten: the oldest
    expect(await outbox.add(`e${REMEMBERED + 2}`, '{}')).toBe(false);
    const reopened = new Outbox(dir, REMEMBERED);
    await reopened.open();
    expect(await reopened.add('e1', '{}')).toBe(true);
    expect(await reopened.add('e3', '{}')).toBe(false);
  });
});
