import { type Action, requirePool } from '../action.js'
import { requireGroup } from '../groups.js'
import { fields, parseInput } from '../input.js'
import { continueAfter, page } from '../pagination.js'
import { userType } from '../users.js'

const shape = {
  UserPoolId: fields.poolId(),
  GroupName: fields.groupName(),
  Limit: fields.limit(),
  NextToken: fields.nextToken(),
}

export const listUsersInGroup: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput(shape, body)
    const pool = await requirePool(deps, input.UserPoolId)
    const group = await requireGroup(deps, pool, input.GroupName)
    const limit = input.Limit || 60
    const scope = ['group-users', pool.id, group.name]
    const after = await continueAfter(deps, scope, input.NextToken)
    const users = await deps.store.listUsersInGroup(pool.id, group.name, limit + 1, after)
    const { items, next } = await page(deps, scope, users, limit, (u) => u.sub)
    return { Users: items.map((u) => userType(u)), ...(next ? { NextToken: next } : {}) }
  },
}
