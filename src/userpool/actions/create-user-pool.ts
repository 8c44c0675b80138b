import { generateSigningKey } from '../../tokens/index.js'
import type { Action } from '../action.js'
import { parseInput, patterns, required, string, stringMap } from '../input.js'
import { describePool, newPoolId, poolSettingsFrom, poolSettingsShape } from '../pools.js'

const shape = {
  PoolName: required(string({ min: 1, max: 128, pattern: patterns.name })),
  UserPoolTags: stringMap(),
  ...poolSettingsShape,
}

/** CreateUserPool: a new pool with its own two signing keys (one for ID, one for access tokens). */
export const createUserPool: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput(shape, body)
    const settings = poolSettingsFrom(input, input.UserPoolTags)
    const now = deps.clock.now()
    const pool = {
      id: newPoolId(deps.region, deps.random),
      name: input.PoolName,
      createdAt: now,
      updatedAt: now,
      settings,
    }
    const keys = await Promise.all([generateSigningKey('id', now), generateSigningKey('access', now)])
    await deps.store.insertPool(pool, keys)
    return { UserPool: describePool(pool, 0, deps.accountId) }
  },
}
