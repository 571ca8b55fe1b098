/**
 * Test-side helpers over PortSIP's OpenAPI subset (`adapters/portsip/openapi/portsip-v22.0.subset.json`):
 * walking its (already `$ref`-resolved) response schemas to list declared properties, and a
 * stricter reply check. Undeclared request keys are found by `undeclaredBodyKeys` in spec.ts.
 */
import subset from '../../../adapters/portsip/openapi/portsip-v22.0.subset.json' with { type: 'json' };
import { declaredProperties, itemSchemas, responseBodyProblems, type PortSipOperation } from '../../../adapters/portsip/openapi/spec.js';

export type { PortSipOperation } from '../../../adapters/portsip/openapi/spec.js';

type Schema = Record<string, unknown>;

interface OperationSpec {
  readonly requestBody: Schema | null;
  readonly responses: Readonly<Record<string, Schema | null>>;
}

const operations = subset.operations as unknown as Record<PortSipOperation, OperationSpec>;

/** Every operation of the subset. */
export const SUBSET_OPERATIONS = Object.keys(operations) as PortSipOperation[];

export function responseSchema(operation: PortSipOperation, status: string): Schema | null {
  return operations[operation].responses[status] ?? null;
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
 * `responseBodyProblems`, stricter for `POST /auth/sign_in`: the vendor declares its reply as a
 * `oneOf` of two object schemas that require nothing (spec.ts reads it as `anyOf`), so any
 * object passes. Here the reply is also checked against the shape it claims to be: the 2FA
 * reply `{two_factor_enabled: boolean, token: string}`, or the token reply (the
 * `/auth/refresh_token` reply schema, with `access_token` present).
 */
export function replyProblems(operation: PortSipOperation, status: number, body: unknown): string[] {
  const problems = responseBodyProblems(operation, status, body);
  if (operation !== 'POST /auth/sign_in' || status !== 200) return problems;
  const record = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
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
