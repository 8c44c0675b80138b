import { type Action, requirePool } from '../action.js'
import { fields, integer, parseInput, required } from '../input.js'
import { continueAfter, page } from '../pagination.js'
import { describeResourceServer } from '../resource-servers.js'

export const listResourceServers: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput(
      {
        UserPoolId: fields.poolId(),
        MaxResults: required(integer({ min: 1, max: 50 })),
        NextToken: fields.nextToken(),
      },
      body,
    )
    const pool = await requirePool(deps, input.UserPoolId)
    const scope = ['resource-servers', pool.id]
    const after = await continueAfter(deps, scope, input.NextToken)
    const rows = await deps.store.listResourceServers(pool.id, input.MaxResults + 1, after)
    const { items, next } = await page(deps, scope, rows, input.MaxResults, (s) => s.identifier)
    return { ResourceServers: items.map(describeResourceServer), ...(next ? { NextToken: next } : {}) }
  },
}
