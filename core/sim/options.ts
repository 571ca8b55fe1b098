/** The options every simulator shares, checked and with the vendor's defaults applied. */
import type { SimulatorOptions } from './types.js';

export interface BaseSimConfig {
  readonly seed: number;
  readonly now: () => number;
  readonly users: number;
  readonly cdrs: number;
}

export interface BaseSimDefaults {
  /** Seeded users when `users` is omitted. */
  readonly users: number;
  /** Seeded call records when `cdrs` is omitted (0: the vendor has none). */
  readonly cdrs: number;
  /** Most users the simulator accepts. Default 100000. */
  readonly maxUsers?: number;
}

/** A check that throws `RangeError('<Vendor> simulator: <message>')`, for vendor-specific options too. */
export type OptionCheck = (ok: boolean, message: string) => void;

export function optionCheck(label: string): OptionCheck {
  return (ok, message) => {
    if (!ok) throw new RangeError(`${label} simulator: ${message}`);
  };
}

/** Resolves and checks seed, clock, users and call records. `label` names the vendor in errors. */
export function resolveBaseOptions(label: string, options: SimulatorOptions, defaults: BaseSimDefaults): BaseSimConfig {
  const check = optionCheck(label);
  const maxUsers = defaults.maxUsers ?? 100_000;
  const config: BaseSimConfig = {
    seed: options.seed ?? 1,
    now: options.now ?? Date.now,
    users: options.users ?? defaults.users,
    cdrs: options.cdrs ?? defaults.cdrs,
  };
  check(Number.isInteger(config.seed), 'seed must be an integer');
  // An admin and at least one standard user.
  check(Number.isInteger(config.users) && config.users >= 2 && config.users <= maxUsers, `users must be an integer from 2 to ${maxUsers}`);
  check(Number.isInteger(config.cdrs) && config.cdrs >= 0 && config.cdrs <= 1_000_000, 'cdrs must be an integer from 0 to 1000000');
  return config;
}

/** Checks a token lifetime in seconds (`what` names the option in the message). */
export function checkTokenTtl(check: OptionCheck, seconds: number | undefined, what = 'tokenTtlSeconds'): void {
  check(seconds === undefined || (Number.isInteger(seconds) && seconds > 0), `${what} must be a positive integer`);
}
