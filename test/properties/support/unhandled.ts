/** Fails the test file when any promise is rejected without a handler while it runs. */
import { setImmediate } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

export function useNoUnhandledRejections(): void {
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);
  beforeAll(() => {
    process.on('unhandledRejection', record);
  });
  afterEach(async () => {
    // Node reports an unhandled rejection once the microtask queue has drained: give it a turn.
    await setImmediate();
    await setImmediate();
    const seen = unhandled.splice(0).map((reason) => (reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason)));
    expect(seen, 'unhandled rejections').toEqual([]);
  });
  afterAll(() => {
    process.off('unhandledRejection', record);
  });
}
