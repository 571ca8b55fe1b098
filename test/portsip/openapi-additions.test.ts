/**
 * `adapters/portsip/openapi/portsip-v22.3-additions.json` describes every endpoint PortSIP's
 * 22.3 change notes add (and no other), every schema compiles, and the checker built on it and on
 * the full v22.0 spec (test/support/portsip/full-openapi.ts) finds what it must: each rule is
 * shown failing on a broken exchange, so the fidelity test cannot pass by asserting nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ADDITIONS, PortSipOpenApi, type Exchange } from '../support/portsip/full-openapi.js';

const CHANGES = fileURLToPath(new URL('../../../shared/vendor-docs/portsip-v22.3-changes.md', import.meta.url));
const spec = PortSipOpenApi.load();
const additions = JSON.parse(readFileSync(ADDITIONS, 'utf8')) as { paths: Record<string, Record<string, unknown>>; 'x-removed': string[] };

/** `Added \`GET/POST /api/crm/contacts/:id\`` → `GET /crm/contacts/{id}`, `POST /crm/contacts/{id}`. */
function announced(notes: string, verb: 'Added' | 'Removed'): string[] {
  const out: string[] = [];
  for (const [, methods, path] of notes.matchAll(new RegExp(`${verb} \`(?:([A-Z/]+) )?/api(/[^\`]+)\``, 'g'))) {
    const template = path!.replace(/:([a-z_]+)/g, '{$1}');
    for (const method of (methods ?? 'POST').split('/')) out.push(`${method} ${template}`);
  }
  return out;
}

const described = Object.entries(additions.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));

describe.skipIf(!existsSync(CHANGES))('the 22.3 additions file against the change notes', () => {
  const notes = existsSync(CHANGES) ? readFileSync(CHANGES, 'utf8') : '';

  it('describes exactly the endpoints the notes add (63)', () => {
    const added = announced(notes, 'Added');
    expect(added).toHaveLength(63);
    expect(described.sort()).toEqual([...new Set(added)].sort());
  });

  it('lists the endpoints the notes remove', () => {
    expect(additions['x-removed'].sort()).toEqual(announced(notes, 'Removed').sort());
  });
});

describe.skipIf(!spec)('the checker (full v22.0 spec + 22.3 additions)', () => {
  const ok: Exchange = { method: 'GET', path: '/users/abc/status', query: {}, requestBody: undefined, status: 200, responseBody: { status: 'ONLINE', presence: 'AWAY', presence_note: null, enable_dnd: false } };

  it('loads every operation and compiles every 22.3 schema', () => {
    expect(spec!.operations.length).toBeGreaterThan(600);
    expect(spec!.added.size).toBe(63);
    expect(spec!.compileAdditions()).toBeGreaterThan(120);
  });

  it('a conforming exchange has no problems; blank fields may be null only with blankAsNull (the default)', () => {
    expect(spec!.check(ok)).toEqual([]);
    expect(spec!.check(ok, { blankAsNull: false }).join('\n')).toContain('/presence_note');
  });

  it('an unknown path or method is a problem (new routes must be described), unless refused with 404 in the error format', () => {
    expect(spec!.check({ ...ok, path: '/users/abc/mood' })[0]).toContain('no such operation');
    expect(spec!.check({ ...ok, method: 'DELETE' })[0]).toContain('no such operation');
    const refused = { status: 404, responseBody: { errors: [{ code: 'NOT_FOUND', message: 'no route' }] } };
    expect(spec!.check({ ...ok, path: '/users/abc/mood', ...refused })).toEqual([]);
    expect(spec!.check({ ...ok, path: '/users/abc/mood', ...refused, responseBody: { message: 'no route' } })[0]).toContain('no such operation');
  });

  it('accepted requests: undeclared query parameters and body keys, invalid bodies, a missing body', () => {
    expect(spec!.check({ ...ok, query: { verbose: '1' } }).join('\n')).toContain('query parameter verbose is not declared');
    expect(spec!.check({ ...ok, query: { top: '5', skip: '1' } })).toEqual([]); // the preamble's generic query options
    const user = { extension_number: '1234', name: 'ada', display_name: 'Ada', password: 'Pa55-word-0001', extension_password: 'Ext-Pa55-0001', voicemail_pin: '739142', email: 'ada@example.com', role: 'StandardUser' };
    const create: Exchange = { method: 'POST', path: '/users', query: {}, requestBody: user, status: 201, responseBody: { id: 'NzAw' } };
    expect(spec!.check(create)).toEqual([]);
    expect(spec!.check({ ...create, requestBody: { ...user, nickname: 'x' } }).join('\n')).toContain('request key nickname is not declared');
    expect(spec!.check({ ...create, requestBody: { ...user, extension_number: 1234 } }).join('\n')).toContain('/extension_number must be string');
    expect(spec!.check({ ...create, requestBody: undefined }).join('\n')).toContain('the request body is missing');
    // A refused request is not held to the request rules (the server said no).
    expect(spec!.check({ ...create, requestBody: { nickname: 'x' }, status: 400, responseBody: { errors: [{ code: 'VALIDATE_FAILED', message: 'nickname' }] } })).toEqual([]);
  });

  it('replies: invalid bodies, undeclared statuses, error bodies not in the preamble\'s format', () => {
    expect(spec!.check({ ...ok, responseBody: { status: 'SLEEPING' } }).join('\n')).toContain('allowed values');
    expect(spec!.check({ ...ok, status: 302 }).join('\n')).toContain('status 302 is not declared');
    expect(spec!.check({ ...ok, status: 404, responseBody: { message: 'not found' } }).join('\n')).toContain('must have required property');
    expect(spec!.check({ ...ok, status: 404, responseBody: { errors: [{ code: 'NOT_FOUND', message: 'no such user' }] } })).toEqual([]);
  });

  it('22.3 values pass where 22.3 changed the operation, and only there', () => {
    expect(spec!.check({ ...ok, responseBody: { status: 'OTHER_CALL', presence: 'RINGING' } })).toEqual([]);
    // The v22.0 detail reply of a CDR wraps it in items[], as its list does.
    const cdr = (reroute_reason: string): Exchange => ({ method: 'GET', path: '/cdrs/abc', query: {}, requestBody: undefined, status: 200, responseBody: { items: [{ reroute_reason }] } });
    expect(spec!.check(cdr('QUEUE_EXIT'))).toEqual([]);
    expect(spec!.check(cdr('QUEUE_EXIT_LATER')).join('\n')).toContain('allowed values');
    const group = { method: 'GET', path: '/groups/abc', query: {}, requestBody: undefined, status: 200 };
    expect(spec!.check({ ...group, responseBody: { name: 7 } }).join('\n')).toContain('must be string');
  });

  it('new 22.3 operations are checked too (bulk agent status as helper E serves it)', () => {
    const bulk: Exchange = {
      method: 'POST',
      path: '/call_queues/q1/agents/status/get_many',
      query: {},
      requestBody: { extension_numbers: ['1001', '1002'] },
      status: 200,
      responseBody: { items: [{ extension_number: '1001', display_name: 'Ada', skill_level: 1, status: 'NOT_READY', reason: 'LUNCH_BREAK' }] },
    };
    expect(spec!.check(bulk)).toEqual([]);
    expect(spec!.check({ ...bulk, requestBody: { extension_numbers: [] } }).join('\n')).toContain('must NOT have fewer than 1 items');
    expect(spec!.check({ ...bulk, responseBody: { items: [{ extension_number: '1001', status: 'BREAK' }] } }).join('\n')).toContain('allowed values');
  });
});
