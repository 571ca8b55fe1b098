/** The NetPBX simulator's options, checked and with defaults applied. */
import { checkTokenTtl, optionCheck, resolveBaseOptions, type BaseSimConfig } from '../../../core/sim/options.js';
import type { SimulatorOptions } from '../../../core/sim/types.js';
import { DEFAULT_TOKEN_HEADER, type NetPbxTokenHeader } from '../auth.js';

/** How the simulator writes JSON keys: ASP.NET's default PascalCase, or camelCase (a CamelCasePropertyNamesContractResolver). */
export type Casing = 'PascalCase' | 'camelCase';

/** How the simulator writes a group's `Type`: its name (Json.NET's `StringEnumConverter`), or the enum's integer (Json.NET's default). */
export type GroupTypeFormat = 'name' | 'integer';

export interface NetPbxSimulatorOptions {
  /** User records, the tenant admin included. Default 120. */
  readonly users?: number;
  /** Key casing of every reply, errors included. Default `PascalCase`. */
  readonly casing?: Casing;
  /** Where the simulator expects the `api_token`. Default `Authorization: Bearer <api_token>`. */
  readonly tokenHeader?: NetPbxTokenHeader;
  /** How a group's `Type` is written in `GET api/v1/groups` and `…/groups/{id}`. Default `name`. */
  readonly groupType?: GroupTypeFormat;
}

export interface SimConfig extends BaseSimConfig {
  /** Undefined: tokens never expire (NetPBX announces no lifetime). */
  readonly tokenTtlSeconds: number | undefined;
  readonly casing: Casing;
  readonly tokenHeader: { readonly name: string; readonly scheme: string };
  readonly groupType: GroupTypeFormat;
}

const check = optionCheck('NetPBX');

export function resolveOptions(options: SimulatorOptions & NetPbxSimulatorOptions): SimConfig {
  const config: SimConfig = {
    // NetPBX has no call records.
    ...resolveBaseOptions('NetPBX', { ...options, cdrs: 0 }, { users: 120, cdrs: 0, maxUsers: 10_000 }),
    tokenTtlSeconds: options.tokenTtlSeconds,
    casing: options.casing ?? 'PascalCase',
    tokenHeader: { name: options.tokenHeader?.name ?? DEFAULT_TOKEN_HEADER.name, scheme: options.tokenHeader?.scheme ?? DEFAULT_TOKEN_HEADER.scheme },
    groupType: options.groupType ?? 'name',
  };
  checkTokenTtl(check, config.tokenTtlSeconds);
  check(config.casing === 'PascalCase' || config.casing === 'camelCase', 'casing must be PascalCase or camelCase');
  check(config.groupType === 'name' || config.groupType === 'integer', 'groupType must be name or integer');
  check(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(config.tokenHeader.name), 'tokenHeader.name must be an HTTP header name');
  return config;
}
