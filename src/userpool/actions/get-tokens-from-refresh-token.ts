import { secretsEqual } from '../../core/index.js'
import { type Action, requireClient } from '../action.js'
import { errors } from '../errors.js'
import { fields, parseInput, required, string } from '../input.js'
import { refresh } from '../sessions.js'

const shape = {
  RefreshToken: required(string({ min: 1, max: 131072, sensitive: true })),
  ClientId: fields.clientId(),
  ClientSecret: string({ min: 1, max: 64, sensitive: true }),
  DeviceKey: string({ min: 1, max: 55 }),
  ClientMetadata: fields.metadata(),
}

/**
 * GetTokensFromRefreshToken (how Amplify v6 refreshes): REFRESH_TOKEN_AUTH with the client's
 * secret itself instead of a SECRET_HASH. Without rotation configured no new refresh token is
 * issued (aws-semantics.md §5.3–5.4).
 */
export const getTokensFromRefreshToken: Action = {
  auth: 'none',
  async run({ deps }, body) {
    const input = parseInput(shape, body)
    const { client, pool } = await requireClient(deps, input.ClientId)
    if (
      client.secret &&
      !(input.ClientSecret !== undefined && secretsEqual(client.secret, input.ClientSecret))
    )
      throw errors.secretHashMismatch(client.id)
    const { result } = await refresh(deps, pool, client, input.RefreshToken, (sub) =>
      deps.store.getUser(pool.id, sub),
    )
    return { AuthenticationResult: result }
  },
}
