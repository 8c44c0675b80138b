/**
 * The OAuth side's storage port: authorization codes and hosted-UI login sessions, both kept as
 * SHA-256 digests only. Adapters live in src/storage and pass src/storage/contract/oauth.ts.
 */
export interface OAuthStore {
  insertAuthorizationCode(code: AuthorizationCodeRecord): Promise<void>
  /**
   * Spends a code: one conditional update marks it used and records the `originJti` its tokens
   * will carry. `firstUse` is true for exactly one caller however many redeem it at once
   * (security.md §3 D77); later callers get the record as it stood, to revoke what it issued.
   */
  redeemAuthorizationCode(
    hash: string,
    at: number,
    originJti: string,
  ): Promise<{ code: AuthorizationCodeRecord; firstUse: boolean } | undefined>
  /**
   * A spent code presented again (RFC 6749 §4.1.2): marks it replayed and revokes every refresh
   * token its redemption issued, and with them its access tokens, in one transaction. A redemption
   * still in flight checks `codeReplayed` after storing its refresh token and revokes it then.
   */
  revokeCodeGrant(codeHash: string, at: number): Promise<void>
  /** Whether a spent code was presented again: checked by the winning redemption after it stored its refresh token. */
  codeReplayed(codeHash: string): Promise<boolean>

  /** Stores a session, deleting the one it replaces (a new id on every login), atomically. */
  insertLoginSession(session: LoginSessionRecord, replaces?: string): Promise<void>
  getLoginSession(hash: string): Promise<LoginSessionRecord | undefined>
  deleteLoginSession(hash: string): Promise<void>
  /** Deletes expired sessions, and codes a day past their expiry. */
  purgeOAuth(now: number): Promise<void>
}

/** A code from `/oauth2/authorize`, bound to everything the token request must repeat. */
export interface AuthorizationCodeRecord {
  /** SHA-256 of the code; the code itself is never stored. */
  hash: string
  poolId: string
  clientId: string
  sub: string
  redirectUri: string
  /** The S256 `code_challenge`, when the request used PKCE. */
  codeChallenge: string | null
  /** Granted scopes, space-separated. */
  scope: string
  nonce: string | null
  /** When the user authenticated (epoch seconds), for `auth_time`. */
  authTime: number
  expiresAt: number
  usedAt: number | null
  /** The `origin_jti` of the tokens its first redemption issued. */
  originJti: string | null
  /** When it was presented after being spent. */
  replayedAt: number | null
}

/** A signed-in browser on a pool's hosted UI. */
export interface LoginSessionRecord {
  /** SHA-256 of the session cookie's value. */
  hash: string
  poolId: string
  sub: string
  /** Epoch seconds of the password check. */
  authTime: number
  expiresAt: number
}
