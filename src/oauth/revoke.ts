import { sha256Hex } from '../core/index.js'
import { authenticateClient } from './clients.js'
import type { OAuthDeps } from './deps.js'
import { oauthError } from './errors.js'
import { readForm } from './http.js'

/** Three base64url segments: an access or ID token, which cannot be revoked here. */
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/

/**
 * `POST /oauth2/revoke` (aws-semantics.md §6.5; RFC 7009): revokes a refresh token and, through
 * its `origin_jti`, the access tokens issued from it. 200 with an empty body for unknown, revoked
 * or another client's tokens too, so the endpoint is no validity oracle (RFC 7009 §2.2).
 */
export async function revokeEndpoint(deps: OAuthDeps, poolId: string, request: Request): Promise<Response> {
  const form = await readForm(request)
  const { client } = await authenticateClient(deps, poolId, request.headers, form)
  const token = form.get('token')
  if (!token) throw oauthError('invalid_request', 'token is required')
  if (!client.settings.EnableTokenRevocation)
    throw oauthError('invalid_request', 'token revocation is not enabled for this client')
  if (JWT.test(token)) throw oauthError('unsupported_token_type', 'only refresh tokens can be revoked')
  const hash = sha256Hex(token)
  const record = await deps.store.getRefreshToken(hash)
  if (record && record.clientId === client.id) await deps.store.revokeRefreshToken(hash, deps.clock.now())
  return new Response(null, { status: 200, headers: { 'cache-control': 'no-store' } })
}
