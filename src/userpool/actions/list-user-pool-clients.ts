import { type Action, pageToken, readPageToken, requirePool } from '../action.js'
import { fields, integer, parseInput, string } from '../input.js'

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
    const clients = await deps.store.listClients(
      pool.id,
      limit + 1,
      readPageToken(`clients:${pool.id}`, input.NextToken),
    )
    const page = clients.slice(0, limit)
    return {
      UserPoolClients: page.map((c) => ({ ClientId: c.id, UserPoolId: c.poolId, ClientName: c.name })),
      ...(clients.length > limit ? { NextToken: pageToken(`clients:${pool.id}`, page.at(-1)!.id) } : {}),
    }
  },
}
