import { type Action, requirePool } from '../action.js'
import { fields, parseInput } from '../input.js'
import { describePool } from '../pools.js'

export const describeUserPool: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const { UserPoolId } = parseInput({ UserPoolId: fields.poolId() }, body)
    const pool = await requirePool(deps, UserPoolId)
    return { UserPool: describePool(pool, await deps.store.countUsers(pool.id), deps.accountId) }
  },
}
