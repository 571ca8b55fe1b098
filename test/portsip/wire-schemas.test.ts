/**
 * The hand-written zod wire schemas of `adapters/portsip/wire.ts`, `wire-cdr.ts` and `wire-contact-centre.ts` cannot drift from the vendor
 * spec: every key they declare must exist in the corresponding response schema of the OpenAPI
 * subset. Where PortSIP's representations of one record differ (the CDR list has no `cost`,
 * the CDR detail no `id`…), the gap is listed here explicitly, and checked to be real.
 */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import * as wireBase from '../../adapters/portsip/wire.js';
import * as wireCdr from '../../adapters/portsip/wire-cdr.js';
import * as wireContactCentre from '../../adapters/portsip/wire-contact-centre.js';
import { SUBSET_OPERATIONS, responseKeys, responseSchema, type PortSipOperation } from '../support/portsip/openapi.js';

interface Location {
  readonly operation: PortSipOperation;
  readonly status: string;
  /** Where the record sits in the reply: property names, `[]` for array items. */
  readonly path?: readonly string[];
}

interface Check {
  readonly keys: readonly string[];
  readonly locations: readonly Location[];
  /** Keys legitimately absent from some locations (another representation of the same record has them). */
  readonly gaps?: Readonly<Record<string, readonly PortSipOperation[]>>;
}

const wire = { ...wireBase, ...wireCdr, ...wireContactCentre };

const keysOf = (schema: z.ZodType): string[] => {
  if (!(schema instanceof z.ZodObject)) throw new Error('not a zod object');
  return Object.keys(schema.shape);
};

const at = (operation: PortSipOperation, path: readonly string[] = [], status = '200'): Location => ({ operation, status, path });
const items = ['items', '[]'];

const CDR_LISTS = [at('GET /cdrs', items), at('GET /user/cdrs', items)];
const CDR_DETAILS = [at('GET /cdrs/{id}', items), at('GET /user/cdrs/{id}', ['items'])];

/** Each exported wire schema and where its records appear in the vendor replies. */
const CHECKS: Readonly<Record<string, Check>> = {
  WireUser: { keys: keysOf(wire.WireUser), locations: [at('GET /user'), at('GET /users', items), at('GET /users/{id}')] },
  WireCreated: { keys: keysOf(wire.WireCreated), locations: [at('POST /users', [], '201'), at('POST /groups', [], '201'), at('POST /call_queues')] },
  WireGroup: { keys: keysOf(wire.WireGroup), locations: [at('GET /groups', items), at('GET /groups/{id}')] },
  WireGroupMember: { keys: keysOf(wire.WireGroupMember), locations: [at('GET /groups/{id}/members', items)] },
  WireQueue: { keys: keysOf(wire.WireQueue), locations: [at('GET /call_queues', items), at('GET /call_queues/{id}')] },
  WireAgent: { keys: keysOf(wire.WireAgent), locations: [at('GET /call_queues/{id}/agents', items), at('GET /call_queues/{id}/agents/{agent_number}')] },
  WireAgentState: { keys: keysOf(wire.WireAgentState), locations: [at('GET /call_queues/{id}/agents/{agent_number}')] },
  WireWaitingCaller: { keys: keysOf(wire.WireWaitingCaller), locations: [at('GET /call_queues/{id}/waiting', items)] },
  WireRecording: {
    keys: keysOf(wire.WireRecording),
    locations: [at('GET /recordings', items), at('GET /user/recordings', items), at('GET /recordings/{id}', items)],
    gaps: { id: ['GET /recordings/{id}'] }, // the detail omits its id, as the CDR detail does
  },
  WireRecordingFile: { keys: keysOf(wire.WireRecordingFile), locations: [at('GET /recordings/{id}', items), at('GET /user/recordings/{id}', items)], gaps: { id: ['GET /recordings/{id}', 'GET /user/recordings/{id}'] } },
  WireRecordingDetail: { keys: keysOf(wire.WireRecordingDetail), locations: [at('GET /recordings/{id}'), at('GET /user/recordings/{id}')] },
  WireRingGroup: { keys: keysOf(wire.WireRingGroup), locations: [at('GET /ring_groups', items), at('GET /ring_groups/{id}')] },
  WireRole: { keys: keysOf(wire.WireRole), locations: [at('GET /roles', items)] },
  WireUserStatus: { keys: keysOf(wire.WireUserStatus), locations: [at('GET /users/{id}/status')] },
  WireRegistration: { keys: keysOf(wire.WireRegistration), locations: [at('GET /users/{id}/status', ['registration', '[]'])] },
  WireCdr: {
    keys: keysOf(wire.WireCdr),
    locations: [...CDR_LISTS, ...CDR_DETAILS],
    gaps: {
      id: ['GET /cdrs/{id}', 'GET /user/cdrs/{id}'], // the detail omits its id (the requested one is used)
      cost: ['GET /cdrs', 'GET /user/cdrs'], // only the detail reports cost
      duration: ['GET /user/cdrs/{id}'], // the user's own detail has no duration (it is derived from the timestamps)
    },
  },
  WireCdrListItem: { keys: keysOf(wire.WireCdrListItem), locations: CDR_LISTS, gaps: { cost: ['GET /cdrs', 'GET /user/cdrs'] } },
  WireCdrDetail: { keys: keysOf(wire.WireCdrDetail), locations: [at('GET /cdrs/{id}'), at('GET /user/cdrs/{id}')] },
  WireToken: { keys: keysOf(wire.WireToken), locations: [at('POST /auth/sign_in'), at('POST /auth/refresh_token')] },
  WireTwoFactor: { keys: keysOf(wire.WireTwoFactor), locations: [at('POST /auth/sign_in')] },
  'listOf(…)': {
    keys: keysOf(wire.listOf(z.unknown())),
    locations: [at('GET /users'), at('GET /groups'), at('GET /call_queues'), at('GET /cdrs'), at('GET /user/cdrs'), at('GET /roles'), at('GET /ring_groups'), at('GET /recordings')],
  },
  'itemsOf(…)': {
    keys: keysOf(wire.itemsOf(z.unknown())),
    locations: [at('GET /groups/{id}/members'), at('GET /call_queues/{id}/agents'), at('GET /call_queues/{id}/waiting'), at('GET /ring_groups/{id}/agents')],
  },
};

/** Schemas the spec gives nothing to check against, and why. */
const NOT_IN_SPEC: Readonly<Record<string, string>> = {
  WireErrors: 'the spec declares 4XX replies as "Error" without a schema; the shape {errors:[{code, message, detail}]} is documented in prose',
};

const where = (l: Location): string => `${l.operation} ${l.status} ${(l.path ?? []).join('.') || '(body)'}`;

describe('PortSIP wire schemas vs the vendor OpenAPI', () => {
  it('every exported zod schema of wire.ts and wire-contact-centre.ts is checked here (or listed as not in the spec)', () => {
    const exported = Object.entries(wire)
      .filter(([, value]) => value instanceof z.ZodType)
      .map(([name]) => name)
      .sort();
    const covered = [...Object.keys(CHECKS), ...Object.keys(NOT_IN_SPEC)].filter((name) => !name.endsWith('(…)')).sort();
    expect(exported).toEqual(covered);
  });

  it.each(Object.entries(CHECKS))('%s: every declared key exists in the vendor reply schema', (_name, check) => {
    const missing: string[] = [];
    for (const location of check.locations) {
      const keys = responseKeys(location.operation, location.status, location.path);
      expect(keys.size, `${where(location)} declares no properties`).toBeGreaterThan(0);
      for (const key of check.keys) {
        if (keys.has(key)) continue;
        if (check.gaps?.[key]?.includes(location.operation)) continue;
        missing.push(`${key} is not in ${where(location)}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it.each(Object.entries(CHECKS).filter(([, c]) => c.gaps))('%s: each listed gap is real, and the key exists elsewhere', (_name, check) => {
    for (const [key, operations] of Object.entries(check.gaps ?? {})) {
      for (const location of check.locations) {
        const has = responseKeys(location.operation, location.status, location.path).has(key);
        expect(has, `${key} in ${where(location)}`).toBe(!operations.includes(location.operation));
      }
    }
  });

  it('POST /login declares no reply schema (its token reply is checked through the sign_in / refresh schemas)', () => {
    expect(responseSchema('POST /login', '200')).toBeNull();
  });

  it('no operation of the subset declares an error schema yet (WireErrors has nothing to be checked against)', () => {
    for (const operation of SUBSET_OPERATIONS) {
      for (const status of ['4XX', '400', '401', '403', '404', '409']) expect(responseSchema(operation, status), `${operation} ${status}`).toBeNull();
    }
    expect(Object.keys(NOT_IN_SPEC)).toEqual(['WireErrors']);
  });
});
