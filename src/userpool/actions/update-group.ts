import { type Action, requirePool } from '../action.js'
import { describeGroup, groupFields, requireGroup } from '../groups.js'
import { fields, parseInput } from '../input.js'

const shape = { UserPoolId: fields.poolId(), GroupName: fields.groupName(), ...groupFields }

/** UpdateGroup: the members given replace the stored ones; members left out keep their values. */
export const updateGroup: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput(shape, body)
    const pool = await requirePool(deps, input.UserPoolId)
    const group = {
      ...(await requireGroup(deps, pool, input.GroupName)),
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      ...(input.RoleArn !== undefined ? { roleArn: input.RoleArn } : {}),
      ...(input.Precedence !== undefined ? { precedence: input.Precedence } : {}),
      updatedAt: deps.clock.now(),
    }
    await deps.store.updateGroup(group)
    return { Group: describeGroup(group) }
  },
}
