import { type Action, requirePool, requireUser } from '../action.js'
import { requireGroup } from '../groups.js'
import { parseInput } from '../input.js'
import { membershipShape } from './admin-add-user-to-group.js'

export const adminRemoveUserFromGroup: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput(membershipShape, body)
    const pool = await requirePool(deps, input.UserPoolId)
    const user = await requireUser(deps, pool, input.Username)
    const group = await requireGroup(deps, pool, input.GroupName)
    await deps.store.removeUserFromGroup(pool.id, group.name, user.sub)
    return {}
  },
}
