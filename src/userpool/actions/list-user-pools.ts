import { type Action, pageToken, readPageToken } from '../action.js'
import { integer, parseInput, required, string } from '../input.js'

const shape = {
  MaxResults: required(integer({ min: 1, max: 60 })),
  NextToken: string({ min: 1, max: 131072 }),
}

export const listUserPools: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput(shape, body)
    const after = readPageToken('pools', input.NextToken)
    const pools = await deps.store.listPools(input.MaxResults + 1, after)
    const page = pools.slice(0, input.MaxResults)
    return {
      UserPools: page.map((p) => ({
        Id: p.id,
        Name: p.name,
        LambdaConfig: {},
        LastModifiedDate: p.updatedAt / 1000,
        CreationDate: p.createdAt / 1000,
      })),
      ...(pools.length > input.MaxResults ? { NextToken: pageToken('pools', page.at(-1)!.id) } : {}),
    }
  },
}
