/**
 * Session tokens, API keys and pending 2FA logins of the simulated account. Session tokens
 * expire after a period of inactivity (every authenticated request renews it); API keys last
 * until their expiry date. Tokens are secrets: random, from node:crypto.
 */
import { randomBytes } from 'node:crypto';

interface Session {
  readonly userId: number;
  lastUsedAt: number;
}

export interface ApiKey {
  readonly id: number;
  readonly userId: number;
  readonly name: string;
  /** Epoch ms, or null for no expiry. */
  readonly expiresAt: number | null;
}

// Assumption: a 2FA nonce is good for 10 minutes and one use.
const NONCE_TTL_MS = 10 * 60_000;

/** A random token in the shape of VoIPStudio's (hex). */
export const secret = (): string => randomBytes(20).toString('hex');

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly apiKeys = new Map<string, ApiKey>();
  private readonly nonces = new Map<string, { readonly userId: number; readonly expiresAt: number }>();
  private nextKeyId = 1;

  constructor(
    private readonly now: () => number,
    /** Inactivity after which a session token stops working. */
    readonly idleTimeoutMs: number,
  ) {}

  /** A new session token for `userId`. */
  open(userId: number): string {
    const token = secret();
    this.sessions.set(token, { userId, lastUsedAt: this.now() });
    return token;
  }

  /**
   * The user a token (session or API key) belongs to, while it is valid; using a session
   * renews it. An idle session is dropped.
   */
  use(token: string): { readonly userId: number; readonly kind: 'session' | 'apikey' } | undefined {
    const now = this.now();
    const session = this.sessions.get(token);
    if (session) {
      if (now - session.lastUsedAt >= this.idleTimeoutMs) {
        this.sessions.delete(token);
        return undefined;
      }
      session.lastUsedAt = now;
      return { userId: session.userId, kind: 'session' };
    }
    const key = this.apiKeys.get(token);
    if (key && (key.expiresAt === null || now < key.expiresAt)) return { userId: key.userId, kind: 'apikey' };
    return undefined;
  }

  createApiKey(userId: number, name: string, expiresAt: number | null): { readonly key: ApiKey; readonly token: string } {
    const token = secret();
    const key: ApiKey = { id: this.nextKeyId++, userId, name, expiresAt };
    this.apiKeys.set(token, key);
    return { key, token };
  }

  issueNonce(userId: number): string {
    const nonce = secret();
    this.nonces.set(nonce, { userId, expiresAt: this.now() + NONCE_TTL_MS });
    return nonce;
  }

  /** The user of a valid nonce, which is used up. */
  redeemNonce(nonce: string): number | undefined {
    const pending = this.nonces.get(nonce);
    this.nonces.delete(nonce);
    return pending && this.now() < pending.expiresAt ? pending.userId : undefined;
  }

  /** The user's API keys, with their tokens. */
  apiKeysOf(userId: number): Array<{ readonly key: ApiKey; readonly token: string }> {
    return [...this.apiKeys].filter(([, key]) => key.userId === userId).map(([token, key]) => ({ key, token }));
  }

  revokeApiKey(token: string): void {
    this.apiKeys.delete(token);
  }

  /** Ends a session token (`POST /logout`); API keys are not sessions and stay valid. Returns whether one ended. */
  close(token: string): boolean {
    return this.sessions.delete(token);
  }

  /** Expires every session token now (API keys keep working), as a fault run asks. */
  expireSessions(): void {
    this.sessions.clear();
  }

  /** Ends every session and API key of a user (the user was deleted). */
  revokeUser(userId: number): void {
    for (const [token, s] of this.sessions) if (s.userId === userId) this.sessions.delete(token);
    for (const [token, k] of this.apiKeys) if (k.userId === userId) this.apiKeys.delete(token);
  }

  /** Session tokens issued and not yet dropped (idle ones are dropped when next used). */
  get sessionCount(): number {
    return this.sessions.size;
  }
}
