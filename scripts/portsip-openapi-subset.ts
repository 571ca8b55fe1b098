/**
 * Extracts from PortSIP's published v22.0 OpenAPI the operations the adapter uses, with
 * every `$ref` resolved (and descriptions and examples dropped), into `adapters/portsip/openapi/portsip-v22.0.subset.json`. The
 * simulator validates requests against that file and the tests validate what the adapter
 * sends and every response fixture against it; a test checks it matches the vendor file.
 *
 *   npm run gen:portsip-openapi [-- path/to/portsip-v22.0-full.openapi.json]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Operations the PortSIP adapter sends, as `METHOD /path` of the vendor spec (paths relative to /api). */
export const PORTSIP_OPERATIONS = [
  'POST /auth/sign_in',
  'POST /auth/refresh_token',
  'POST /auth/sign_out',
  'POST /login',
  'POST /logout',
  'GET /user',
  'GET /users',
  'POST /users',
  'GET /users/{id}',
  'POST /users/{id}',
  'POST /users/{id}/destroy',
  'GET /groups',
  'POST /groups',
  'GET /groups/{id}',
  'POST /groups/{id}',
  'POST /groups/{id}/destroy',
  'GET /groups/{id}/members',
  'POST /groups/{id}/members/{extension_number}',
  'POST /groups/{id}/members/{extension_number}/destroy',
  'GET /call_queues',
  'GET /call_queues/{id}',
  'GET /call_queues/{id}/agents',
  'POST /call_queues/{id}/agents',
  'GET /call_queues/{id}/agents/{agent_number}',
  'POST /call_queues/{id}/agents/{agent_number}',
  'GET /call_queues/{id}/waiting',
  'GET /cdrs',
  'GET /cdrs/{id}',
  'GET /user/cdrs',
  'GET /user/cdrs/{id}',
  // Contact-centre operations (issue 12 part 2).
  'GET /tenant/status',
  'GET /users/{id}/status',
  'GET /roles',
  'POST /users/{id}/role',
  'POST /call_queues',
  'POST /call_queues/{id}',
  'POST /call_queues/{id}/destroy',
  'GET /ring_groups',
  'GET /ring_groups/{id}',
  'POST /ring_groups/{id}',
  'POST /ring_groups/{id}/destroy',
  'GET /ring_groups/{id}/agents',
  'POST /ring_groups/{id}/agents',
  'GET /recordings',
  'GET /recordings/{id}',
  'GET /user/recordings',
  'GET /user/recordings/{id}',
] as const;

export const DEFAULT_SOURCE = fileURLToPath(new URL('../../shared/vendor-docs/portsip-v22.0-full.openapi.json', import.meta.url));
export const SUBSET_FILE = fileURLToPath(new URL('../adapters/portsip/openapi/portsip-v22.0.subset.json', import.meta.url));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Resolves `$ref`s and drops prose; `inProperties`: `node` maps property names, which are kept whatever they are called. */
export function resolveRefs(node: Json, schemas: Record<string, Json>, seen: string[] = [], inProperties = false): Json {
  if (Array.isArray(node)) return node.map((n) => resolveRefs(n, schemas, seen));
  if (node === null || typeof node !== 'object') return node;
  const ref = node['$ref'];
  if (typeof ref === 'string' && !inProperties) {
    const name = ref.split('/').pop()!;
    if (seen.includes(name)) throw new Error(`recursive $ref ${name}`);
    const { $ref: _ignored, ...rest } = node;
    const target = resolveRefs(schemas[name] ?? {}, schemas, [...seen, name]);
    return Object.keys(rest).length ? { allOf: [target, resolveRefs(rest, schemas, seen)] } : target;
  }
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(node)) {
    // Prose and examples do not constrain anything; dropping them keeps the file small.
    if (!inProperties && (key === 'description' || key === 'example' || key === 'summary')) continue;
    out[key] = resolveRefs(value, schemas, seen, !inProperties && key === 'properties');
  }
  return out;
}

/** Builds the subset document from the full vendor spec. */
export function extractSubset(fullSpec: string): Json {
  const spec = JSON.parse(fullSpec) as { info: { title: Json; version: Json }; paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Json> } };
  const operations: Record<string, Json> = {};
  for (const key of PORTSIP_OPERATIONS) {
    const [method, path] = key.split(' ') as [string, string];
    const op = spec.paths[path]?.[method.toLowerCase()];
    if (!op || typeof op !== 'object' || Array.isArray(op)) throw new Error(`${key} is not in the vendor spec`);
    const resolved = resolveRefs(op, spec.components.schemas) as Record<string, Json>;
    const content = (body: Json | undefined): Json =>
      ((body as { content?: Record<string, { schema?: Json }> } | undefined)?.content?.['application/json']?.schema ?? null);
    const responses: Record<string, Json> = {};
    for (const [status, response] of Object.entries((resolved['responses'] ?? {}) as Record<string, Json>)) {
      responses[status] = content(response);
    }
    operations[key] = {
      operationId: resolved['operationId'] ?? null,
      parameters: resolved['parameters'] ?? [],
      requestBody: content(resolved['requestBody']),
      responses,
    };
  }
  return { source: 'PortSIP PBX REST API v22.0 (portsip-v22.0-full.openapi.json), operations used by unipbx, $refs resolved', info: { title: spec.info.title, version: spec.info.version }, operations };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const source = process.argv[2] ?? DEFAULT_SOURCE;
  writeFileSync(SUBSET_FILE, `${JSON.stringify(extractSubset(readFileSync(source, 'utf8')), null, 1)}\n`);
  console.log(`wrote ${SUBSET_FILE}`);
}
