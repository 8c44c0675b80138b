import { type Action, requirePool, requireUser } from '../action.js'
import { describeGroup } from '../groups.js'
import { fields, parseInput } from '../input.js'
import { continueAfter, page } from '../pagination.js'

const shape = {
  UserPoolId: fields.poolId(),
  Username: fields.username(),
  Limit: fields.limit(),
  NextToken: fields.nextToken(),
}

export const adminListGroupsForUser: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput(shape, body)
    const pool = await requirePool(deps, input.UserPoolId)
    const user = await requireUser(deps, pool, input.Username)
    const limit = input.Limit || 60
    const scope = ['user-groups', pool.id, user.sub]
    const after = await continueAfter(deps, scope, input.NextToken)
    const groups = await deps.store.listGroupsForUser(pool.id, user.sub, limit + 1, after)
    const { items, next } = await page(deps, scope, groups, limit, (g) => g.name)
    return { Groups: items.map(describeGroup), ...(next ? { NextToken: next } : {}) }
  },
}
