import { type Action, requirePool, requireUser } from '../action.js'
import { requireGroup } from '../groups.js'
import { fields, parseInput } from '../input.js'

/** Who and which group, for adding and removing a membership. */
export const membershipShape = {
  UserPoolId: fields.poolId(),
  Username: fields.username(),
  GroupName: fields.groupName(),
}

/** AdminAddUserToGroup: idempotent; the next tokens carry the group in `cognito:groups`. */
export const adminAddUserToGroup: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput(membershipShape, body)
    const pool = await requirePool(deps, input.UserPoolId)
    const user = await requireUser(deps, pool, input.Username)
    const group = await requireGroup(deps, pool, input.GroupName)
    await deps.store.addUserToGroup(pool.id, group.name, user.sub)
    return {}
  },
}
