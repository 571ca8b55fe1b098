/**
 * PortSIP's published v22.0 OpenAPI (the subset the adapter uses) as validators: the
 * simulator rejects request bodies the real PBX would reject, and the tests check every
 * body the adapter sends and every response fixture against it. ajv cannot see keys a
 * schema does not declare (the vendor spec never sets `additionalProperties: false`), so
 * {@link undeclaredBodyKeys} checks those.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import subset from './portsip-v22.0.subset.json' with { type: 'json' };

/** `METHOD /path` of an operation in the vendor spec, paths relative to `/api`. */
export type PortSipOperation = keyof typeof subset.operations;

type JsonSchema = boolean | { [key: string]: unknown };
interface OperationSpec {
  readonly requestBody: JsonSchema | null;
  readonly responses: Readonly<Record<string, JsonSchema | null>>;
}

const operations = subset.operations as unknown as Record<PortSipOperation, OperationSpec>;

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
ajv.addFormat('date_time', (value: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value));
ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
ajv.addFormat('uint32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= 0 && n < 2 ** 32 });
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
ajv.addFormat('double', { type: 'number', validate: () => true });
ajv.addFormat('binary', true);

/**
 * The spec says "blank fields are explicitly included as null values" but declares no
 * property nullable; replies are validated with null allowed for properties that are not
 * `required`.
 */
export function allowNullForOptional(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(allowNullForOptional);
  if (schema === null || typeof schema !== 'object') return schema;
  const node = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  // `oneOf` of objects without required fields matches every reply twice (and so fails): read it as `anyOf`.
  for (const [key, value] of Object.entries(node)) out[key === 'oneOf' ? 'anyOf' : key] = allowNullForOptional(value);
  if (node['properties'] && typeof node['properties'] === 'object') {
    const required = new Set(Array.isArray(node['required']) ? (node['required'] as string[]) : []);
    const props: Record<string, unknown> = {};
    for (const [name, prop] of Object.entries(out['properties'] as Record<string, unknown>)) {
      props[name] = required.has(name) ? prop : { anyOf: [{ type: 'null' }, prop] };
    }
    out['properties'] = props;
  }
  return out;
}

const cache = new Map<string, ValidateFunction>();
function compiled(key: string, schema: JsonSchema, forReply: boolean): ValidateFunction {
  let validate = cache.get(key);
  if (!validate) {
    validate = ajv.compile(forReply ? (allowNullForOptional(schema) as JsonSchema) : schema);
    cache.set(key, validate);
  }
  return validate;
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}${e.params && 'allowedValues' in e.params ? ` ${JSON.stringify(e.params['allowedValues'])}` : ''}`);
}

/** Problems of a request body for `operation` (empty when valid). */
export function requestBodyProblems(operation: PortSipOperation, body: unknown): string[] {
  const schema = operations[operation].requestBody;
  if (schema === null) return body === undefined ? [] : ['(body) this operation takes no body'];
  if (body === undefined) return ['(body) is required'];
  const validate = compiled(`req ${operation}`, schema, false);
  return validate(body) ? [] : describe(validate.errors);
}

/** Problems of a reply body for `operation` and `status` (empty when valid or the spec has no schema). */
export function responseBodyProblems(operation: PortSipOperation, status: number, body: unknown): string[] {
  const responses = operations[operation].responses;
  const schema = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? null;
  if (schema === null) return [];
  const validate = compiled(`res ${operation} ${status}`, schema, true);
  return validate(body) ? [] : describe(validate.errors);
}

type Schema = Record<string, unknown>;
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
export function itemSchemas(schema: Schema): Schema[] {
  return branches(schema)
    .map((b) => b['items'])
    .filter(isSchema);
}

/**
 * Keys of `value` that `schema` does not declare, as dotted paths, recursing into declared
 * objects and arrays. Schemas that declare no properties at all (free-form) are not checked.
 */
export function undeclaredKeys(schema: Schema, value: unknown, at: string): string[] {
  if (value === null || typeof value !== 'object') return [];
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

/** Keys of a request body for `operation` that its schema does not declare, as dotted paths (`items[0].skill`). */
export function undeclaredBodyKeys(operation: PortSipOperation, body: unknown): string[] {
  const schema = operations[operation].requestBody;
  return isSchema(schema) ? undeclaredKeys(schema, body, '') : [];
}

const TEMPLATES = (Object.keys(operations) as PortSipOperation[]).map((key) => {
  const [method, template] = key.split(' ') as [string, string];
  return { key, method, pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`), params: (template.match(/\{/g) ?? []).length };
});

/** The spec operation a concrete request (`GET`, `/api/users/abc`) matches, if any. Literal paths win over templated ones. */
export function matchOperation(method: string, path: string): PortSipOperation | undefined {
  const relative = path.replace(/^\/api(?=\/)/, '').split('?')[0] ?? '';
  return TEMPLATES.filter((t) => t.method === method.toUpperCase() && t.pattern.test(relative)).sort((a, b) => a.params - b.params)[0]?.key;
}
