/** Helpers for building a conformance target from a vendor's credentials object. */

/** Keys whose values are secrets in the credentials of our vendors (and most others). */
const SECRET_KEY = /pass(word)?|token|secret|api_?key|key$/i;

/** The secret values of a credentials object (passwords, tokens, API keys), for {@link ConformanceContext.secrets}. */
export function credentialSecrets(credentials: unknown): string[] {
  if (credentials === null || typeof credentials !== 'object') return [];
  return Object.entries(credentials).flatMap(([key, value]) =>
    typeof value === 'string' && SECRET_KEY.test(key) ? [value] : typeof value === 'object' ? credentialSecrets(value) : [],
  );
}

/** A copy of `credentials` with every secret replaced by `canary` (for `connect({ credentialsCanary })`). */
export function withCanary<C>(credentials: C, canary: string): C {
  if (credentials === null || typeof credentials !== 'object') return credentials;
  return Object.fromEntries(
    Object.entries(credentials).map(([key, value]) => [key, typeof value === 'string' && SECRET_KEY.test(key) ? canary : typeof value === 'object' ? withCanary(value, canary) : value]),
  ) as C;
}
