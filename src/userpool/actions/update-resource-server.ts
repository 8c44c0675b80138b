import { type Action, requirePool } from '../action.js'
import { fields, parseInput } from '../input.js'
import {
  describeResourceServer,
  requireResourceServer,
  resourceServerFields,
  resourceServerFrom,
} from '../resource-servers.js'

/** UpdateResourceServer: like AWS, the name and scopes given replace the old ones (no scopes: none). */
export const updateResourceServer: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput({ UserPoolId: fields.poolId(), ...resourceServerFields }, body)
    const pool = await requirePool(deps, input.UserPoolId)
    await requireResourceServer(deps, pool, input.Identifier)
    const server = resourceServerFrom(pool.id, input)
    await deps.store.updateResourceServer(server)
    return { ResourceServer: describeResourceServer(server) }
  },
}
