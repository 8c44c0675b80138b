import type { Action } from '../action.js'
import { updateAttributes } from '../attribute-updates.js'
import { checkWritable } from '../clients.js'
import { fields, parseInput, required } from '../input.js'
import { authenticate } from '../sessions.js'
import { attributesFrom } from '../users.js'

const shape = {
  AccessToken: fields.accessToken(),
  UserAttributes: required(fields.attributes()),
  ClientMetadata: fields.metadata(),
}

/**
 * UpdateUserAttributes: the caller's own attributes, within the client's WriteAttributes. A new
 * email or phone number the pool verifies gets a code (CodeDeliveryDetailsList).
 */
export const updateUserAttributes: Action = {
  auth: 'none',
  async run({ deps }, body) {
    const input = parseInput(shape, body)
    const { pool, user, claims } = await authenticate(deps, input.AccessToken)
    const given = attributesFrom(pool, input.UserAttributes, { admin: false })
    const client = await deps.store.getClient(claims.client_id)
    if (client) checkWritable(client, Object.keys(given))
    return { CodeDeliveryDetailsList: await updateAttributes(deps, pool, user, given, 'user') }
  },
}
