/**
 * The example requests and replies of VoIPStudio's Customer module documentation
 * (`../shared/vendor-docs/voipstudio-customer-module.txt`), read from the text as published:
 * each endpoint is `METHOD` on one line, `/path Summary` on the next, then an
 * `Example Request` line (`GET /v1.1/voipstudio/… HTTP/1.1 Host: l7api.com [JSON body]`) and
 * an `Example Response` line (`HTTP/1.1 200 OK Content-Type: application/json {…}`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CUSTOMER_MODULE = fileURLToPath(new URL('../../../../shared/vendor-docs/voipstudio-customer-module.txt', import.meta.url));

export interface DocExample {
  /** `METHOD /path/{param}` as the documentation names the endpoint. */
  readonly endpoint: string;
  /** The example request's JSON body, when it shows one. */
  readonly requestBody?: unknown;
  readonly status: number;
  /** The example reply's JSON body (none for 204). */
  readonly responseBody?: unknown;
}

const METHODS = new Set(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']);
const jsonAfter = (line: string, marker: RegExp): unknown => {
  const match = marker.exec(line);
  const text = match ? line.slice(match.index + match[0].length).trim() : '';
  return text === '' ? undefined : (JSON.parse(text) as unknown);
};

/** Every endpoint's example, by `METHOD /path`; undefined when the vendor docs are not beside the repository. */
export function customerModuleExamples(): Map<string, DocExample> | undefined {
  if (!existsSync(CUSTOMER_MODULE)) return undefined;
  const lines = readFileSync(CUSTOMER_MODULE, 'utf8').split('\n').map((l) => l.trim());
  const out = new Map<string, DocExample>();
  for (let i = 0; i < lines.length - 1; i++) {
    if (!METHODS.has(lines[i]!) || !lines[i + 1]!.startsWith('/')) continue;
    const endpoint = `${lines[i]} ${lines[i + 1]!.split(' ')[0]}`;
    let requestBody: unknown;
    let status = 0;
    let responseBody: unknown;
    for (let j = i + 2; j < lines.length - 1 && !(METHODS.has(lines[j]!) && lines[j + 1]!.startsWith('/')); j++) {
      if (lines[j] === 'Example Request') requestBody = jsonAfter(lines[j + 1]!, /Host: l7api\.com/);
      if (lines[j] === 'Example Response') {
        status = Number(/^HTTP\/1\.1 (\d{3})/.exec(lines[j + 1]!)?.[1] ?? 0);
        responseBody = jsonAfter(lines[j + 1]!, /Content-Type: application\/json/);
        break;
      }
    }
    out.set(endpoint, { endpoint, ...(requestBody !== undefined ? { requestBody } : {}), status, ...(responseBody !== undefined ? { responseBody } : {}) });
  }
  return out;
}
