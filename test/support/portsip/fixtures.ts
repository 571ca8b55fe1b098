/**
 * PortSIP reply fixtures (`adapters/portsip/fixtures/*.json`), named by scenario, and the
 * vendor operation + status each one is a reply of (so `wire-fixtures.test.ts` can
 * validate every one of them against the OpenAPI subset).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PortSipOperation } from './openapi.js';

export const FIXTURES_DIR = fileURLToPath(new URL('../../../adapters/portsip/fixtures/', import.meta.url));

export interface FixtureUse {
  /** The vendor operation the fixture is a reply of. */
  readonly operation: PortSipOperation;
  readonly status: number;
  /**
   * Set when the fixture deliberately departs from the v22.0 spec (22.3 enum values): the
   * dotted paths of the departing values. The fixture must break the spec, and must validate
   * once those values are removed.
   */
  readonly departs?: readonly string[];
}

/** Every fixture file and what it is a reply of. A fixture missing here fails `wire-fixtures.test.ts`. */
export const FIXTURES = {
  'token-sign-in.json': { operation: 'POST /auth/sign_in', status: 200 },
  'token-refreshed.json': { operation: 'POST /auth/refresh_token', status: 200 },
  'token-login.json': { operation: 'POST /login', status: 200 },
  'token-2fa.json': { operation: 'POST /auth/sign_in', status: 200 },
  'user-self.json': { operation: 'GET /user', status: 200 },
  'users-list-page1.json': { operation: 'GET /users', status: 200 },
  'users-list-page2.json': { operation: 'GET /users', status: 200 },
  'users-list-empty.json': { operation: 'GET /users', status: 200 },
  'users-find-by-email.json': { operation: 'GET /users', status: 200 },
  'user-detail.json': { operation: 'GET /users/{id}', status: 200 },
  'user-new-detail.json': { operation: 'GET /users/{id}', status: 200 },
  'user-missing-id.json': { operation: 'GET /users/{id}', status: 200 },
  'user-created.json': { operation: 'POST /users', status: 201 },
  'group-list.json': { operation: 'GET /groups', status: 200 },
  'group-detail.json': { operation: 'GET /groups/{id}', status: 200 },
  'group-new-detail.json': { operation: 'GET /groups/{id}', status: 200 },
  'group-created.json': { operation: 'POST /groups', status: 201 },
  'group-members.json': { operation: 'GET /groups/{id}/members', status: 200 },
  'queue-list.json': { operation: 'GET /call_queues', status: 200 },
  'queue-detail.json': { operation: 'GET /call_queues/{id}', status: 200 },
  'queue-agents.json': { operation: 'GET /call_queues/{id}/agents', status: 200 },
  'queue-agents-with-103.json': { operation: 'GET /call_queues/{id}/agents', status: 200 },
  'queue-agents-without-102.json': { operation: 'GET /call_queues/{id}/agents', status: 200 },
  'queue-agent-ready.json': { operation: 'GET /call_queues/{id}/agents/{agent_number}', status: 200 },
  'queue-agent-break.json': { operation: 'GET /call_queues/{id}/agents/{agent_number}', status: 200 },
  'queue-agent-unknown-status.json': {
    operation: 'GET /call_queues/{id}/agents/{agent_number}',
    status: 200,
    departs: ['status'],
  },
  'queue-waiting.json': { operation: 'GET /call_queues/{id}/waiting', status: 200 },
  'queue-waiting-empty.json': { operation: 'GET /call_queues/{id}/waiting', status: 200 },
  'cdr-list.json': { operation: 'GET /cdrs', status: 200 },
  'cdr-list-page1.json': { operation: 'GET /cdrs', status: 200 },
  'cdr-list-page2.json': { operation: 'GET /cdrs', status: 200 },
  'cdr-list-22.3-enums.json': {
    operation: 'GET /cdrs',
    status: 200,
    departs: ['items.0.reroute_reason', 'items.1.direction', 'items.1.end_reason', 'items.1.reroute_reason'],
  },
  'cdr-detail-array.json': { operation: 'GET /cdrs/{id}', status: 200 },
  'cdr-detail-object.json': { operation: 'GET /user/cdrs/{id}', status: 200 },
  'cdr-detail-empty.json': { operation: 'GET /cdrs/{id}', status: 200 },
  'error-validate-failed.json': { operation: 'POST /users', status: 400 },
  'error-unauthorized-login.json': { operation: 'POST /auth/sign_in', status: 400 },
  'error-forbidden.json': { operation: 'GET /cdrs/{id}', status: 403 },
  'error-not-found.json': { operation: 'GET /users/{id}', status: 404 },
  'error-resource-in-use.json': { operation: 'POST /groups/{id}/destroy', status: 409 },
  'error-unknown-code.json': { operation: 'POST /users', status: 402 },
  'error-server.json': { operation: 'GET /users', status: 500 },
} as const satisfies Readonly<Record<string, FixtureUse>>;

export type FixtureName = keyof typeof FIXTURES;

/** The fixture files on disk. */
export function fixtureFiles(): string[] {
  return readdirSync(FIXTURES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

/** A fresh parsed copy of a fixture (tests may change it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function fixture(name: FixtureName): any {
  return JSON.parse(readFileSync(`${FIXTURES_DIR}${name}`, 'utf8'));
}

/** A copy of `value` without the values at the dotted `paths`. */
export function without(value: unknown, paths: readonly string[]): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  for (const path of paths) {
    const steps = path.split('.');
    const last = steps.pop() as string;
    let node: unknown = copy;
    for (const step of steps) node = (node as Record<string, unknown>)[step];
    delete (node as Record<string, unknown>)[last];
  }
  return copy;
}

/** The id of a fixture that is a single object with an `id`. */
export function idOf(name: FixtureName): string {
  const value = fixture(name) as { id?: unknown };
  if (typeof value.id !== 'string') throw new Error(`${name} has no string id`);
  return value.id;
}
