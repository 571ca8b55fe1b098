/** The NetPBX simulator's options, checked and with defaults applied. */
import type { SimulatorOptions } from '../../../core/sim/types.js';
import { DEFAULT_TOKEN_HEADER, type NetPbxTokenHeader } from '../auth.js';

/** How the simulator writes JSON keys: ASP.NET's default PascalCase, or camelCase (a CamelCasePropertyNamesContractResolver). */
export type Casing = 'PascalCase' | 'camelCase';

export interface NetPbxSimulatorOptions {
  /** User records, the tenant admin included. Default 120. */
  readonly users?: number;
  /** Key casing of every reply, errors included. Default `PascalCase`. */
  readonly casing?: Casing;
  /** Where the simulator expects the `api_token`. Default `Authorization: Bearer <api_token>`. */
  readonly tokenHeader?: NetPbxTokenHeader;
}

export interface SimConfig {
  readonly seed: number;
  readonly now: () => number;
  /** Undefined: tokens never expire (NetPBX announces no lifetime). */
  readonly tokenTtlSeconds: number | undefined;
  readonly users: number;
  readonly casing: Casing;
  readonly tokenHeader: { readonly name: string; readonly scheme: string };
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(`NetPBX simulator: ${message}`);
}

export function resolveOptions(options: SimulatorOptions & NetPbxSimulatorOptions): SimConfig {
  const config: SimConfig = {
    seed: options.seed ?? 1,
    now: options.now ?? Date.now,
    tokenTtlSeconds: options.tokenTtlSeconds,
    users: options.users ?? 120,
    casing: options.casing ?? 'PascalCase',
    tokenHeader: { name: options.tokenHeader?.name ?? DEFAULT_TOKEN_HEADER.name, scheme: options.tokenHeader?.scheme ?? DEFAULT_TOKEN_HEADER.scheme },
  };
  check(Number.isInteger(config.seed), 'seed must be an integer');
  check(config.tokenTtlSeconds === undefined || (Number.isInteger(config.tokenTtlSeconds) && config.tokenTtlSeconds > 0), 'tokenTtlSeconds must be a positive integer');
  // The tenant admin and at least one standard user.
  check(Number.isInteger(config.users) && config.users >= 2 && config.users <= 10_000, 'users must be an integer from 2 to 10000');
  check(config.casing === 'PascalCase' || config.casing === 'camelCase', 'casing must be PascalCase or camelCase');
  check(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(config.tokenHeader.name), 'tokenHeader.name must be an HTTP header name');
  return config;
}
