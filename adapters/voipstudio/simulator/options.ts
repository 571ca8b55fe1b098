/** The VoIPStudio simulator's options, checked and with defaults applied. */
import type { SimulatorOptions } from '../../../core/sim/types.js';

export interface VoipStudioSimulatorOptions {
  /** User records, the account owner included. Default 250. */
  readonly users?: number;
  /** Call records over the last 30 days and today. Default 5000. */
  readonly cdrs?: number;
  /**
   * Seconds of inactivity after which a session token stops working (VoIPStudio: 15–30 min).
   * Alias of `tokenTtlSeconds`. Default 1800.
   */
  readonly idleTimeoutSeconds?: number;
  /** Emails of accounts with two-factor authentication (`POST /login` answers 202 with a nonce). */
  readonly twoFactorUsers?: ReadonlyArray<string>;
  /** The code `POST /login2fa` accepts. Default `123456`. */
  readonly twoFactorCode?: string;
}

export interface SimConfig {
  readonly seed: number;
  readonly now: () => number;
  readonly idleTimeoutMs: number;
  readonly users: number;
  readonly cdrs: number;
  /** Lower-cased emails. */
  readonly twoFactorUsers: ReadonlySet<string>;
  readonly twoFactorCode: string;
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(`VoIPStudio simulator: ${message}`);
}

export function resolveOptions(options: SimulatorOptions & VoipStudioSimulatorOptions): SimConfig {
  const idle = options.idleTimeoutSeconds ?? options.tokenTtlSeconds ?? 1800;
  const config: SimConfig = {
    seed: options.seed ?? 1,
    now: options.now ?? Date.now,
    idleTimeoutMs: idle * 1000,
    users: options.users ?? 250,
    cdrs: options.cdrs ?? 5000,
    twoFactorUsers: new Set((options.twoFactorUsers ?? []).map((email) => email.toLowerCase())),
    twoFactorCode: options.twoFactorCode ?? '123456',
  };
  check(Number.isInteger(config.seed), 'seed must be an integer');
  check(Number.isInteger(idle) && idle > 0, 'tokenTtlSeconds / idleTimeoutSeconds must be a positive integer');
  // The account owner and at least one standard user.
  check(Number.isInteger(config.users) && config.users >= 2 && config.users <= 100_000, 'users must be an integer from 2 to 100000');
  check(Number.isInteger(config.cdrs) && config.cdrs >= 0 && config.cdrs <= 1_000_000, 'cdrs must be an integer from 0 to 1000000');
  return config;
}
