/**
 * Seeded sampling for simulator seed data: distinct picks from a list (team members, queue
 * agents), reproducible for a given random source. Vendor-neutral: every simulator that
 * seeds memberships needs it.
 */

/**
 * `count` distinct items of `items` (all of them when there are fewer), in the order drawn.
 * A partial Fisher–Yates shuffle: `count` draws from `random`, the input is not changed.
 */
export function sampleDistinct<T>(random: () => number, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const n = Math.max(0, Math.min(Math.floor(count), pool.length));
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
  }
  return pool.slice(0, n);
}
