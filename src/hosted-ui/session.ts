import { epochSeconds, hmacSha256, randomToken, secretsEqual, sha256Hex } from '../core/index.js'
import type { LoginSessionRecord } from '../oauth/index.js'
import type { PoolRecord, UserRecord } from '../userpool/index.js'
import { type HostedUiDeps, SESSION_LIFETIME_MS } from './deps.js'
import { clearCookie, cookieName, readCookie, setCookie } from './security.js'

/** Cookie values this service sets: 32 random bytes, base64url. */
const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/

export interface Cookies {
  session: string
  preSession: string
}

/** The pool's two cookies: the login session, and the pre-session CSRF tokens are bound to. */
export function cookieNames(deps: HostedUiDeps, poolId: string): Cookies {
  return {
    session: cookieName(`portcullis-session-${poolId}`, deps.secure),
    preSession: cookieName(`portcullis-csrf-${poolId}`, deps.secure),
  }
}

function read(header: string | null, name: string): string | undefined {
  const value = readCookie(header, name)
  return value && COOKIE_VALUE.test(value) ? value : undefined
}

/**
 * The browser's pre-session, made when it has none. CSRF tokens are an HMAC of it (OWASP
 * "signed double-submit cookie"), so a token from another browser's page fails (security.md §3 F106).
 */
export function preSession(
  deps: HostedUiDeps,
  poolId: string,
  cookieHeader: string | null,
): { value: string; setCookie?: string } {
  const name = cookieNames(deps, poolId).preSession
  const existing = read(cookieHeader, name)
  if (existing) return { value: existing }
  const value = randomToken(deps.random, 32)
  return { value, setCookie: setCookie(name, value, { secure: deps.secure }) }
}

export function csrfToken(deps: HostedUiDeps, poolId: string, preSessionValue: string): string {
  return hmacSha256(deps.csrfKey, `csrf:${poolId}:${preSessionValue}`).toString('base64url')
}

/** True when the form's token belongs to this browser's pre-session. */
export function csrfMatches(
  deps: HostedUiDeps,
  poolId: string,
  cookieHeader: string | null,
  token: string | undefined,
): boolean {
  const pre = read(cookieHeader, cookieNames(deps, poolId).preSession)
  if (!pre || !token) return false
  return secretsEqual(csrfToken(deps, poolId, pre), token)
}

/**
 * The signed-in user of this browser, if the session cookie names a live session of this pool
 * whose user can still sign in and has not signed out globally since.
 */
export async function currentSession(
  deps: HostedUiDeps,
  pool: PoolRecord,
  cookieHeader: string | null,
): Promise<{ session: LoginSessionRecord; user: UserRecord } | undefined> {
  const value = read(cookieHeader, cookieNames(deps, pool.id).session)
  if (!value) return undefined
  const session = await deps.oauth.getLoginSession(sha256Hex(value))
  if (!session || session.poolId !== pool.id || deps.clock.now() >= session.expiresAt) return undefined
  const user = await deps.store.getUser(pool.id, session.sub)
  if (!user?.enabled || user.status !== 'CONFIRMED') return undefined
  if (user.signedOutAt !== null && user.signedOutAt >= session.authTime * 1000) return undefined
  return { session, user }
}

/**
 * Starts a session after a password check: always a new id, replacing any session and
 * pre-session the browser had (session fixation, security.md §3 F107). Returns the cookies to set.
 */
export async function startSession(
  deps: HostedUiDeps,
  pool: PoolRecord,
  user: UserRecord,
  cookieHeader: string | null,
): Promise<{ authTime: number; cookies: string[] }> {
  const names = cookieNames(deps, pool.id)
  const previous = read(cookieHeader, names.session)
  const value = randomToken(deps.random, 32)
  const authTime = epochSeconds(deps.clock)
  await deps.oauth.insertLoginSession(
    {
      hash: sha256Hex(value),
      poolId: pool.id,
      sub: user.sub,
      authTime,
      expiresAt: deps.clock.now() + SESSION_LIFETIME_MS,
    },
    previous && sha256Hex(previous),
  )
  const pre = randomToken(deps.random, 32)
  return {
    authTime,
    cookies: [
      setCookie(names.session, value, { secure: deps.secure, maxAgeSeconds: SESSION_LIFETIME_MS / 1000 }),
      setCookie(names.preSession, pre, { secure: deps.secure }),
    ],
  }
}

/** Ends the browser's session (`/logout`); returns the cookie that clears it. */
export async function endSession(
  deps: HostedUiDeps,
  poolId: string,
  cookieHeader: string | null,
): Promise<string> {
  const name = cookieNames(deps, poolId).session
  const value = read(cookieHeader, name)
  if (value) await deps.oauth.deleteLoginSession(sha256Hex(value))
  return clearCookie(name, deps.secure)
}
