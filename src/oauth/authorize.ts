import { randomToken, sha256Hex } from '../core/index.js'
import {
  type ClientRecord,
  customScopesOf,
  type PoolRecord,
  STANDARD_SCOPES,
  type UserRecord,
} from '../userpool/index.js'
import { findClient } from './clients.js'
import { CODE_LIFETIME_MS, type OAuthDeps } from './deps.js'
import { OAuthError, oauthError } from './errors.js'
import { issueUserTokens } from './issue.js'
import { isValidS256Challenge } from './pkce.js'
import { isRegisteredRedirect, withParameters } from './redirect.js'
import { grantScopes, parseScope } from './scopes.js'

/** A validated `/oauth2/authorize` request (aws-semantics.md §6.1). */
export interface AuthorizeRequest {
  pool: PoolRecord
  client: ClientRecord
  responseType: 'code' | 'token'
  redirectUri: string
  scopes: string[]
  state?: string
  nonce?: string
  codeChallenge?: string
}

/** Why there is no safe place to send the browser back to: shown on an error page (NOREDIR). */
export type DeadEnd = 'unknown-client' | 'unregistered-redirect' | 'invalid-request'

export type AuthorizeCheck =
  | { ok: true; request: AuthorizeRequest }
  | { ok: false; deadEnd: DeadEnd }
  /** An RFC 6749 §4.1.2.1 error response to the registered redirect URI. */
  | { ok: false; redirect: string }

/**
 * Checks an authorization request in RFC 6749's order: the client and its redirect URI first
 * (failures there are never redirected, §4.1.2.1), then everything else, whose failures go back
 * to the now trusted redirect URI with `error` and the `state`.
 */
export async function checkAuthorizeRequest(
  deps: OAuthDeps,
  poolId: string,
  query: URLSearchParams,
): Promise<AuthorizeCheck> {
  const once = (name: string) => (query.getAll(name).length > 1 ? null : (query.get(name) ?? undefined))
  const clientId = once('client_id')
  const redirectUri = once('redirect_uri')
  if (clientId === null || redirectUri === null || !clientId || !redirectUri)
    return { ok: false, deadEnd: clientId ? 'invalid-request' : 'unknown-client' }
  const found = await findClient(deps, poolId, clientId)
  if (!found) return { ok: false, deadEnd: 'unknown-client' }
  if (!isRegisteredRedirect(redirectUri, found.client.settings.CallbackURLs ?? []))
    return { ok: false, deadEnd: 'unregistered-redirect' }
  const state = once('state') ?? undefined
  const responseType = once('response_type')
  const where = responseType === 'token' ? 'fragment' : 'query'
  try {
    const request = await checkParameters(deps, found, redirectUri, once)
    return { ok: true, request }
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error
    return { ok: false, redirect: errorRedirect(redirectUri, error, state, where) }
  }
}

async function checkParameters(
  deps: OAuthDeps,
  { pool, client }: { pool: PoolRecord; client: ClientRecord },
  redirectUri: string,
  once: (name: string) => string | null | undefined,
): Promise<AuthorizeRequest> {
  for (const name of ['response_type', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method'])
    if (once(name) === null) throw oauthError('invalid_request', `${name} is given more than once`)
  const responseType = once('response_type')
  if (!responseType) throw oauthError('invalid_request', 'response_type is required')
  if (responseType !== 'code' && responseType !== 'token')
    throw oauthError('unsupported_response_type', 'response_type must be code or token')
  const s = client.settings
  const flow = responseType === 'code' ? 'code' : 'implicit'
  if (!s.AllowedOAuthFlowsUserPoolClient || !s.AllowedOAuthFlows?.includes(flow))
    throw oauthError('unauthorized_client', `the client may not use the ${flow} flow`)
  // Only the user pool's own directory signs users in here; identity_provider and idp_identifier
  // naming another provider are ignored (docs/hosted-ui.md).
  if (!s.SupportedIdentityProviders?.includes('COGNITO'))
    throw oauthError('unauthorized_client', 'the client has no identity provider enabled')
  const scopes = grantScopes(parseScope(once('scope') ?? undefined), await allowedScopes(deps, pool, client))
  const request: AuthorizeRequest = { pool, client, responseType, redirectUri, scopes }
  const state = once('state')
  const nonce = once('nonce')
  if (state) request.state = state
  if (nonce) request.nonce = nonce
  if (responseType === 'code') {
    const challenge = pkceChallenge(
      once('code_challenge') ?? undefined,
      once('code_challenge_method') ?? undefined,
    )
    // RFC 9700 §2.1.1: public clients must use PKCE.
    if (!challenge && !client.secret)
      throw oauthError('invalid_request', 'code_challenge is required for clients without a secret')
    if (challenge) request.codeChallenge = challenge
  }
  return request
}

/** S256 only (aws-semantics.md §6.1); a method without a challenge, or one without a method, is invalid. */
function pkceChallenge(challenge: string | undefined, method: string | undefined): string | undefined {
  if (challenge === undefined && method === undefined) return undefined
  if (method !== 'S256') throw oauthError('invalid_request', 'code_challenge_method must be S256')
  if (challenge === undefined || !isValidS256Challenge(challenge))
    throw oauthError('invalid_request', 'code_challenge must be a 43-character base64url S256 challenge')
  return challenge
}

/** The client's allowed scopes that exist: standard ones, and custom ones of existing resource servers. */
export async function allowedScopes(
  deps: OAuthDeps,
  pool: PoolRecord,
  client: ClientRecord,
): Promise<string[]> {
  const allowed = client.settings.AllowedOAuthScopes ?? []
  if (allowed.every((s) => STANDARD_SCOPES.has(s))) return allowed
  const custom = await customScopesOf(deps, pool.id)
  return allowed.filter((s) => STANDARD_SCOPES.has(s) || custom.has(s))
}

function errorRedirect(
  redirectUri: string,
  error: OAuthError,
  state: string | undefined,
  where: 'query' | 'fragment',
): string {
  return withParameters(
    redirectUri,
    {
      error: error.error,
      ...(error.description ? { error_description: error.description } : {}),
      ...(state ? { state } : {}),
    },
    where,
  )
}

/**
 * The successful authorization response for a signed-in user: a single-use code bound to the
 * request (code flow), or the tokens in the fragment in Cognito's order (implicit flow).
 */
export async function authorizationResponse(
  deps: OAuthDeps,
  request: AuthorizeRequest,
  user: UserRecord,
  authTime: number,
): Promise<string> {
  const state: Record<string, string> = request.state ? { state: request.state } : {}
  if (request.responseType === 'code') {
    // 256 bits from the CSPRNG (security.md §3 D88), stored only as a digest.
    const code = randomToken(deps.random, 32)
    await deps.oauth.insertAuthorizationCode({
      hash: sha256Hex(code),
      poolId: request.pool.id,
      clientId: request.client.id,
      sub: user.sub,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge ?? null,
      scope: request.scopes.join(' '),
      nonce: request.nonce ?? null,
      authTime,
      expiresAt: deps.clock.now() + CODE_LIFETIME_MS,
      usedAt: null,
      originJti: null,
      replayedAt: null,
    })
    return withParameters(request.redirectUri, { code, ...state }, 'query')
  }
  const tokens = await issueUserTokens(deps, request.pool, request.client, user, {
    scopes: request.scopes,
    authTime,
    originJti: deps.random.uuid(),
    nonce: request.nonce,
    atHash: true,
  })
  return withParameters(
    request.redirectUri,
    {
      ...(tokens.idToken ? { id_token: tokens.idToken } : {}),
      access_token: tokens.accessToken,
      expires_in: String(tokens.expiresIn),
      token_type: 'Bearer',
      ...state,
    },
    'fragment',
  )
}
