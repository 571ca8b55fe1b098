/** The PortSIP simulator's options, checked and with defaults applied. */
import type { SimulatorOptions } from '../../../core/sim/types.js';

export type LoginGeneration = 'sign_in' | 'login';

export interface PortSipSimulatorOptions {
  /** Login endpoints the PBX offers: `sign_in` (v22.2+ `/api/auth/*`), `login` (`/api/login`, `/api/logout`). Default both. */
  readonly loginGenerations?: ReadonlyArray<LoginGeneration>;
  /** User records, the admin account included. Default 250. */
  readonly users?: number;
  /** Call records over the last 30 days and today. Default 5000. */
  readonly cdrs?: number;
  /** Usernames whose `sign_in` answers `{two_factor_enabled: true, token}`. */
  readonly twoFactorUsers?: ReadonlyArray<string>;
  /** Emit some enum values only PortSIP v22.3 knows (e.g. reroute_reason `QUEUE_EXIT`). Default false. */
  readonly enumDrift?: boolean;
}

export interface SimConfig {
  readonly seed: number;
  readonly now: () => number;
  readonly tokenTtlSeconds: number;
  readonly users: number;
  readonly cdrs: number;
  readonly loginGenerations: ReadonlySet<LoginGeneration>;
  /** Lower-cased usernames. */
  readonly twoFactorUsers: ReadonlySet<string>;
  readonly enumDrift: boolean;
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(`PortSIP simulator: ${message}`);
}

export function resolveOptions(options: SimulatorOptions & PortSipSimulatorOptions): SimConfig {
  const config: SimConfig = {
    seed: options.seed ?? 1,
    now: options.now ?? Date.now,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    users: options.users ?? 250,
    cdrs: options.cdrs ?? 5000,
    loginGenerations: new Set(options.loginGenerations ?? ['sign_in', 'login']),
    twoFactorUsers: new Set((options.twoFactorUsers ?? []).map((name) => name.toLowerCase())),
    enumDrift: options.enumDrift ?? false,
  };
  check(Number.isInteger(config.seed), 'seed must be an integer');
  check(Number.isInteger(config.tokenTtlSeconds) && config.tokenTtlSeconds > 0, 'tokenTtlSeconds must be a positive integer');
  // The admin and at least one standard user.
  check(Number.isInteger(config.users) && config.users >= 2 && config.users <= 100_000, 'users must be an integer from 2 to 100000');
  check(Number.isInteger(config.cdrs) && config.cdrs >= 0 && config.cdrs <= 1_000_000, 'cdrs must be an integer from 0 to 1000000');
  check(config.loginGenerations.size > 0, 'loginGenerations must name at least one generation');
  return config;
}
