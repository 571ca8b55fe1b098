/**
 * Test-side helpers over PortSIP's OpenAPI subset (`adapters/portsip/openapi/portsip-v22.0.subset.json`):
 * walking its (already `$ref`-resolved) schemas to list declared properties, and checking
 * that a body uses only declared keys. `requestBodyProblems` / `responseBodyProblems`
 * (ajv) cannot see extra keys, because the vendor spec never sets `additionalProperties: false`.
 */
import subset from '../../../adapters/portsip/openapi/portsip-v22.0.subset.json' with { type: 'json' };
import { responseBodyProblems, type PortSipOperation } from '../../../adapters/portsip/openapi/spec.js';

export type { PortSipOperation } from '../../../adapters/portsip/openapi/spec.js';

type Schema = Record<string, unknown>;

interface OperationSpec {
  readonly requestBody: Schema | null;
  readonly responses: Readonly<Record<string, Schema | null>>;
}

const operations = subset.operations as unknown as Record<PortSipOperation, OperationSpec>;

/** Every operation of the subset. */
export const SUBSET_OPERATIONS = Object.keys(operations) as PortSipOperation[];

export function requestSchema(operation: PortSipOperation): Schema | null {
  return operations[operation].requestBody;
}

export function responseSchema(operation: PortSipOperation, status: string): Schema | null {
  return operations[operation].responses[status] ?? null;
}

const isSchema = (value: unknown): value is Schema => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The schema and the schemas it combines (`allOf` / `oneOf` / `anyOf`), flattened. */
function branches(schema: Schema): Schema[] {
  const out: Schema[] = [schema];
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    const list = schema[key];
    if (Array.isArray(list)) for (const item of list) if (isSchema(item)) out.push(...branches(item));
  }
  return out;
}

/** Properties declared by an object schema, merged across its `allOf` / `oneOf` / `anyOf` branches. */
export function declaredProperties(schema: Schema): Map<string, Schema[]> {
  const out = new Map<string, Schema[]>();
  for (const branch of branches(schema)) {
    const props = branch['properties'];
    if (!isSchema(props)) continue;
    for (const [name, prop] of Object.entries(props)) {
      if (!isSchema(prop)) continue;
      out.set(name, [...(out.get(name) ?? []), prop]);
    }
  }
  return out;
}

/** The element schemas of an array schema (across combinators). */
function itemSchemas(schema: Schema): Schema[] {
  return branches(schema)
    .map((b) => b['items'])
    .filter(isSchema);
}

/**
 * The object schema(s) found by walking `path` from `schema`: a name steps into that
 * property, `[]` into the array's items. Empty when the path does not exist.
 */
export function schemasAt(schema: Schema, path: readonly string[]): Schema[] {
  let current: Schema[] = [schema];
  for (const step of path) {
    current = current.flatMap((s) => (step === '[]' ? itemSchemas(s) : (declaredProperties(s).get(step) ?? [])));
  }
  return current;
}

/** Property names declared at `path` of a response schema. */
export function responseKeys(operation: PortSipOperation, status: string, path: readonly string[] = []): Set<string> {
  const schema = responseSchema(operation, status);
  if (!schema) return new Set();
  const keys = new Set<string>();
  for (const s of schemasAt(schema, path)) for (const key of declaredProperties(s).keys()) keys.add(key);
  return keys;
}

/**
 * Keys of `value` that `schema` does not declare, as dotted paths, recursing into declared
 * objects and arrays. Schemas that declare no properties at all (free-form) are not checked.
 */
export function undeclaredKeys(schema: Schema | null, value: unknown, at = ''): string[] {
  if (!schema || value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) {
    const items = itemSchemas(schema);
    if (items.length === 0) return [];
    return value.flatMap((item, i) => undeclaredKeys({ anyOf: items }, item, `${at}[${i}]`));
  }
  const props = declaredProperties(schema);
  if (props.size === 0) return [];
  const out: string[] = [];
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const path = at ? `${at}.${key}` : key;
    const declared = props.get(key);
    if (!declared) out.push(path);
    else out.push(...undeclaredKeys({ anyOf: declared }, child, path));
  }
  return out;
}

/**
 * `responseBodyProblems`, stricter for `POST /auth/sign_in`: the vendor declares its reply as a
 * `oneOf` of two object schemas that require nothing (spec.ts reads it as `anyOf`), so any
 * object passes. Here the reply is also checked against the shape it claims to be: the 2FA
 * reply `{two_factor_enabled: boolean, token: string}`, or the token reply (the
 * `/auth/refresh_token` reply schema, with `access_token` present).
 */
export function replyProblems(operation: PortSipOperation, status: number, body: unknown): string[] {
  const problems = responseBodyProblems(operation, status, body);
  if (operation !== 'POST /auth/sign_in' || status !== 200) return problems;
  const record = isSchema(body) ? body : {};
  if ('two_factor_enabled' in record) {
    return [
      ...problems,
      ...(typeof record['two_factor_enabled'] === 'boolean' ? [] : ['/two_factor_enabled must be boolean']),
      ...(record['token'] === undefined || typeof record['token'] === 'string' ? [] : ['/token must be string']),
    ];
  }
  return [
    ...problems,
    ...responseBodyProblems('POST /auth/refresh_token', 200, body),
    ...(typeof record['access_token'] === 'string' ? [] : ['/access_token is required in a token reply']),
  ];
}
