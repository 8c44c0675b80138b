import { sha256Hex } from '../core/index.js'
import type { ClientRecord, PoolRecord } from '../userpool/index.js'
import { allowedScopes } from './authorize.js'
import { authenticateClient } from './clients.js'
import type { OAuthDeps } from './deps.js'
import { oauthError } from './errors.js'
import { json, readForm } from './http.js'
import { issueClientToken, issueUserTokens, newRefreshToken } from './issue.js'
import { isValidVerifier, verifierMatches } from './pkce.js'
import { grantScopes, parseScope } from './scopes.js'

type Form = Map<string, string>
type Grant = (
  deps: OAuthDeps,
  found: { pool: PoolRecord; client: ClientRecord },
  form: Form,
) => Promise<object>

/**
 * `POST /oauth2/token` (aws-semantics.md §6.2; RFC 6749 §3.2): a form body, client
 * authentication, then the grant. Errors are thrown as OAuthError for the surface's one handler.
 */
export async function tokenEndpoint(deps: OAuthDeps, poolId: string, request: Request): Promise<Response> {
  const form = await readForm(request)
  const found = await authenticateClient(deps, poolId, request.headers, form)
  const grantType = form.get('grant_type')
  if (!grantType) throw oauthError('invalid_request', 'grant_type is required')
  const grant = Object.hasOwn(GRANTS, grantType) ? GRANTS[grantType] : undefined
  if (!grant) throw oauthError('unsupported_grant_type', 'grant_type is not supported')
  return json(200, await grant(deps, found, form))
}

const GRANTS: Record<string, Grant> = {
  authorization_code: authorizationCodeGrant,
  refresh_token: refreshTokenGrant,
  client_credentials: clientCredentialsGrant,
}

/**
 * RFC 6749 §4.1.3 with PKCE (RFC 7636 §4.6). The code is spent by the first redemption that
 * names it, whatever happens next (a wrong verifier cannot be retried, security.md §3 D73), and a
 * second redemption revokes what the first one issued (§4.1.2; D76).
 */
async function authorizationCodeGrant(
  deps: OAuthDeps,
  { pool, client }: { pool: PoolRecord; client: ClientRecord },
  form: Form,
) {
  const presented = form.get('code')
  if (!presented) throw oauthError('invalid_request', 'code is required')
  if (!client.settings.AllowedOAuthFlows?.includes('code'))
    throw oauthError('unauthorized_client', 'the client may not use the code flow')
  const hash = sha256Hex(presented)
  const now = deps.clock.now()
  const redeemed = await deps.oauth.redeemAuthorizationCode(hash, now, deps.random.uuid())
  if (!redeemed) throw invalidGrant()
  const { code, firstUse } = redeemed
  if (!firstUse) {
    await deps.oauth.revokeCodeGrant(hash, now)
    throw invalidGrant()
  }
  if (now >= code.expiresAt || code.clientId !== client.id || code.poolId !== pool.id) throw invalidGrant()
  if (form.get('redirect_uri') !== code.redirectUri) throw invalidGrant('redirect_uri does not match')
  checkVerifier(code.codeChallenge, form.get('code_verifier'))
  const user = await deps.store.getUser(pool.id, code.sub)
  if (!user?.enabled) throw invalidGrant()
  const grant = {
    scopes: code.scope.split(' '),
    authTime: code.authTime,
    originJti: code.originJti!,
    nonce: code.nonce ?? undefined,
    atHash: true,
  }
  const tokens = await issueUserTokens(deps, pool, client, user, grant)
  const refresh = newRefreshToken(deps, client, user, grant)
  await deps.store.insertRefreshToken(refresh.record)
  // A replay that raced this redemption revoked before our refresh token existed: revoke it now
  // (a replay after this check finds the token stored and revokes it itself). The answer is still
  // the one success of D77, but what it carries no longer works (D76).
  if (await deps.oauth.codeReplayed(hash)) await deps.oauth.revokeCodeGrant(hash, deps.clock.now())
  return {
    ...(tokens.idToken ? { id_token: tokens.idToken } : {}),
    access_token: tokens.accessToken,
    refresh_token: refresh.token,
    expires_in: tokens.expiresIn,
    token_type: 'Bearer',
  }
}

function checkVerifier(challenge: string | null, verifier: string | undefined): void {
  if (challenge === null) {
    // A verifier for a code issued without a challenge is a downgrade attempt (RFC 9700 §4.8.2).
    if (verifier !== undefined) throw invalidGrant('the code was issued without PKCE')
    return
  }
  if (verifier === undefined) throw invalidGrant('code_verifier is required')
  if (!isValidVerifier(verifier)) throw oauthError('invalid_request', 'code_verifier is malformed')
  if (!verifierMatches(verifier, challenge)) throw invalidGrant('PKCE verification failed')
}

/**
 * RFC 6749 §6: new access and ID tokens with the original `auth_time`; no new refresh token
 * (aws-semantics.md §6.2). A `scope` may narrow the grant, never widen it (security.md §3 D85).
 */
async function refreshTokenGrant(
  deps: OAuthDeps,
  { pool, client }: { pool: PoolRecord; client: ClientRecord },
  form: Form,
) {
  const presented = form.get('refresh_token')
  if (!presented) throw oauthError('invalid_request', 'refresh_token is required')
  const record = await deps.store.getRefreshToken(sha256Hex(presented))
  if (
    !record ||
    record.poolId !== pool.id ||
    record.clientId !== client.id ||
    record.revokedAt !== null ||
    deps.clock.now() >= record.expiresAt
  )
    throw invalidGrant()
  const original = record.scope.split(' ')
  const requested = parseScope(form.get('scope'))
  if (requested?.some((s) => !original.includes(s)))
    throw oauthError('invalid_scope', 'a refresh cannot widen the granted scope')
  const user = await deps.store.getUser(pool.id, record.sub)
  if (!user?.enabled) throw invalidGrant()
  const tokens = await issueUserTokens(deps, pool, client, user, {
    scopes: requested ?? original,
    authTime: record.authTime,
    originJti: record.originJti,
    atHash: false,
  })
  return {
    ...(tokens.idToken ? { id_token: tokens.idToken } : {}),
    access_token: tokens.accessToken,
    expires_in: tokens.expiresIn,
    token_type: 'Bearer',
  }
}

/** RFC 6749 §4.4, for confidential clients and custom scopes only (aws-semantics.md §6.2). */
async function clientCredentialsGrant(
  deps: OAuthDeps,
  { pool, client }: { pool: PoolRecord; client: ClientRecord },
  form: Form,
) {
  if (!client.secret || !client.settings.AllowedOAuthFlows?.includes('client_credentials'))
    throw oauthError('unauthorized_client', 'the client may not use the client_credentials flow')
  const custom = (await allowedScopes(deps, pool, client)).filter((s) => s.includes('/'))
  const scopes = grantScopes(parseScope(form.get('scope')), custom)
  const token = await issueClientToken(deps, pool, client, scopes)
  return { access_token: token.accessToken, expires_in: token.expiresIn, token_type: 'Bearer' }
}

function invalidGrant(description?: string) {
  return oauthError('invalid_grant', description)
}
