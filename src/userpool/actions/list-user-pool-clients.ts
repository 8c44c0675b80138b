import { type Action, requirePool } from '../action.js'
import { fields, integer, parseInput, string } from '../input.js'
import { continueAfter, page } from '../pagination.js'

const shape = {
  UserPoolId: fields.poolId(),
  MaxResults: integer({ min: 1, max: 60 }),
  NextToken: string({ min: 1, max: 131072 }),
}

export const listUserPoolClients: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput(shape, body)
    const pool = await requirePool(deps, input.UserPoolId)
    const limit = input.MaxResults ?? 60
    const scope = ['clients', pool.id]
    const after = await continueAfter(deps, scope, input.NextToken)
    const { items, next } = await page(
      deps,
      scope,
      await deps.store.listClients(pool.id, limit + 1, after),
      limit,
      (c) => c.id,
    )
    return {
      UserPoolClients: items.map((c) => ({ ClientId: c.id, UserPoolId: c.poolId, ClientName: c.name })),
      ...(next ? { NextToken: next } : {}),
    }
  },
}
