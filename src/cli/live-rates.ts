/** `--live-rates calls,agents,users` of `unipbx simulate --live`: changes per minute. */
import type { LiveOptions } from '../../core/sim/live.js';
import { usageError } from './errors.js';

export function liveRates(value: string): LiveOptions {
  const parts = value.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n) || n < 0 || n > 60_000)) {
    throw usageError(`--live-rates ${value}: give three numbers per minute, calls,agents,users (e.g. 30,12,2)`);
  }
  const [callsPerMinute, agentChangesPerMinute, userEditsPerMinute] = parts as [number, number, number];
  return { callsPerMinute, agentChangesPerMinute, userEditsPerMinute };
}
