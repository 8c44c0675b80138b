import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { generateSigningKey } from '../tokens/index.js'
import {
  type ClientRecord,
  LoginTakenError,
  type PoolRecord,
  type UserPoolStore,
  type UserRecord,
} from '../userpool/index.js'

/**
 * The conformance suite every UserPoolStore adapter must pass (SQLite now, PostgreSQL later):
 * behaviour, atomicity and the unique-key race, through the port only.
 */
export function userPoolStoreContract(
  name: string,
  open: () => Promise<{ store: UserPoolStore; close(): Promise<void> }>,
) {
  describe(`UserPoolStore contract: ${name}`, () => {
    let store: UserPoolStore
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

    test('pools round-trip, list in id order with a cursor, and delete with everything in them', async () => {
      const a = await newPool()
      const b = await newPool()
      assert.deepEqual(await store.getPool(a.id), a)
      assert.equal((await store.getSigningKeys(a.id)).length, 2)
      const first = await store.listPools(1, a.id)
      assert.equal(first[0]?.id, b.id)
      const client = sampleClient(a.id, `c${n}`)
      await store.insertClient(client)
      await store.insertUser(sampleUser(a.id, 'u1'), ['username:u1'])
      assert.equal(await store.countUsers(a.id), 1)
      assert.equal(await store.deletePool(a.id), true)
      assert.equal(await store.getPool(a.id), undefined)
      assert.equal(await store.getClient(client.id), undefined)
      assert.equal(await store.findUserByLogin(a.id, 'username:u1'), undefined)
      assert.deepEqual(await store.getSigningKeys(a.id), [])
      assert.equal(await store.deletePool(a.id), false)
    })

    test('clients round-trip, update and delete', async () => {
      const pool = await newPool()
      const client = sampleClient(pool.id, `cl${n}`)
      await store.insertClient(client)
      assert.deepEqual(await store.getClient(client.id), client)
      const updated = { ...client, name: 'renamed', updatedAt: 5 }
      await store.updateClient(updated)
      assert.deepEqual(await store.getClient(client.id), updated)
      assert.deepEqual(
        (await store.listClients(pool.id, 10)).map((c) => c.id),
        [client.id],
      )
      assert.equal(await store.deleteClient(client.id), true)
      assert.equal(await store.getClient(client.id), undefined)
    })

    test('of 20 concurrent inserts of one login, exactly one succeeds', async () => {
      const pool = await newPool()
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          store.insertUser(sampleUser(pool.id, `racer-${i}`), ['username:same']),
        ),
      )
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1)
      for (const r of results)
        if (r.status === 'rejected') assert.ok(r.reason instanceof LoginTakenError, String(r.reason))
      assert.equal(await store.countUsers(pool.id), 1)
    })

    test('a taken login aborts saveUser entirely', async () => {
      const pool = await newPool()
      const a = sampleUser(pool.id, 'a')
      const b = sampleUser(pool.id, 'b')
      await store.insertUser(a, ['username:a', 'email:shared@example.com'])
      await store.insertUser(b, ['username:b'])
      await assert.rejects(
        store.saveUser({ ...b, status: 'CONFIRMED' }, { addLogins: ['email:shared@example.com'] }),
        LoginTakenError,
      )
      assert.equal((await store.getUser(pool.id, b.sub))?.status, 'UNCONFIRMED')
      await store.saveUser(
        { ...b, status: 'CONFIRMED' },
        { addLogins: ['email:b@example.com'], removeLogins: ['username:b'] },
      )
      assert.equal((await store.findUserByLogin(pool.id, 'email:b@example.com'))?.status, 'CONFIRMED')
      assert.equal(await store.findUserByLogin(pool.id, 'username:b'), undefined)
    })

    test('codes are replaced, counted atomically, and deleted with saveUser', async () => {
      const pool = await newPool()
      const user = sampleUser(pool.id, 'coder')
      const code = {
        poolId: pool.id,
        sub: user.sub,
        purpose: 'SIGN_UP' as const,
        hash: 'h1',
        expiresAt: 10,
        failures: 0,
        windowStart: 1,
        sends: 1,
      }
      await store.insertUser(user, ['username:coder'], code)
      assert.deepEqual(await store.getCode(pool.id, user.sub, 'SIGN_UP'), code)
      await store.putCode({ ...code, hash: 'h2', sends: 2 })
      assert.equal((await store.getCode(pool.id, user.sub, 'SIGN_UP'))?.hash, 'h2')
      const counts = await Promise.all(
        Array.from({ length: 10 }, () => store.countCodeFailure(pool.id, user.sub, 'SIGN_UP')),
      )
      assert.deepEqual(
        [...counts].sort((x, y) => x - y),
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      )
      await store.saveUser(user, { deleteCodes: ['SIGN_UP'] })
      assert.equal(await store.getCode(pool.id, user.sub, 'SIGN_UP'), undefined)
    })

    test('refresh tokens round-trip by hash', async () => {
      const pool = await newPool()
      const user = sampleUser(pool.id, 'r')
      await store.insertUser(user, ['username:r'])
      const token = {
        hash: `h${n}`,
        poolId: pool.id,
        clientId: 'c',
        sub: user.sub,
        originJti: 'o',
        authTime: 1,
        scope: 's',
        expiresAt: 2,
        revokedAt: null,
      }
      await store.insertRefreshToken(token)
      assert.deepEqual(await store.getRefreshToken(token.hash), token)
      assert.equal(await store.getRefreshToken('missing'), undefined)
    })

    test('secrets are created once and stable under concurrency', async () => {
      const values = await Promise.all(
        Array.from({ length: 5 }, (_, i) => store.secret(`s${n}`, () => `v${i}`)),
      )
      assert.equal(new Set(values).size, 1)
      assert.equal(await store.secret(`s${n}`, () => 'other'), values[0])
    })
  })
}

function samplePool(id: string): PoolRecord {
  return {
    id,
    name: 'pool',
    createdAt: 1,
    updatedAt: 2,
    settings: {
      Policies: {
        PasswordPolicy: {
          MinimumLength: 8,
          RequireUppercase: true,
          RequireLowercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 7,
        },
      },
      UsernameConfiguration: { CaseSensitive: false },
      SchemaAttributes: [],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false, UnusedAccountValidityDays: 7 },
      MfaConfiguration: 'OFF',
      DeletionProtection: 'INACTIVE',
    },
  }
}

function sampleClient(poolId: string, id: string): ClientRecord {
  return {
    id,
    poolId,
    name: 'client',
    secret: 'shh',
    createdAt: 1,
    updatedAt: 1,
    settings: {
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
      RefreshTokenValidity: 30,
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
      AllowedOAuthFlowsUserPoolClient: false,
      PreventUserExistenceErrors: 'LEGACY',
      EnableTokenRevocation: true,
      EnablePropagateAdditionalUserContextData: false,
      AuthSessionValidity: 3,
    },
  }
}

function sampleUser(poolId: string, username: string): UserRecord {
  const sub = `${username}-${Math.random().toString(36).slice(2)}`
  return {
    poolId,
    sub,
    username,
    status: 'UNCONFIRMED',
    enabled: true,
    passwordHash: null,
    attributes: { sub },
    createdAt: 1,
    updatedAt: 1,
  }
}
