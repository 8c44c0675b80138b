import { type Action, requirePool } from '../action.js'
import { describeGroup, requireGroup } from '../groups.js'
import { fields, parseInput } from '../input.js'

export const getGroup: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput({ UserPoolId: fields.poolId(), GroupName: fields.groupName() }, body)
    const pool = await requirePool(deps, input.UserPoolId)
    return { Group: describeGroup(await requireGroup(deps, pool, input.GroupName)) }
  },
}
