import type { Action } from '../action.js'
import { integer, parseInput, required, string } from '../input.js'
import { continueAfter, page } from '../pagination.js'

const shape = {
  MaxResults: required(integer({ min: 1, max: 60 })),
  NextToken: string({ min: 1, max: 131072 }),
}

export const listUserPools: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput(shape, body)
    const scope = ['pools']
    const after = await continueAfter(deps, scope, input.NextToken)
    const { items, next } = await page(
      deps,
      scope,
      await deps.store.listPools(input.MaxResults + 1, after),
      input.MaxResults,
      (p) => p.id,
    )
    return {
      UserPools: items.map((p) => ({
        Id: p.id,
        Name: p.name,
        LambdaConfig: {},
        LastModifiedDate: p.updatedAt / 1000,
        CreationDate: p.createdAt / 1000,
      })),
      ...(next ? { NextToken: next } : {}),
    }
  },
}
