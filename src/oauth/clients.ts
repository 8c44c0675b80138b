import { secretsEqual } from '../core/index.js'
import type { ClientRecord, PoolRecord } from '../userpool/index.js'
import type { OAuthDeps } from './deps.js'
import { OAuthError, oauthError } from './errors.js'

/** The app client `clientId` names in this pool, if any. */
export async function findClient(
  deps: OAuthDeps,
  poolId: string,
  clientId: string | undefined,
): Promise<{ pool: PoolRecord; client: ClientRecord } | undefined> {
  if (!clientId || clientId.length > 128) return undefined
  const client = await deps.store.getClient(clientId)
  if (!client || client.poolId !== poolId) return undefined
  const pool = await deps.store.getPool(poolId)
  return pool && { pool, client }
}

interface Credentials {
  clientId: string | undefined
  secret: string | undefined
  basic: boolean
}

/**
 * Client authentication at the token and revocation endpoints (RFC 6749 §2.3.1): HTTP Basic or
 * `client_id`/`client_secret` in the body, never both (invalid_request); a public client sends
 * only its `client_id`. Unknown clients and wrong secrets of any length are invalid_client, 401
 * with a Basic challenge when Basic was used (§5.2).
 */
export async function authenticateClient(
  deps: OAuthDeps,
  poolId: string,
  headers: Headers,
  form: Map<string, string>,
): Promise<{ pool: PoolRecord; client: ClientRecord }> {
  const credentials = readCredentials(headers, form)
  const fail = (description: string) =>
    credentials.basic
      ? new OAuthError('invalid_client', description, {
          status: 401,
          challenge: 'Basic realm="oauth2", charset="UTF-8"',
        })
      : oauthError('invalid_client', description)
  const found = await findClient(deps, poolId, credentials.clientId)
  if (!found) throw fail('unknown client')
  const { secret } = found.client
  if (secret === undefined) {
    if (credentials.secret !== undefined) throw fail('the client has no secret')
  } else if (credentials.secret === undefined || !secretsEqual(secret, credentials.secret))
    throw fail('client authentication failed')
  return found
}

function readCredentials(headers: Headers, form: Map<string, string>): Credentials {
  const authorization = headers.get('authorization')
  if (authorization === null || !/^basic /i.test(authorization))
    return { clientId: form.get('client_id'), secret: form.get('client_secret'), basic: false }
  if (form.has('client_secret'))
    throw oauthError('invalid_request', 'use one client authentication method, not two')
  const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0)
    throw new OAuthError('invalid_client', 'malformed Basic credentials', {
      status: 401,
      challenge: 'Basic realm="oauth2", charset="UTF-8"',
    })
  const clientId = formDecode(decoded.slice(0, colon))
  if (form.has('client_id') && form.get('client_id') !== clientId)
    throw oauthError('invalid_request', 'client_id differs from the authenticated client')
  return { clientId, secret: formDecode(decoded.slice(colon + 1)), basic: true }
}

/** RFC 6749 §2.3.1: the id and secret are form-encoded before they are joined. */
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replaceAll('+', ' '))
  } catch {
    return value
  }
}
