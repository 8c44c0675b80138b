import { type Action, requirePool } from '../action.js'
import { errors } from '../errors.js'
import { describeGroup, groupFields } from '../groups.js'
import { fields, parseInput } from '../input.js'

const shape = { UserPoolId: fields.poolId(), GroupName: fields.groupName(), ...groupFields }

/** CreateGroup: names are unique per pool (GroupExistsException), compared exactly. */
export const createGroup: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput(shape, body)
    const pool = await requirePool(deps, input.UserPoolId)
    const now = deps.clock.now()
    const group = {
      poolId: pool.id,
      name: input.GroupName,
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      ...(input.RoleArn !== undefined ? { roleArn: input.RoleArn } : {}),
      ...(input.Precedence !== undefined ? { precedence: input.Precedence } : {}),
      createdAt: now,
      updatedAt: now,
    }
    if (!(await deps.store.insertGroup(group))) throw errors.groupExists()
    return { Group: describeGroup(group) }
  },
}
