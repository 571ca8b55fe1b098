/**
 * Secret redaction — the one redactor of unipbx: the library's messages, details and hook
 * payloads, the command line's diagnostics and output, and the simulators' request log all
 * use it (one mask, {@link MASK}; the same encodings). A client registers every secret it
 * holds (passwords, tokens, API keys, Basic credentials) and every message, detail or hook
 * payload that leaves the library goes through {@link Redactor.text} or
 * {@link Redactor.value} first. A URL's password (`https://user:secret@host`) is masked in
 * any text, registered or not.
 */

/** What a secret is replaced with, everywhere. */
export const MASK = '[REDACTED]';

/** Keys whose values are secret wherever they appear in a payload. */
const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|authorization|pin$|^pin|cookie|otp|nonce/i;

/**
 * Keys of a credentials object whose values are secrets (broader than payload keys: a
 * credentials object holds little else than the username): `password`, `apiKey`, `token`,
 * `pin`, `authCode`, `clientCredential`, …
 */
export const CREDENTIAL_SECRET_KEY = /pass|secret|token|key|pin|auth|cred|otp|cookie|nonce/i;

// `scheme://user:password@`: the password part, wherever a URL appears in text.
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*):([^\s/?#@]*)@/gi;

/** `text` with the password of every `scheme://user:password@host` URL in it masked. */
export function redactUrlPasswords(text: string): string {
  return text.includes('@') ? text.replace(URL_PASSWORD, (_, prefix: string) => `${prefix}:${MASK}@`) : text;
}

/** The password of a URL's user info (decoded), if it has one: a secret to register. */
export function urlPassword(url: string): string | undefined {
  try {
    const password = new URL(url).password;
    return password === '' ? undefined : decodeURIComponent(password);
  } catch {
    return undefined;
  }
}

// Shorter strings would mask ordinary words and numbers in messages.
const MIN_SECRET_LENGTH = 4;

export class Redactor {
  readonly #secrets = new Set<string>();
  #pattern: RegExp | undefined;

  /** Registers secret values (and their URL-encoded, Base64 and JSON-escaped forms). Empty and very short values are ignored. */
  add(...values: ReadonlyArray<string | undefined>): void {
    for (const value of values) {
      if (value === undefined || value.length < MIN_SECRET_LENGTH) continue;
      const formEncoded = new URLSearchParams({ s: value }).toString().slice(2); // how query strings carry it
      // How a JSON string carries it: vendors echo request bodies, where `"` and `\` arrive escaped.
      const jsonEscaped = JSON.stringify(value).slice(1, -1);
      for (const form of [value, encodeURIComponent(value), formEncoded, Buffer.from(value).toString('base64'), jsonEscaped]) {
        this.#secrets.add(form);
      }
    }
    this.#pattern = undefined;
  }

  /** Registers `user:secret` as used by HTTP Basic authentication, in every form it may travel. */
  addBasic(user: string, secret: string): void {
    this.add(secret, `${user}:${secret}`);
  }

  /** True when `value` as a whole is a registered secret (in any of its registered forms). */
  isSecret(value: string): boolean {
    return this.#secrets.has(value);
  }

  /** Replaces every registered secret in `input`, and every URL's password, with `[REDACTED]`. */
  text(input: string): string {
    if (this.#secrets.size === 0) return redactUrlPasswords(input);
    this.#pattern ??= new RegExp(
      [...this.#secrets]
        .sort((a, b) => b.length - a.length)
        .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g',
    );
    return redactUrlPasswords(input.replace(this.#pattern, MASK));
  }

  /** A deep copy of `input` with secret-named keys masked and registered secrets removed from strings. */
  value(input: unknown, depth = 0): unknown {
    if (typeof input === 'string') return this.text(input);
    if (depth > 8 || input === null || typeof input !== 'object') return input;
    if (Array.isArray(input)) return input.map((item) => this.value(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, val] of Object.entries(input)) {
      out[key] = SECRET_KEY.test(key) && val !== null && val !== undefined && val !== '' ? MASK : this.value(val, depth + 1);
    }
    return out;
  }
}

// Payload keys repeat across thousands of items: classify each name once.
const secretKeys = new Map<string, boolean>();
function isSecretKey(key: string): boolean {
  let secret = secretKeys.get(key);
  if (secret === undefined) {
    secret = SECRET_KEY.test(key);
    if (secretKeys.size < 10_000) secretKeys.set(key, secret);
  }
  return secret;
}

/**
 * `input` with the string and number values of secret-named keys masked, at any depth;
 * the same object when there is nothing to mask. Vendors return secrets in payloads
 * (PortSIP 22.3 returns `password` and `extension_password` in user details), and `raw`
 * must not carry them into logs.
 */
export function maskSecretFields<T>(input: T, depth = 0): T {
  if (depth > 8 || input === null || typeof input !== 'object') return input;
  if (Array.isArray(input)) {
    let items: unknown[] | undefined;
    for (let i = 0; i < input.length; i++) {
      const masked: unknown = maskSecretFields(input[i], depth + 1);
      if (masked !== input[i]) (items ??= [...input])[i] = masked;
    }
    return (items ?? input) as T;
  }
  // `for…in` over a JSON object: no entries array per item (this runs for every listed record).
  const record = input as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const key in record) {
    const value = record[key];
    let masked = value;
    if (typeof value === 'object') masked = maskSecretFields(value, depth + 1);
    else if ((typeof value === 'string' ? value !== '' : typeof value === 'number') && isSecretKey(key)) masked = MASK;
    if (masked !== value) (out ??= { ...record })[key] = masked;
  }
  return (out ?? input) as T;
}
