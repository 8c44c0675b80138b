import { type Action, requirePool, requireUser } from '../action.js'
import { fields, parseInput } from '../input.js'

export const adminEnableUser: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput({ UserPoolId: fields.poolId(), Username: fields.username() }, body)
    const pool = await requirePool(deps, input.UserPoolId)
    const user = await requireUser(deps, pool, input.Username)
    await deps.store.saveUser({ ...user, enabled: true, updatedAt: deps.clock.now() })
    return {}
  },
}
