/** The VoIPStudio simulator's options, checked and with defaults applied. */
import { checkTokenTtl, optionCheck, resolveBaseOptions, type BaseSimConfig } from '../../../core/sim/options.js';
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

export interface SimConfig extends BaseSimConfig {
  readonly idleTimeoutMs: number;
  /** Lower-cased emails. */
  readonly twoFactorUsers: ReadonlySet<string>;
  readonly twoFactorCode: string;
}

const check = optionCheck('VoIPStudio');

export function resolveOptions(options: SimulatorOptions & VoipStudioSimulatorOptions): SimConfig {
  const idle = options.idleTimeoutSeconds ?? options.tokenTtlSeconds ?? 1800;
  checkTokenTtl(check, idle, 'tokenTtlSeconds / idleTimeoutSeconds');
  return {
    ...resolveBaseOptions('VoIPStudio', options, { users: 250, cdrs: 5000 }),
    idleTimeoutMs: idle * 1000,
    twoFactorUsers: new Set((options.twoFactorUsers ?? []).map((email) => email.toLowerCase())),
    twoFactorCode: options.twoFactorCode ?? '123456',
  };
}
