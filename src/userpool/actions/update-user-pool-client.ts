import { type Action, requirePool } from '../action.js'
import { type ClientSettings, clientSettingsFrom, clientSettingsShape, describeClient } from '../clients.js'
import { errors } from '../errors.js'
import { fields, parseInput, patterns, string } from '../input.js'
import { checkOAuthSettings } from '../oauth-settings.js'
import type { PoolRecord } from '../store.js'

const shape = {
  UserPoolId: fields.poolId(),
  ClientId: fields.clientId(),
  ClientName: string({ min: 1, max: 128, pattern: patterns.name }),
  ...clientSettingsShape,
}

/** UpdateUserPoolClient: like AWS, settings not given return to their defaults. */
export const updateUserPoolClient: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput(shape, body)
    const pool = await requirePool(deps, input.UserPoolId)
    const existing = await deps.store.getClient(input.ClientId)
    if (!existing || existing.poolId !== pool.id) throw errors.clientNotFound(input.ClientId)
    const settings = clientSettingsFrom(input)
    checkClientAttributes(pool, settings)
    await checkOAuthSettings(deps, pool, settings, existing.secret !== undefined)
    const client = {
      ...existing,
      name: input.ClientName ?? existing.name,
      settings,
      updatedAt: deps.clock.now(),
    }
    await deps.store.updateClient(client)
    return { UserPoolClient: describeClient(client) }
  },
}

/** Read and write attributes must exist in the pool's schema. */
export function checkClientAttributes(pool: PoolRecord, settings: ClientSettings): void {
  const known = new Set(pool.settings.SchemaAttributes.map((a) => a.Name))
  for (const name of [...(settings.ReadAttributes ?? []), ...(settings.WriteAttributes ?? [])])
    if (!known.has(name))
      throw errors.invalidParameter(`Invalid write attributes specified while creating a client`)
}
