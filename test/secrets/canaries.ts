/**
 * Canary secrets and the checks that none of them leaks. A canary is a distinctive value
 * given to the client as a credential (or issued by a fake vendor as a session token): if
 * it shows up in any rendering of an error, a hook payload or the CLI's error output, that
 * is a leak — whatever the vendor echoed back.
 */
import { inspect } from 'node:util';
import { expect } from 'vitest';

/**
 * A password with a space, `/`, `+`, `=`, `!`, a double quote and a backslash, so that its URL-,
 * form-, Base64- and JSON-encoded forms all differ from it.
 */
export const PASSWORD = 'Canary "Pw"/7f3a+9e1c=ok!\\x';
/** A static token / API key. */
export const STATIC_TOKEN = 'CanaryTok.91b2/c4d8+e5f6~';
/** Session tokens the fake vendors issue get this prefix and a counter. */
export const SESSION_PREFIX = 'CanarySess.a71c/09e4+';
/** Refresh tokens the fake PortSIP issues get this prefix and a counter. */
export const REFRESH_PREFIX = 'CanaryRefr.3e8b/1d5f+';
/** The password of a user the tests create (PortSIP registers it as a secret too). */
export const NEW_USER_PASSWORD = 'Canary NewUser/55aa+77bb=';

export const b64 = (text: string): string => Buffer.from(text).toString('base64');
/** How `URLSearchParams` (query strings, form bodies) writes a value. */
export const formEncoded = (text: string): string => new URLSearchParams({ s: text }).toString().slice(2);
/** How a JSON string carries a value (a vendor echoing the request body it received). */
export const jsonEscaped = (text: string): string => JSON.stringify(text).slice(1, -1);
/** `Basic base64(user:secret)` */
export const basicHeader = (user: string, secret: string): string => `Basic ${b64(`${user}:${secret}`)}`;

/** A secret the client holds: a plain value, or a Basic pair `user:secret` (whose Base64 travels in a header). */
export type Secret = { readonly value: string } | { readonly user: string; readonly value: string };

/** Every form in which `secret` may travel (plain, URL-, form-, Base64- and JSON-encoded) and so must never be seen. */
export function formsOf(secret: Secret): string[] {
  const forms = new Set<string>();
  const add = (text: string): void => {
    forms.add(text);
    forms.add(encodeURIComponent(text));
    forms.add(formEncoded(text));
    forms.add(b64(text));
    forms.add(jsonEscaped(text));
  };
  add(secret.value);
  if ('user' in secret) add(`${secret.user}:${secret.value}`);
  return [...forms];
}

/**
 * A text that quotes `secrets` in every form a vendor might echo them: plain, as a Bearer
 * header, URL- and form-encoded inside URLs, Base64, and Basic credentials.
 */
export function echoOf(secrets: readonly Secret[]): string {
  return secrets
    .map((secret) => {
      const s = secret.value;
      const parts = [
        `plain=${s}`,
        `Authorization: Bearer ${s}`,
        `https://pbx.canary.test/cb?token=${encodeURIComponent(s)}&password=${formEncoded(s)}`,
        `b64=${b64(s)}`,
      ];
      if ('user' in secret) parts.push(`Authorization: ${basicHeader(secret.user, s)}`, `pair=${secret.user}:${s}`, `https://${secret.user}:${encodeURIComponent(s)}@pbx.canary.test/`);
      return parts.join(' ');
    })
    .join(' | ');
}

/** The views of a value that logs and serialisers produce. */
export function renderings(value: unknown): Record<string, string> {
  const out: Record<string, string> = {
    json: JSON.stringify(value) ?? '',
    inspect: inspect(value, { depth: Infinity, showHidden: true }),
    string: String(value),
  };
  if (value instanceof Error) {
    out['message'] = value.message;
    out['stack'] = String(value.stack);
  }
  return out;
}

/** Asserts that no form of any of `secrets` appears in `text`. */
export function expectNoSecretIn(text: string, secrets: readonly Secret[], where: string): void {
  for (const secret of secrets) {
    for (const form of formsOf(secret)) {
      if (text.includes(form)) {
        expect.fail(`secret ${JSON.stringify(form)} leaked through ${where}:\n${text.slice(0, 3000)}`);
      }
    }
  }
}

/** Asserts that no form of any of `secrets` appears in any rendering of `value` (and, for errors, of each cause). */
export function expectNoSecrets(value: unknown, secrets: readonly Secret[], where: string): void {
  for (const [view, text] of Object.entries(renderings(value))) expectNoSecretIn(text, secrets, `${where} (${view})`);
  let cause = value instanceof Error ? value.cause : undefined;
  for (let depth = 1; cause !== undefined && depth < 10; depth++) {
    for (const [view, text] of Object.entries(renderings(cause))) expectNoSecretIn(text, secrets, `${where} cause#${depth} (${view})`);
    cause = cause instanceof Error ? cause.cause : undefined;
  }
}
