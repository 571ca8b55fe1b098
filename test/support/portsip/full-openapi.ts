/**
 * PortSIP's published OpenAPI, whole, as a checker of HTTP exchanges: the full v22.0 document
 * (`../shared/vendor-docs/portsip-v22.0-full.openapi.json`, 416 paths) plus the v22.3 changes
 * described in `adapters/portsip/openapi/portsip-v22.3-additions.json` (new endpoints under
 * `paths`; changed fields and enums under `x-updates`; endpoints 22.3 removed under `x-removed`).
 *
 * An exchange is matched to its operation by method and path template (an unknown one is a
 * problem — new routes must be described — unless the server refused it with 404 in the error
 * format, as for a client probing a path that does not exist), then:
 * - a request the server accepted (2xx) must send only declared query parameters (or the
 *   generic `filter search orderby skip top count` of the preamble's "Query Options") and a
 *   body that validates against the operation's request schema and declares every key it has;
 * - every reply must validate against the schema of its status (`200`, else `2XX`/`4XX`);
 *   a status the operation does not declare is a problem; an error reply without a declared
 *   schema must have the preamble's error format `{errors: [{code, message}]}`.
 * An operation 22.3 changed is checked against its 22.0 and its 22.3 schema: either may hold
 * (the simulator serves one version or the other).
 *
 * Blank fields: the preamble says "Blank fields are explicitly included as null values" while
 * no field schema allows null. PortSIP sends null, so in replies a property that is not
 * `required` may be null (docs/portsip.md, "OpenAPI fidelity").
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { allowNullForOptional, undeclaredKeys } from '../../../adapters/portsip/openapi/spec.js';
import { resolveRefs } from '../../../scripts/portsip-openapi-subset.js';

export const FULL_SPEC = fileURLToPath(new URL('../../../../shared/vendor-docs/portsip-v22.0-full.openapi.json', import.meta.url));
export const ADDITIONS = fileURLToPath(new URL('../../../adapters/portsip/openapi/portsip-v22.3-additions.json', import.meta.url));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };
const isObject = (v: unknown): v is Schema => v !== null && typeof v === 'object' && !Array.isArray(v);
const clone = <T>(v: T): T => structuredClone(v);

/** One HTTP exchange as the server saw it; `path` is below `/api`. */
export interface Exchange {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly requestBody: unknown;
  readonly status: number;
  readonly responseBody: unknown;
}

interface Operation {
  readonly parameters: { readonly query: ReadonlySet<string> };
  readonly requestBody: Schema | null;
  readonly responses: Readonly<Record<string, Schema | null>>;
}

/** The preamble's "Error Handling": 4xx bodies are `{errors: [{code, message, detail?}]}` (the operations declare no 4XX schema). */
const ERROR_BODY: Schema = {
  type: 'object',
  required: ['errors'],
  properties: { errors: { type: 'array', minItems: 1, items: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' }, message: { type: 'string' } } } } },
};

/**
 * Where the vendor's spec contradicts what PortSIP does, what it does (docs/portsip.md, "OpenAPI
 * fidelity"): `POST /login` declares a 200 without a body, yet a login must hand over its token;
 * the body is the one the same spec gives `GET /login` ("login status of current session").
 */
const CORRECTIONS: ReadonlyArray<readonly [operation: string, status: string, schemaOf: string]> = [['POST /login', '200', 'GET /login 200']];

const GENERIC_QUERY = new Set(['filter', 'search', 'orderby', 'skip', 'top', 'count']);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** `$ref`s resolved inline (`doc`'s component schemas; the vendor's are never recursive), prose dropped. */
const resolved = (node: Json, doc: Schema): Json => resolveRefs(node, isObject(doc['components']) && isObject(doc['components']['schemas']) ? doc['components']['schemas'] : {});

function operationOf(raw: Schema, doc: Schema): Operation {
  const params = (Array.isArray(raw['parameters']) ? raw['parameters'] : []).filter(isObject);
  const body = isObject(raw['requestBody']) ? raw['requestBody'] : undefined;
  const bodySchema = body && isObject(body['content']) && isObject(body['content']['application/json']) ? body['content']['application/json']['schema'] : undefined;
  const responses: Record<string, Schema | null> = {};
  for (const [status, reply] of Object.entries(isObject(raw['responses']) ? raw['responses'] : {})) {
    const content = isObject(reply) && isObject(reply['content']) ? reply['content'] : undefined;
    const json = content && isObject(content['application/json']) ? content['application/json']['schema'] : undefined;
    responses[status] = isObject(json) ? (resolved(json, doc) as Schema) : null;
  }
  return {
    parameters: { query: new Set(params.filter((p) => p['in'] === 'query').map((p) => String(p['name']))) },
    requestBody: isObject(bodySchema) ? (resolved(bodySchema, doc) as Schema) : null,
    responses,
  };
}

/** The object schemas at `schema` (through allOf / anyOf / oneOf). */
function objectBranches(schema: Schema): Schema[] {
  const out: Schema[] = [];
  const walk = (s: Schema): void => {
    if (isObject(s['properties']) || s['type'] === 'object') out.push(s);
    for (const key of ['allOf', 'anyOf', 'oneOf']) {
      const list = s[key];
      if (Array.isArray(list)) for (const item of list) if (isObject(item)) walk(item);
    }
  };
  walk(schema);
  return out;
}

/**
 * Sets the property at `path` (`items[].role_id`, `status`) of `schema` to `value`: replaces it
 * where a branch declares it, else adds it to the first object branch.
 */
function setProperty(schema: Schema, path: string, value: Schema): void {
  const steps = path.split('.');
  let level: Schema[] = [schema];
  for (const step of steps.slice(0, -1)) {
    const name = step.replace(/\[\]$/, '');
    level = level.flatMap(objectBranches).flatMap((b) => {
      const prop = isObject(b['properties']) ? b['properties'][name] : undefined;
      if (!isObject(prop)) return [];
      if (!step.endsWith('[]')) return [prop];
      return [prop, ...objectBranches(prop)].map((s) => s['items']).filter(isObject);
    });
    if (level.length === 0) throw new Error(`x-updates: ${path}: no ${name} to step into`);
  }
  const last = steps.at(-1)!;
  const branches = level.flatMap(objectBranches);
  const declaring = branches.filter((b) => isObject(b['properties']) && Object.hasOwn(b['properties'], last));
  const targets = declaring.length ? declaring : branches.slice(0, 1);
  if (targets.length === 0) throw new Error(`x-updates: ${path}: no object schema to add ${last} to`);
  for (const target of targets) target['properties'] = { ...(isObject(target['properties']) ? target['properties'] : {}), [last]: clone(value) };
}

/** `GET /users/{id}` → a matcher of concrete paths. */
function template(key: string): { method: string; pattern: RegExp; params: number } {
  const [method, path] = key.split(' ') as [string, string];
  return { method, pattern: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`), params: (path.match(/\{/g) ?? []).length };
}

export class PortSipOpenApi {
  /** Operation key → its schema per version (22.3 only where it differs, or is new). */
  private readonly versions = new Map<string, { v220?: Operation; v223?: Operation }>();
  private readonly templates: Array<{ key: string; method: string; pattern: RegExp; params: number }> = [];
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  private readonly cache = new Map<string, ValidateFunction>();
  /** Endpoints 22.3 removed (kept for 22.0). */
  readonly removed: ReadonlySet<string>;
  /** Operations new in 22.3. */
  readonly added: ReadonlySet<string>;
  /** The new 22.3 operations the adapter sends (`x-adapter: true`). */
  readonly usedByAdapter: ReadonlySet<string>;

  constructor(full: Schema, additions: Schema) {
    const ajv = this.ajv;
    ajv.addFormat('date_time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
    ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
    ajv.addFormat('uint32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= 0 && n < 2 ** 32 });
    ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    ajv.addFormat('double', { type: 'number', validate: () => true });
    ajv.addFormat('binary', true);

    const keys = (paths: Json): Array<[string, Schema]> =>
      Object.entries(isObject(paths) ? paths : {}).flatMap(([path, item]) =>
        METHODS.filter((m) => isObject(item) && isObject(item[m])).map((m): [string, Schema] => [`${m.toUpperCase()} ${path}`, (item as Schema)[m] as Schema]),
      );
    for (const [key, raw] of keys(full['paths'] ?? null)) this.versions.set(key, { v220: operationOf(raw, full) });
    for (const [key, status, from] of CORRECTIONS) {
      const op = this.versions.get(key)?.v220;
      const [fromKey, fromStatus] = [from.split(' ').slice(0, 2).join(' '), from.split(' ')[2]!];
      const schema = this.versions.get(fromKey)?.v220?.responses[fromStatus];
      if (!op || !schema) throw new Error(`correction ${key} ${status} ← ${from}: not in the vendor spec`);
      (op.responses as Record<string, Schema | null>)[status] = clone(schema);
    }
    // New 22.3 operations may copy 22.0 schemas: {"x-from": "GET /users/{id} 200"} (a reply) or "POST /users request",
    // with sibling `properties` replacing or adding properties of the copy.
    const expanded = this.expandCopies(additions, full) as Schema;
    const added = new Set<string>();
    const used = new Set<string>();
    for (const [key, raw] of keys(expanded['paths'] ?? null)) {
      const entry = this.versions.get(key) ?? {};
      entry.v223 = operationOf(raw, expanded);
      this.versions.set(key, entry);
      added.add(key);
      if (raw['x-adapter'] === true) used.add(key);
    }
    this.added = added;
    this.usedByAdapter = used;
    for (const [key, update] of Object.entries(isObject(expanded['x-updates']) ? expanded['x-updates'] : {})) {
      const base = this.versions.get(key)?.v220;
      if (!base || !isObject(update)) throw new Error(`x-updates: ${key} is not a v22.0 operation`);
      const v223: Operation = { parameters: base.parameters, requestBody: clone(base.requestBody), responses: clone(base.responses) as Record<string, Schema | null> };
      for (const [path, value] of Object.entries(isObject(update['request']) ? update['request'] : {})) {
        if (!v223.requestBody || !isObject(value)) throw new Error(`x-updates: ${key} takes no request body`);
        setProperty(v223.requestBody, path, value);
      }
      for (const [status, props] of Object.entries(isObject(update['response']) ? update['response'] : {})) {
        const reply = v223.responses[status];
        if (!reply || !isObject(props)) throw new Error(`x-updates: ${key} has no ${status} reply schema`);
        for (const [path, value] of Object.entries(props)) if (isObject(value)) setProperty(reply, path, value);
      }
      this.versions.set(key, { ...this.versions.get(key), v223 });
    }
    this.removed = new Set((Array.isArray(expanded['x-removed']) ? expanded['x-removed'] : []).map(String));
    for (const key of this.versions.keys()) this.templates.push({ key, ...template(key) });
  }

  /** Loads the vendor's full spec and our 22.3 additions; undefined when the vendor docs are not beside the repository. */
  static load(): PortSipOpenApi | undefined {
    if (!existsSync(FULL_SPEC)) return undefined;
    return new PortSipOpenApi(JSON.parse(readFileSync(FULL_SPEC, 'utf8')) as Schema, JSON.parse(readFileSync(ADDITIONS, 'utf8')) as Schema);
  }

  private expandCopies(node: Json, full: Schema): Json {
    if (Array.isArray(node)) return node.map((n) => this.expandCopies(n, full));
    if (!isObject(node)) return node;
    const from = node['x-from'];
    if (typeof from === 'string') {
      const [method, path, part] = from.split(' ') as [string, string, string];
      const raw = isObject(full['paths']) && isObject(full['paths'][path]) ? full['paths'][path][method.toLowerCase()] : undefined;
      if (!isObject(raw)) throw new Error(`x-from: ${from} is not a v22.0 operation`);
      const op = operationOf(raw, full);
      const copied = part === 'request' ? op.requestBody : op.responses[part];
      if (!copied) throw new Error(`x-from: ${from} has no such schema`);
      // Sibling `properties` replace or add properties of the copy (a 22.3 enum replaces the 22.0 one); `required` adds to it.
      const out = clone(copied);
      const extra = this.expandCopies(node['properties'] ?? {}, full);
      for (const [name, prop] of Object.entries(isObject(extra) ? extra : {})) if (isObject(prop)) setProperty(out, name, prop);
      if (Array.isArray(node['required'])) {
        const target = objectBranches(out)[0] ?? out;
        target['required'] = [...new Set([...(Array.isArray(target['required']) ? target['required'] : []), ...node['required']])];
      }
      return out;
    }
    const out: Schema = {};
    for (const [key, value] of Object.entries(node)) out[key] = this.expandCopies(value, full);
    return out;
  }

  /** Compiles every schema of the 22.3 operations (new and updated): a schema ajv cannot compile is a broken description. */
  compileAdditions(): number {
    let compiled = 0;
    for (const [key, { v223 }] of this.versions) {
      if (!v223) continue;
      if (v223.requestBody) (this.validator(`v223 ${key} request`, v223.requestBody, false), compiled++);
      for (const [status, schema] of Object.entries(v223.responses)) if (schema) (this.validator(`v223 ${key} ${status}`, schema, true), compiled++);
    }
    return compiled;
  }

  /** Every operation key (`METHOD /path`), 22.0 and 22.3. */
  get operations(): string[] {
    return [...this.versions.keys()];
  }

  /** The operation a concrete request matches (literal paths win over templated ones). */
  match(method: string, path: string): string | undefined {
    return this.templates.filter((t) => t.method === method.toUpperCase() && t.pattern.test(path)).sort((a, b) => a.params - b.params)[0]?.key;
  }

  private validator(id: string, schema: Schema, reply: boolean): ValidateFunction {
    let validate = this.cache.get(id);
    if (!validate) {
      validate = this.ajv.compile(reply ? (allowNullForOptional(schema) as Schema) : schema);
      this.cache.set(id, validate);
    }
    return validate;
  }

  /**
   * Problems of one exchange (empty when it conforms). `blankAsNull: false` reads the field
   * schemas literally (no null where they say `string`), to measure how often PortSIP's
   * "blank fields are null" matters.
   */
  check(exchange: Exchange, { blankAsNull = true }: { readonly blankAsNull?: boolean } = {}): string[] {
    const key = this.match(exchange.method, exchange.path);
    if (!key) {
      // A path the spec does not have may only be refused, as PortSIP refuses it: 404 in the error format.
      if (exchange.status === 404 && this.validator('error body', ERROR_BODY, false)(exchange.responseBody)) return [];
      return [`${exchange.method} ${exchange.path} → ${exchange.status}: no such operation in PortSIP's v22.0 spec or the v22.3 additions`];
    }
    const entry = this.versions.get(key)!;
    const candidates = (['v220', 'v223'] as const).filter((v) => entry[v] !== undefined && !(v === 'v223' && this.removed.has(key)));
    const problemsPer = candidates.map((version) => this.checkAgainst(`${version} ${key}`, entry[version]!, exchange, blankAsNull));
    if (problemsPer.some((p) => p.length === 0)) return [];
    return problemsPer.flatMap((problems, i) => problems.map((p) => `${key} (${candidates[i] === 'v220' ? '22.0' : '22.3'}): ${p}`));
  }

  private checkAgainst(id: string, op: Operation, ex: Exchange, blankAsNull: boolean): string[] {
    const problems: string[] = [];
    if (ex.status >= 200 && ex.status < 300) {
      for (const name of Object.keys(ex.query)) if (!op.parameters.query.has(name) && !GENERIC_QUERY.has(name)) problems.push(`query parameter ${name} is not declared`);
      if (op.requestBody === null) {
        if (ex.requestBody !== undefined) problems.push('a body was sent; the operation takes none');
      } else if (ex.requestBody === undefined) {
        problems.push('the request body is missing');
      } else {
        const validate = this.validator(`${id} request`, op.requestBody, false);
        if (!validate(ex.requestBody)) problems.push(...describe('request', validate.errors));
        problems.push(...undeclaredKeys(op.requestBody, ex.requestBody, '').map((k) => `request key ${k} is not declared`));
      }
    }
    const status = String(ex.status);
    const declared = [status, `${status[0]}XX`].find((s) => Object.hasOwn(op.responses, s));
    if (declared === undefined) return [...problems, `status ${status} is not declared (${Object.keys(op.responses).join(', ')})`];
    const schema = op.responses[declared] ?? (ex.status >= 400 ? ERROR_BODY : null);
    if (schema === null) {
      if (ex.responseBody !== undefined) problems.push(`a ${status} reply has a body; the spec declares none`);
    } else {
      const validate = this.validator(`${id} ${declared}${blankAsNull ? '' : ' literal'}`, schema, blankAsNull);
      if (!validate(ex.responseBody)) problems.push(...describe(`reply ${status}`, validate.errors));
    }
    return problems;
  }
}

function describe(what: string, errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).slice(0, 5).map((e) => `${what} ${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}${e.params && 'allowedValues' in e.params ? ` ${JSON.stringify(e.params['allowedValues'])}` : ''}`);
}
