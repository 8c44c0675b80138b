import { type Action, requirePool } from '../action.js'
import { describeGroup } from '../groups.js'
import { fields, parseInput } from '../input.js'
import { continueAfter, page } from '../pagination.js'

export const listGroups: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput(
      { UserPoolId: fields.poolId(), Limit: fields.limit(), NextToken: fields.nextToken() },
      body,
    )
    const pool = await requirePool(deps, input.UserPoolId)
    const limit = input.Limit || 60
    const scope = ['groups', pool.id]
    const after = await continueAfter(deps, scope, input.NextToken)
    const groups = await deps.store.listGroups(pool.id, limit + 1, after)
    const { items, next } = await page(deps, scope, groups, limit, (g) => g.name)
    return { Groups: items.map(describeGroup), ...(next ? { NextToken: next } : {}) }
  },
}
