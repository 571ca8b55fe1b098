/** Checks that secrets appear in no view of a value: message, stack, JSON, `util.inspect`. */
import { inspect } from 'node:util';
import { expect } from 'vitest';

/** Every form a secret may travel in (plain, URL-encoded, form-encoded, Base64). */
export function secretForms(...secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(new URLSearchParams({ x: secret }).toString().slice(2));
    forms.add(Buffer.from(secret).toString('base64'));
  }
  return [...forms];
}

/** All the textual views of `value` a log or a serialiser could produce. */
export function views(value: unknown): Record<string, string> {
  const out: Record<string, string> = {
    json: JSON.stringify(value) ?? '',
    inspect: inspect(value, { depth: 10 }),
    inspectHidden: inspect(value, { depth: 10, showHidden: true }),
    string: String(value),
  };
  if (value instanceof Error) {
    out.message = value.message;
    out.stack = value.stack ?? '';
  }
  return out;
}

/** Asserts that none of `secrets` (in any of their forms) appears in any view of `value`. */
export function expectNoSecrets(value: unknown, secrets: readonly string[]): void {
  const forms = secretForms(...secrets);
  for (const [view, text] of Object.entries(views(value))) {
    for (const form of forms) {
      expect(text.includes(form), `secret ${JSON.stringify(form)} leaked through ${view}: ${text.slice(0, 2000)}`).toBe(false);
    }
  }
}
