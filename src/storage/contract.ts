import { after, before, describe } from 'node:test'
import type { OAuthStore } from '../oauth/index.js'
import { generateSigningKey } from '../tokens/index.js'
import type { PoolRecord, UserPoolStore } from '../userpool/index.js'
import { groupContract } from './contract/groups.js'
import { oauthContract } from './contract/oauth.js'
import { poolContract } from './contract/pools.js'
import { type ContractContext, samplePool } from './contract/samples.js'
import { signInContract } from './contract/sign-in.js'
import { userContract } from './contract/users.js'

/**
 * The conformance suite every UserPoolStore adapter must pass (SQLite now, PostgreSQL later):
 * behaviour, atomicity and races, through the port only. The parts live in contract/.
 */
export function userPoolStoreContract(
  name: string,
  open: () => Promise<{ store: UserPoolStore & OAuthStore; close(): Promise<void> }>,
) {
  describe(`UserPoolStore contract: ${name}`, () => {
    let store: UserPoolStore & OAuthStore
    let close: () => Promise<void>
    let n = 0
    const fresh = () => `us-east-1_T${String(++n).padStart(8, '0')}${Math.random().toString(36).slice(2, 6)}`

    before(async () => {
      ;({ store, close } = await open())
    })
    after(() => close())

    async function newPool(): Promise<PoolRecord> {
      const pool = samplePool(fresh())
      await store.insertPool(pool, [await generateSigningKey('id', 1), await generateSigningKey('access', 1)])
      return pool
    }

    const ctx: ContractContext = {
      get store() {
        return store
      },
      newPool,
      get serial() {
        return n
      },
    }
    poolContract(ctx)
    userContract(ctx)
    signInContract(ctx)
    groupContract(ctx)
    oauthContract(ctx)
  })
}
