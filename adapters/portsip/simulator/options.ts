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
  /**
   * API generation to serve: `22.3` (default) adds the 22.3 endpoints the adapter uses (bulk
   * agent and user status, not-ready codes); `22.0` answers them 404, as an older PBX does.
   * `GET /api/tenant/status` reports `22.3.0` or `22.0.6`.
   */
  readonly apiVersion?: '22.0' | '22.3';
}

export interface SimConfig extends BaseSimConfig {
  readonly tokenTtlSeconds: number;
  readonly loginGenerations: ReadonlySet<LoginGeneration>;
  /** Lower-cased usernames. */
  readonly twoFactorUsers: ReadonlySet<string>;
  readonly enumDrift: boolean;
  readonly apiVersion: '22.0' | '22.3';
}

const check = optionCheck('PortSIP');

export function resolveOptions(options: SimulatorOptions & PortSipSimulatorOptions): SimConfig {
  const config: SimConfig = {
    ...resolveBaseOptions('PortSIP', options, { users: 250, cdrs: 5000 }),
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    loginGenerations: new Set(options.loginGenerations ?? ['sign_in', 'login']),
    twoFactorUsers: new Set((options.twoFactorUsers ?? []).map((name) => name.toLowerCase())),
    enumDrift: options.enumDrift ?? false,
    apiVersion: options.apiVersion ?? '22.3',
  };
  checkTokenTtl(check, config.tokenTtlSeconds);
  check(config.apiVersion === '22.0' || config.apiVersion === '22.3', "apiVersion must be '22.0' or '22.3'");
  check(config.loginGenerations.size > 0, 'loginGenerations must name at least one generation');
  return config;
}
