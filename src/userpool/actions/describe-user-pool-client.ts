import type { Action } from '../action.js'
import { describeClient } from '../clients.js'
import { errors } from '../errors.js'
import { fields, parseInput } from '../input.js'

export const describeUserPoolClient: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput({ UserPoolId: fields.poolId(), ClientId: fields.clientId() }, body)
    const client = await deps.store.getClient(input.ClientId)
    if (!client || client.poolId !== input.UserPoolId) throw errors.clientNotFound(input.ClientId)
    return { UserPoolClient: describeClient(client) }
  },
}
