/** The PortSIP simulator's options, checked and with defaults applied. */
import { checkTokenTtl, optionCheck, resolveBaseOptions, type BaseSimConfig } from '../../../core/sim/options.js';
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

export interface SimConfig extends BaseSimConfig {
  readonly tokenTtlSeconds: number;
  readonly loginGenerations: ReadonlySet<LoginGeneration>;
  /** Lower-cased usernames. */
  readonly twoFactorUsers: ReadonlySet<string>;
  readonly enumDrift: boolean;
}

const check = optionCheck('PortSIP');

export function resolveOptions(options: SimulatorOptions & PortSipSimulatorOptions): SimConfig {
  const config: SimConfig = {
    ...resolveBaseOptions('PortSIP', options, { users: 250, cdrs: 5000 }),
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    loginGenerations: new Set(options.loginGenerations ?? ['sign_in', 'login']),
    twoFactorUsers: new Set((options.twoFactorUsers ?? []).map((name) => name.toLowerCase())),
    enumDrift: options.enumDrift ?? false,
  };
  checkTokenTtl(check, config.tokenTtlSeconds);
  check(config.loginGenerations.size > 0, 'loginGenerations must name at least one generation');
  return config;
}
