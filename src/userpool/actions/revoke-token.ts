import { secretsEqual, sha256Hex } from '../../core/index.js'
import type { Action } from '../action.js'
import { errors } from '../errors.js'
import { fields, parseInput, required, string } from '../input.js'

const shape = {
  Token: required(string({ min: 1, max: 131072, sensitive: true })),
  ClientId: fields.clientId(),
  ClientSecret: string({ min: 1, max: 64, sensitive: true }),
  ClientMetadata: fields.metadata(),
}

/** Three base64url segments: an access or ID token, which RevokeToken does not take. */
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/

/**
 * RevokeToken: revokes a refresh token and every access token issued from it (keyed on its
 * `origin_jti`). The client authenticates with its secret if it has one. An unknown, already
 * revoked or another client's token is a silent success, so the call is no validity oracle
 * (aws-semantics.md §6.5; RFC 7009 §2.2).
 */
export const revokeToken: Action = {
  auth: 'none',
  async run({ deps }, body) {
    const input = parseInput(shape, body)
    const client = await deps.store.getClient(input.ClientId)
    if (!client) throw errors.unauthorizedClient()
    if (
      client.secret &&
      !(input.ClientSecret !== undefined && secretsEqual(client.secret, input.ClientSecret))
    )
      throw errors.unauthorizedClient()
    if (!client.settings.EnableTokenRevocation) throw errors.revocationDisabled()
    if (JWT.test(input.Token)) throw errors.notRefreshToken()
    const hash = sha256Hex(input.Token)
    const record = await deps.store.getRefreshToken(hash)
    if (record && record.clientId === client.id) await deps.store.revokeRefreshToken(hash, deps.clock.now())
    return {}
  },
}
