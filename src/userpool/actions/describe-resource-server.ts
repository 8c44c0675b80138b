import { type Action, requirePool } from '../action.js'
import { fields, parseInput } from '../input.js'
import { describeResourceServer, requireResourceServer, resourceServerFields } from '../resource-servers.js'

export const describeResourceServerAction: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput(
      { UserPoolId: fields.poolId(), Identifier: resourceServerFields.Identifier },
      body,
    )
    const pool = await requirePool(deps, input.UserPoolId)
    return {
      ResourceServer: describeResourceServer(await requireResourceServer(deps, pool, input.Identifier)),
    }
  },
}
