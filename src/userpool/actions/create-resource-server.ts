import { type Action, requirePool } from '../action.js'
import { errors } from '../errors.js'
import { fields, parseInput } from '../input.js'
import {
  describeResourceServer,
  MAX_RESOURCE_SERVERS,
  resourceServerFields,
  resourceServerFrom,
} from '../resource-servers.js'

/** CreateResourceServer: an identifier is unique within its pool. */
export const createResourceServer: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput({ UserPoolId: fields.poolId(), ...resourceServerFields }, body)
    const pool = await requirePool(deps, input.UserPoolId)
    const server = resourceServerFrom(pool.id, input)
    if ((await deps.store.listResourceServers(pool.id, MAX_RESOURCE_SERVERS)).length >= MAX_RESOURCE_SERVERS)
      throw errors.limitExceeded('The user pool has reached its limit of resource servers.')
    if (!(await deps.store.insertResourceServer(server))) throw errors.resourceServerExists(server.identifier)
    return { ResourceServer: describeResourceServer(server) }
  },
}
