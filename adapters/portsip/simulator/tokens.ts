/** Access and refresh tokens of the simulated PBX. Tokens are secrets: random, from node:crypto. */
import { randomBytes } from 'node:crypto';

export interface TokenPair {
  readonly access_token: string;
  readonly refresh_token: string;
  readonly expires_in: number;
}

interface Grant {
  readonly userId: string;
  readonly expiresAt: number;
  /** The other token of the pair. */
  readonly partner: string;
}

// Assumption: PortSIP does not document the refresh-token lifetime; 30 days, single use.
const REFRESH_TTL_MS = 30 * 86_400_000;

/** A random, URL-safe secret. */
export const secret = (): string => randomBytes(32).toString('base64url');

export class TokenStore {
  private readonly access = new Map<string, Grant>();
  private readonly refresh = new Map<string, Grant>();

  constructor(
    private readonly now: () => number,
    readonly ttlSeconds: number,
  ) {}

  issue(userId: string): TokenPair {
    const [accessToken, refreshToken] = [secret(), secret()];
    const now = this.now();
    this.access.set(accessToken, { userId, expiresAt: now + this.ttlSeconds * 1000, partner: refreshToken });
    this.refresh.set(refreshToken, { userId, expiresAt: now + REFRESH_TTL_MS, partner: accessToken });
    return { access_token: accessToken, refresh_token: refreshToken, expires_in: this.ttlSeconds };
  }

  /**
   * A new pair for a valid refresh token, which is used up. Assumption: the old access
   * token stays valid until it expires (requests in flight during a refresh still succeed).
   */
  renew(refreshToken: string): TokenPair | undefined {
    const grant = this.refresh.get(refreshToken);
    if (!grant) return undefined;
    this.refresh.delete(refreshToken);
    return grant.expiresAt > this.now() ? this.issue(grant.userId) : undefined;
  }

  /** The user an access token belongs to, while it is valid. */
  userOf(accessToken: string): string | undefined {
    const grant = this.access.get(accessToken);
    if (!grant) return undefined;
    if (grant.expiresAt > this.now()) return grant.userId;
    this.access.delete(accessToken);
    return undefined;
  }

  /** Signs a session out: the access token and its refresh token stop working. */
  revoke(accessToken: string): void {
    const grant = this.access.get(accessToken);
    this.access.delete(accessToken);
    if (grant) this.refresh.delete(grant.partner);
  }

  /** Ends every session of a user (the account was deleted). */
  revokeUser(userId: string): void {
    for (const store of [this.access, this.refresh]) {
      for (const [token, grant] of store) if (grant.userId === userId) store.delete(token);
    }
  }

  /** Expires every access token now (refresh tokens keep working), as a fault run asks. */
  expireAccessTokens(): void {
    this.access.clear();
  }

  /** Access tokens issued and not yet revoked (expired ones may still be counted). */
  get sessionCount(): number {
    return this.access.size;
  }
}
