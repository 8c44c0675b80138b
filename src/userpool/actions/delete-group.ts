import { type Action, requirePool } from '../action.js'
import { errors } from '../errors.js'
import { fields, parseInput } from '../input.js'

/** DeleteGroup: the group and its memberships; members' next tokens no longer list it. */
export const deleteGroup: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput({ UserPoolId: fields.poolId(), GroupName: fields.groupName() }, body)
    const pool = await requirePool(deps, input.UserPoolId)
    if (!(await deps.store.deleteGroup(pool.id, input.GroupName))) throw errors.groupNotFound()
    return {}
  },
}
