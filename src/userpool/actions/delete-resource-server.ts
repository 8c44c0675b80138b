import { type Action, requirePool } from '../action.js'
import { errors } from '../errors.js'
import { fields, parseInput } from '../input.js'
import { resourceServerFields } from '../resource-servers.js'

/**
 * DeleteResourceServer. Clients that list its scopes keep them in their settings, but they are
 * no longer granted: authorization grants only scopes that exist.
 */
export const deleteResourceServer: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput(
      { UserPoolId: fields.poolId(), Identifier: resourceServerFields.Identifier },
      body,
    )
    const pool = await requirePool(deps, input.UserPoolId)
    if (!(await deps.store.deleteResourceServer(pool.id, input.Identifier)))
      throw errors.resourceServerNotFound()
    return {}
  },
}
