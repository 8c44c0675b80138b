import { type Action, requirePool } from '../action.js'
import {
  clientSettingsFrom,
  clientSettingsShape,
  describeClient,
  newClientId,
  newClientSecret,
} from '../clients.js'
import { boolean, fields, parseInput, patterns, required, string } from '../input.js'
import { checkOAuthSettings } from '../oauth-settings.js'
import { checkClientAttributes } from './update-user-pool-client.js'

const shape = {
  UserPoolId: fields.poolId(),
  ClientName: required(string({ min: 1, max: 128, pattern: patterns.name })),
  GenerateSecret: boolean(),
  ...clientSettingsShape,
}

export const createUserPoolClient: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput(shape, body)
    const pool = await requirePool(deps, input.UserPoolId)
    const settings = clientSettingsFrom(input)
    checkClientAttributes(pool, settings)
    await checkOAuthSettings(deps, pool, settings, input.GenerateSecret === true)
    const now = deps.clock.now()
    const client = {
      id: newClientId(deps.random),
      poolId: pool.id,
      name: input.ClientName,
      ...(input.GenerateSecret ? { secret: newClientSecret(deps.random) } : {}),
      createdAt: now,
      updatedAt: now,
      settings,
    }
    await deps.store.insertClient(client)
    return { UserPoolClient: describeClient(client) }
  },
}
