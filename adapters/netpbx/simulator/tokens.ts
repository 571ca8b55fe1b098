/**
 * The simulated `api_token`s. Assumption: a user has one API token at a time — logging in
 * again returns the same token while it is valid. Tokens expire after `tokenTtlSeconds` when
 * that is set, never otherwise. Tokens are secrets: random, from node:crypto.
 */
import { randomBytes } from 'node:crypto';

interface Grant {
  readonly userId: number;
  readonly expiresAt: number;
}

export class TokenStore {
  private readonly grants = new Map<string, Grant>();
  private readonly byUser = new Map<number, string>();

  constructor(
    private readonly now: () => number,
    private readonly ttlSeconds: number | undefined,
  ) {}

  /** The user's valid token, or a new one. */
  issue(userId: number): string {
    const current = this.byUser.get(userId);
    if (current !== undefined && this.userOf(current) === userId) return current;
    const token = randomBytes(24).toString('base64url');
    this.grants.set(token, { userId, expiresAt: this.ttlSeconds === undefined ? Number.POSITIVE_INFINITY : this.now() + this.ttlSeconds * 1000 });
    this.byUser.set(userId, token);
    return token;
  }

  /** The user a token belongs to, while it is valid. */
  userOf(token: string): number | undefined {
    const grant = this.grants.get(token);
    if (!grant) return undefined;
    if (grant.expiresAt > this.now()) return grant.userId;
    this.grants.delete(token);
    return undefined;
  }

  /** Invalidates every token now (a fault run's `expire-session`). */
  expireAll(): void {
    this.grants.clear();
    this.byUser.clear();
  }
}
