import { createHash } from 'node:crypto'
import { epochSeconds, randomToken, sha256Hex } from '../core/index.js'
import { accessTokenClaims, idTokenClaims, pickKey } from '../tokens/index.js'
import {
  type ClientRecord,
  issuanceFor,
  issuerOf,
  type PoolRecord,
  type RefreshTokenRecord,
  tokenLifetimes,
  type UserRecord,
} from '../userpool/index.js'
import type { OAuthDeps } from './deps.js'

export interface UserGrant {
  scopes: readonly string[]
  /** Epoch seconds of the authentication the tokens descend from. */
  authTime: number
  originJti: string
  nonce?: string | undefined
  /** Add `at_hash` to the ID token (code and implicit flows). */
  atHash: boolean
}

export interface IssuedTokens {
  accessToken: string
  /** Only when `openid` is granted (aws-semantics.md §6.1). */
  idToken?: string
  expiresIn: number
}

/**
 * Access and ID tokens for an OAuth flow: the access token's `scope` is the granted scopes and it
 * carries `version: 2`; the ID token exists only with `openid`, carries the request's `nonce`, and
 * `at_hash` where the flow hands out both tokens at once.
 */
export async function issueUserTokens(
  deps: OAuthDeps,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  grant: UserGrant,
): Promise<IssuedTokens> {
  const { keys, subject, at, lifetimes } = await issuanceFor(deps, pool, client, user, {
    authTime: grant.authTime,
    originJti: grant.originJti,
    scope: grant.scopes.join(' '),
    oauth: true,
    ...(grant.nonce !== undefined ? { nonce: grant.nonce } : {}),
  })
  const accessToken = await deps.signer.sign(
    pickKey(keys, 'access'),
    accessTokenClaims(subject, at, deps.random.uuid()),
  )
  if (!grant.scopes.includes('openid')) return { accessToken, expiresIn: lifetimes.access }
  const claims = idTokenClaims(
    subject,
    grant.atHash ? { ...at, atHash: accessTokenHash(accessToken) } : at,
    deps.random.uuid(),
  )
  const idToken = await deps.signer.sign(pickKey(keys, 'id'), claims)
  return { accessToken, idToken, expiresIn: lifetimes.access }
}

/** OIDC Core §3.1.3.6: base64url of the left half of SHA-256 over the token (RS256). */
export function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest().subarray(0, 16).toString('base64url')
}

/** A new opaque refresh token and the record that stores only its digest. */
export function newRefreshToken(
  deps: OAuthDeps,
  client: ClientRecord,
  user: UserRecord,
  grant: Pick<UserGrant, 'scopes' | 'authTime' | 'originJti'>,
): { token: string; record: RefreshTokenRecord } {
  const token = randomToken(deps.random, 48)
  return {
    token,
    record: {
      hash: sha256Hex(token),
      poolId: client.poolId,
      clientId: client.id,
      sub: user.sub,
      originJti: grant.originJti,
      authTime: grant.authTime,
      scope: grant.scopes.join(' '),
      expiresAt: deps.clock.now() + tokenLifetimes(client).refresh * 1000,
      revokedAt: null,
    },
  }
}

/**
 * The client credentials grant's access token: about the client itself, so `sub` is the client
 * id and there is no username or ID token (Cognito's machine-to-machine tokens).
 */
export async function issueClientToken(
  deps: OAuthDeps,
  pool: PoolRecord,
  client: ClientRecord,
  scopes: readonly string[],
): Promise<{ accessToken: string; expiresIn: number }> {
  const keys = await deps.store.getSigningKeys(pool.id)
  const now = epochSeconds(deps.clock)
  const expiresIn = tokenLifetimes(client).access
  const accessToken = await deps.signer.sign(pickKey(keys, 'access'), {
    sub: client.id,
    token_use: 'access',
    scope: scopes.join(' '),
    auth_time: now,
    iss: issuerOf(deps, pool.id),
    exp: now + expiresIn,
    iat: now,
    version: 2,
    jti: deps.random.uuid(),
    client_id: client.id,
  })
  return { accessToken, expiresIn }
}
