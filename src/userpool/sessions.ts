import { createLocalJWKSet, decodeJwt, type JWTPayload, jwtVerify } from 'jose'
import { epochSeconds, randomToken, sha256Hex } from '../core/index.js'
import { accessTokenClaims, idTokenClaims, pickKey, type TokenSubject, toPublicJwk } from '../tokens/index.js'
import { tokenLifetimes } from './clients.js'
import { issuerOf, type UserPoolDeps } from './deps.js'
import { errors } from './errors.js'
import type { ClientRecord, PoolRecord, UserRecord } from './store.js'

type AccessClaims = JWTPayload & { sub: string; username: string; client_id: string }

/** Native API sign-ins grant exactly this scope (aws-semantics.md §4.4). */
export const ADMIN_SCOPE = 'aws.cognito.signin.user.admin'

export interface AuthenticationResult {
  AccessToken: string
  ExpiresIn: number
  TokenType: 'Bearer'
  RefreshToken?: string
  IdToken: string
}

export interface Grant {
  authTime: number
  originJti: string
  scope: string
  eventId?: string
  nonce?: string
  /** Issued by an OAuth flow (`version: 2` on the access token). */
  oauth?: boolean
}

/** Signs an ID and an access token for the user. */
async function signTokens(
  deps: UserPoolDeps,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  grant: Grant,
) {
  const { keys, subject, at, lifetimes } = await issuanceFor(deps, pool, client, user, grant)
  const [IdToken, AccessToken] = await Promise.all([
    deps.signer.sign(pickKey(keys, 'id'), idTokenClaims(subject, at, deps.random.uuid())),
    deps.signer.sign(pickKey(keys, 'access'), accessTokenClaims(subject, at, deps.random.uuid())),
  ])
  return { IdToken, AccessToken, ExpiresIn: lifetimes.access }
}

/** The signing keys, the subject and the circumstances of one issuance of the user's tokens. */
export async function issuanceFor(
  deps: UserPoolDeps,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  grant: Grant,
) {
  const [keys, groups] = await Promise.all([
    deps.store.getSigningKeys(pool.id),
    groupsInTokens(deps, pool.id, user.sub),
  ])
  const lifetimes = tokenLifetimes(client)
  const subject: TokenSubject = {
    sub: user.sub,
    username: user.username,
    attributes: user.attributes,
    ...(groups.length > 0 ? { groups } : {}),
  }
  const read = client.settings.ReadAttributes
  const at = {
    issuer: issuerOf(deps, pool.id),
    clientId: client.id,
    now: epochSeconds(deps.clock),
    authTime: grant.authTime,
    originJti: grant.originJti,
    ...(grant.eventId ? { eventId: grant.eventId } : {}),
    idTokenValidity: lifetimes.id,
    accessTokenValidity: lifetimes.access,
    scope: grant.scope,
    ...(read ? { readAttributes: new Set(read) } : {}),
    ...(grant.nonce !== undefined ? { nonce: grant.nonce } : {}),
    ...(grant.oauth ? { oauth: true } : {}),
  }
  return { keys, subject, at, lifetimes }
}

/** The most groups listed in a token's `cognito:groups`. */
const MAX_TOKEN_GROUPS = 1000

/**
 * `cognito:groups`: the user's group names, the group with the lowest Precedence first, groups
 * without one last, ties by name (CIDP-M CreateGroup: lower values take precedence).
 */
async function groupsInTokens(deps: UserPoolDeps, poolId: string, sub: string): Promise<string[]> {
  const groups = await deps.store.listGroupsForUser(poolId, sub, MAX_TOKEN_GROUPS)
  const rank = (p: number | undefined) => p ?? Number.POSITIVE_INFINITY
  return groups
    .sort(
      (a, b) => rank(a.precedence) - rank(b.precedence) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    )
    .map((g) => g.name)
}

/**
 * A sign-in: new tokens plus a refresh token, which is opaque and stored only as a digest.
 * `clearFailuresKey` clears the user's sign-in failure count in the same transaction.
 */
export async function signIn(
  deps: UserPoolDeps,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  clearFailuresKey?: string,
): Promise<AuthenticationResult> {
  const grant = {
    authTime: epochSeconds(deps.clock),
    originJti: deps.random.uuid(),
    eventId: deps.random.uuid(),
    scope: ADMIN_SCOPE,
  }
  const tokens = await signTokens(deps, pool, client, user, grant)
  const refreshToken = randomToken(deps.random, 48)
  await deps.store.insertRefreshToken(
    {
      hash: sha256Hex(refreshToken),
      poolId: pool.id,
      clientId: client.id,
      sub: user.sub,
      originJti: grant.originJti,
      authTime: grant.authTime,
      scope: grant.scope,
      expiresAt: deps.clock.now() + tokenLifetimes(client).refresh * 1000,
      revokedAt: null,
    },
    clearFailuresKey,
  )
  return {
    AccessToken: tokens.AccessToken,
    ExpiresIn: tokens.ExpiresIn,
    TokenType: 'Bearer',
    RefreshToken: refreshToken,
    IdToken: tokens.IdToken,
  }
}

/**
 * REFRESH_TOKEN_AUTH: new ID and access tokens with the original `auth_time` and `origin_jti`,
 * and no new refresh token (aws-semantics.md §5.4).
 */
export async function refresh(
  deps: UserPoolDeps,
  pool: PoolRecord,
  client: ClientRecord,
  refreshToken: string,
  loadUser: (sub: string) => Promise<UserRecord | undefined>,
): Promise<{ result: AuthenticationResult; user: UserRecord }> {
  const record = await deps.store.getRefreshToken(sha256Hex(refreshToken))
  if (!record || record.poolId !== pool.id || record.clientId !== client.id)
    throw errors.invalidRefreshToken()
  if (record.revokedAt !== null) throw errors.refreshTokenRevoked()
  if (deps.clock.now() >= record.expiresAt) throw errors.invalidRefreshToken()
  const user = await loadUser(record.sub)
  if (!user) throw errors.invalidRefreshToken()
  if (!user.enabled) throw errors.userDisabled()
  const tokens = await signTokens(deps, pool, client, user, {
    authTime: record.authTime,
    originJti: record.originJti,
    scope: record.scope,
  })
  return {
    result: {
      AccessToken: tokens.AccessToken,
      ExpiresIn: tokens.ExpiresIn,
      TokenType: 'Bearer',
      IdToken: tokens.IdToken,
    },
    user,
  }
}

/**
 * Verifies an access token presented to the user pool's own APIs (GetUser …): our signature,
 * our issuer, `token_use: access`, not expired, and the admin scope (or `requiredScope`:
 * `openid` at the userInfo endpoint).
 */
export async function verifyAccessToken(
  deps: UserPoolDeps,
  token: string,
  requiredScope = ADMIN_SCOPE,
): Promise<{ pool: PoolRecord; claims: AccessClaims }> {
  let unverified: JWTPayload
  try {
    unverified = decodeJwt(token)
  } catch {
    throw errors.invalidAccessToken()
  }
  const iss = typeof unverified.iss === 'string' ? unverified.iss : ''
  const poolId = iss.slice(iss.lastIndexOf('/') + 1)
  const pool = poolId ? await deps.store.getPool(poolId) : undefined
  if (!pool || iss !== issuerOf(deps, pool.id)) throw errors.invalidAccessToken()
  const keys = (await deps.store.getSigningKeys(pool.id)).filter((k) => k.use === 'access').map(toPublicJwk)
  let claims: JWTPayload
  try {
    ;({ payload: claims } = await jwtVerify(token, createLocalJWKSet({ keys }), {
      algorithms: ['RS256'],
      issuer: iss,
      currentDate: new Date(deps.clock.now()),
      requiredClaims: ['exp', 'sub'],
    }))
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ERR_JWT_EXPIRED')
      throw errors.accessTokenExpired()
    throw errors.invalidAccessToken()
  }
  if (
    claims.token_use !== 'access' ||
    typeof claims.username !== 'string' ||
    typeof claims.client_id !== 'string'
  )
    throw errors.invalidAccessToken()
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : []
  if (!scopes.includes(requiredScope)) throw errors.invalidAccessToken()
  return { pool, claims: claims as AccessClaims }
}

/**
 * The user an access token speaks for, on the pool's own APIs (GetUser, ChangePassword …): a
 * valid token (`verifyAccessToken`), a user that still exists, not signed out since the token
 * was issued and whose authentication was not revoked (keyed on `origin_jti` and the per-user
 * sign-out time, never on the token string: security.md §2 R9), and enabled.
 */
export async function authenticate(
  deps: UserPoolDeps,
  token: string,
  requiredScope = ADMIN_SCOPE,
): Promise<{ pool: PoolRecord; user: UserRecord; claims: AccessClaims }> {
  const { pool, claims } = await verifyAccessToken(deps, token, requiredScope)
  const user = await deps.store.getUser(pool.id, claims.sub)
  if (!user) throw errors.userNotFound()
  const issuedAt = typeof claims.iat === 'number' ? claims.iat : 0
  // Tokens from the second of the sign-out itself are caught by their origin_jti instead.
  const signedOut = user.signedOutAt !== null && issuedAt < Math.floor(user.signedOutAt / 1000)
  const originRevoked =
    typeof claims.origin_jti === 'string' && (await deps.store.isOriginRevoked(pool.id, claims.origin_jti))
  if (signedOut || originRevoked) throw errors.accessTokenRevoked()
  if (!user.enabled) throw errors.userDisabled()
  return { pool, user, claims }
}
