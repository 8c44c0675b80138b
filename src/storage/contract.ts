import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { generateSigningKey } from '../tokens/index.js'
import {
  type AuthSessionRecord,
  type ClientRecord,
  type GroupRecord,
  LoginTakenError,
  type PoolRecord,
  type UserPoolStore,
  type UserQuery,
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

    test('users round-trip with their credentials and delete with everything that hangs off them', async () => {
      const pool = await newPool()
      const user = {
        ...sampleUser(pool.id, 'full'),
        srpVerifier: 'sealed',
        passwordSetAt: 7,
        signedOutAt: 9,
        passwordHash: '$argon2id$x',
      }
      await store.insertUser(user, ['username:full'])
      assert.deepEqual(await store.getUser(pool.id, user.sub), user)
      await store.insertGroup(sampleGroup(pool.id, 'g'))
      await store.addUserToGroup(pool.id, 'g', user.sub)
      await store.insertRefreshToken(sampleToken(pool.id, user.sub, 'rt-full'))
      await store.insertAuthSession(sampleSession(pool.id, user.sub, 'sess-full'))
      assert.equal(await store.deleteUser(pool.id, user.sub), true)
      assert.equal(await store.getUser(pool.id, user.sub), undefined)
      assert.equal(await store.findUserByLogin(pool.id, 'username:full'), undefined)
      assert.equal(await store.getRefreshToken('rt-full'), undefined)
      assert.equal(await store.takeAuthSession('sess-full', 1, SCHEDULE), undefined)
      assert.deepEqual(await store.listUsersInGroup(pool.id, 'g', 10), [])
      assert.equal(await store.deleteUser(pool.id, user.sub), false)
    })

    test('listUsers filters literally: exact, prefix, folded, and SQL-looking values match nothing', async () => {
      const pool = await newPool()
      const make = async (username: string, attributes: Record<string, string>) => {
        const user = sampleUser(pool.id, username)
        await store.insertUser({ ...user, attributes: { ...user.attributes, ...attributes } }, [
          `username:${username}`,
        ])
        return user
      }
      const ann = await make('ann', { email: 'Ann@Example.com', name: '100%_real' })
      const bob = await make('bob', { email: 'bob@example.com', name: 'Bob' })
      await make('cy', { email: "' OR 1=1 --", name: '\\' })
      const page = (filter?: UserQuery['filter'], limit = 10, after?: string) =>
        store
          .listUsers(pool.id, { limit, ...(after ? { after } : {}), ...(filter ? { filter } : {}) })
          .then((users) => users.map((u) => u.username).sort())
      const f = (attribute: string, value: string, prefix = false, folded = false) => ({
        attribute,
        value,
        prefix,
        folded,
      })
      assert.deepEqual(await page(), ['ann', 'bob', 'cy'])
      assert.deepEqual(await page(f('email', 'bob@example.com')), ['bob'])
      assert.deepEqual(await page(f('email', 'ann@example.com')), [])
      assert.deepEqual(await page(f('email', 'ann@example.com', false, true)), ['ann'])
      assert.deepEqual(await page(f('email', 'b', true)), ['bob'])
      assert.deepEqual(await page(f('name', '100%', true)), ['ann'])
      assert.deepEqual(await page(f('name', '%', true)), [])
      assert.deepEqual(await page(f('name', '_', true)), [])
      assert.deepEqual(await page(f('name', '1_0', true)), [])
      assert.deepEqual(await page(f('email', "' OR 1=1 --")), ['cy'])
      assert.deepEqual(await page(f('email', '" OR "1"="1')), [])
      assert.deepEqual(await page(f('name', '\\')), ['cy'])
      assert.deepEqual(await page(f('name', '\\\\')), [])
      assert.deepEqual(await page(f('username', 'x"; DROP TABLE users; --')), [])
      assert.deepEqual(await page(f('cognito:user_status', 'unconfirmed', false, true)), ['ann', 'bob', 'cy'])
      assert.deepEqual(await page(f('status', 'Enabled')), ['ann', 'bob', 'cy'])
      assert.deepEqual(await page(f('sub', ann.sub)), ['ann'])
      const first = await store.listUsers(pool.id, { limit: 1 })
      const rest = await store.listUsers(pool.id, { limit: 10, after: first[0]!.sub })
      assert.equal(rest.length, 2)
      await store.saveUser({ ...bob, attributes: { ...bob.attributes, email: 'robert@example.com' } })
      assert.deepEqual(await page(f('email', 'b', true)), [])
      assert.deepEqual(await page(f('email', 'robert@example.com')), ['bob'])
    })

    test('revoking a refresh token revokes its origin; signing out revokes them all', async () => {
      const pool = await newPool()
      const user = sampleUser(pool.id, 'rev')
      await store.insertUser(user, ['username:rev'])
      await store.insertRefreshToken(sampleToken(pool.id, user.sub, 'rt-a', 'origin-a'))
      await store.insertRefreshToken(sampleToken(pool.id, user.sub, 'rt-b', 'origin-b'))
      assert.equal(await store.isOriginRevoked(pool.id, 'origin-a'), false)
      assert.equal(await store.revokeRefreshToken('rt-a', 5), true)
      assert.equal(await store.revokeRefreshToken('rt-a', 6), false)
      assert.equal((await store.getRefreshToken('rt-a'))?.revokedAt, 5)
      assert.equal(await store.isOriginRevoked(pool.id, 'origin-a'), true)
      assert.equal(await store.isOriginRevoked(pool.id, 'origin-b'), false)
      await store.signOutUser(pool.id, user.sub, 8)
      assert.equal((await store.getRefreshToken('rt-b'))?.revokedAt, 8)
      assert.equal((await store.getRefreshToken('rt-a'))?.revokedAt, 5)
      assert.equal((await store.getUser(pool.id, user.sub))?.signedOutAt, 8)
    })

    test('a challenge session is first-used by exactly one of 20 concurrent takers', async () => {
      const pool = await newPool()
      const session = sampleSession(pool.id, null, `sess${n}`)
      await store.insertAuthSession(session)
      const taken = await Promise.all(
        Array.from({ length: 20 }, () => store.takeAuthSession(session.hash, 3, SCHEDULE)),
      )
      assert.equal(taken.filter((t) => t?.firstUse).length, 1)
      assert.deepEqual(taken[0]?.session, { ...session, usedAt: 3 })
      assert.equal(await store.takeAuthSession('missing', 3, SCHEDULE), undefined)
      await store.purgeExpired(session.expiresAt + 1, 1)
      assert.equal(await store.takeAuthSession(session.hash, 3, SCHEDULE), undefined)
    })

    test('of 50 concurrent sign-in admissions exactly the free ones pass, then the lockout schedule', async () => {
      const pool = await newPool()
      const t0 = 1_000_000
      const admissions = await Promise.all(
        Array.from({ length: 50 }, () => store.admitSignIn(pool.id, 'sub:x', t0, SCHEDULE)),
      )
      assert.deepEqual(
        admissions
          .filter((a) => a.admitted)
          .map((a) => (a.admitted ? a.failures : 0))
          .sort(),
        [1, 2, 3, 4, 5],
      )
      // Locked for 1 s after the fifth failure; being refused does not extend it.
      assert.deepEqual(await store.admitSignIn(pool.id, 'sub:x', t0 + 999, SCHEDULE), { admitted: false })
      assert.deepEqual(await store.admitSignIn(pool.id, 'sub:x', t0 + 1000, SCHEDULE), {
        admitted: true,
        failures: 6,
      })
      assert.deepEqual(await store.admitSignIn(pool.id, 'sub:x', t0 + 2999, SCHEDULE), { admitted: false })
      assert.deepEqual(await store.admitSignIn(pool.id, 'sub:x', t0 + 3000, SCHEDULE), {
        admitted: true,
        failures: 7,
      })
      // Past the schedule the last entry repeats; 15 idle minutes start the count over.
      assert.deepEqual(await store.admitSignIn(pool.id, 'sub:x', t0 + 6999, SCHEDULE), { admitted: false })
      assert.deepEqual(await store.admitSignIn(pool.id, 'sub:x', t0 + 7000, SCHEDULE), {
        admitted: true,
        failures: 8,
      })
      assert.deepEqual(await store.admitSignIn(pool.id, 'sub:x', t0 + 10_999, SCHEDULE), {
        admitted: false,
      })
      assert.deepEqual(await store.admitSignIn(pool.id, 'sub:x', t0 + 7000 + 900_000, SCHEDULE), {
        admitted: true,
        failures: 1,
      })
      assert.deepEqual(await store.admitSignIn(pool.id, 'sub:other', t0, SCHEDULE), {
        admitted: true,
        failures: 1,
      })
      await store.clearSignInFailures(pool.id, 'sub:x')
      assert.deepEqual(await store.admitSignIn(pool.id, 'sub:x', t0 + 7001 + 900_000, SCHEDULE), {
        admitted: true,
        failures: 1,
      })
    })

    test('taking a session with a lock key admits one attempt in the same transaction', async () => {
      const pool = await newPool()
      const take = async (hash: string, at: number) => {
        await store.insertAuthSession({
          ...sampleSession(pool.id, null, hash),
          lockKey: 'name:k',
          expiresAt: at + 10,
        })
        return store.takeAuthSession(hash, at, SCHEDULE)
      }
      for (let i = 1; i <= 5; i++)
        assert.deepEqual((await take(`lk${n}-${i}`, 50))?.admission, { admitted: true, failures: i })
      assert.deepEqual((await take(`lk${n}-6`, 50))?.admission, { admitted: false })
      // A second take and an expired session admit nothing.
      assert.equal((await store.takeAuthSession(`lk${n}-1`, 50, SCHEDULE))?.admission, undefined)
      await store.insertAuthSession({
        ...sampleSession(pool.id, null, `lk${n}-x`),
        lockKey: 'name:k',
        expiresAt: 40,
      })
      assert.equal((await store.takeAuthSession(`lk${n}-x`, 40, SCHEDULE))?.admission, undefined)
      // A refresh token stored with the key clears the count in the same transaction.
      const user = sampleUser(pool.id, 'lk')
      await store.insertUser(user, ['username:lk'])
      await store.insertRefreshToken(sampleToken(pool.id, user.sub, `rt-lk${n}`), 'name:k')
      assert.deepEqual(await store.admitSignIn(pool.id, 'name:k', 60, SCHEDULE), {
        admitted: true,
        failures: 1,
      })
    })

    test('groups: unique names, updates, members in both directions, delete with memberships', async () => {
      const pool = await newPool()
      const user = sampleUser(pool.id, 'member')
      await store.insertUser(user, ['username:member'])
      const admins = { ...sampleGroup(pool.id, 'admins'), precedence: 1, description: 'd', roleArn: 'r' }
      assert.equal(await store.insertGroup(admins), true)
      assert.equal(await store.insertGroup({ ...admins, description: 'other' }), false)
      assert.deepEqual(await store.getGroup(pool.id, 'admins'), admins)
      assert.equal(await store.insertGroup(sampleGroup(pool.id, 'readers')), true)
      const updated = { ...admins, precedence: 3, updatedAt: 9 }
      delete (updated as Partial<typeof updated>).roleArn
      await store.updateGroup(updated)
      assert.deepEqual(await store.getGroup(pool.id, 'admins'), updated)
      assert.deepEqual(
        (await store.listGroups(pool.id, 1, 'admins')).map((g) => g.name),
        ['readers'],
      )
      await store.addUserToGroup(pool.id, 'admins', user.sub)
      await store.addUserToGroup(pool.id, 'admins', user.sub)
      await store.addUserToGroup(pool.id, 'readers', user.sub)
      assert.deepEqual(
        (await store.listGroupsForUser(pool.id, user.sub, 10)).map((g) => g.name),
        ['admins', 'readers'],
      )
      assert.deepEqual(
        (await store.listUsersInGroup(pool.id, 'admins', 10)).map((u) => u.sub),
        [user.sub],
      )
      await store.removeUserFromGroup(pool.id, 'readers', user.sub)
      assert.deepEqual(
        (await store.listGroupsForUser(pool.id, user.sub, 10)).map((g) => g.name),
        ['admins'],
      )
      assert.equal(await store.deleteGroup(pool.id, 'admins'), true)
      assert.equal(await store.deleteGroup(pool.id, 'admins'), false)
      assert.deepEqual(await store.listGroupsForUser(pool.id, user.sub, 10), [])
    })

    test('saveUser stores codes and revokes refresh tokens in the same transaction', async () => {
      const pool = await newPool()
      const user = sampleUser(pool.id, 'atomic')
      await store.insertUser(user, ['username:atomic'])
      await store.insertRefreshToken(sampleToken(pool.id, user.sub, 'rt-atomic', 'origin-atomic'))
      const code = {
        poolId: pool.id,
        sub: user.sub,
        purpose: 'FORGOT_PASSWORD' as const,
        hash: 'h',
        expiresAt: 10,
        failures: 0,
        windowStart: 1,
        sends: 1,
      }
      const other = sampleUser(pool.id, 'holder')
      await store.insertUser(other, ['username:holder', 'email:taken@example.com'])
      await assert.rejects(
        store.saveUser(
          { ...user, status: 'RESET_REQUIRED' },
          { putCodes: [code], revokeTokensAt: 4, addLogins: ['email:taken@example.com'] },
        ),
        LoginTakenError,
      )
      assert.equal(await store.getCode(pool.id, user.sub, 'FORGOT_PASSWORD'), undefined)
      assert.equal((await store.getRefreshToken('rt-atomic'))?.revokedAt, null)
      await store.saveUser({ ...user, status: 'RESET_REQUIRED' }, { putCodes: [code], revokeTokensAt: 4 })
      assert.deepEqual(await store.getCode(pool.id, user.sub, 'FORGOT_PASSWORD'), code)
      assert.equal((await store.getRefreshToken('rt-atomic'))?.revokedAt, 4)
      assert.equal(await store.isOriginRevoked(pool.id, 'origin-atomic'), true)
    })

    test('codes keep a pending value', async () => {
      const pool = await newPool()
      const user = sampleUser(pool.id, 'pending')
      await store.insertUser(user, ['username:pending'])
      const code = {
        poolId: pool.id,
        sub: user.sub,
        purpose: 'VERIFY_EMAIL' as const,
        pendingValue: 'new@example.com',
        hash: 'h',
        expiresAt: 10,
        failures: 0,
        windowStart: 1,
        sends: 1,
      }
      await store.putCode(code)
      assert.deepEqual(await store.getCode(pool.id, user.sub, 'VERIFY_EMAIL'), code)
      const { pendingValue: _, ...plain } = code
      await store.putCode(plain)
      assert.deepEqual(await store.getCode(pool.id, user.sub, 'VERIFY_EMAIL'), plain)
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
    srpVerifier: null,
    passwordSetAt: null,
    signedOutAt: null,
    attributes: { sub },
    createdAt: 1,
    updatedAt: 1,
  }
}

const SCHEDULE = { lockMs: [0, 0, 0, 0, 1000, 2000, 4000], idleMs: 900_000 }

function sampleGroup(poolId: string, name: string): GroupRecord {
  return { poolId, name, createdAt: 1, updatedAt: 1 }
}

function sampleToken(poolId: string, sub: string, hash: string, originJti = 'o') {
  return {
    hash,
    poolId,
    clientId: 'c',
    sub,
    originJti,
    authTime: 1,
    scope: 's',
    expiresAt: 2,
    revokedAt: null,
  }
}

function sampleSession(poolId: string, sub: string | null, hash: string): AuthSessionRecord {
  return {
    hash,
    poolId,
    clientId: 'c',
    sub,
    challenge: 'PASSWORD_VERIFIER',
    state: 'sealed',
    expiresAt: 100,
    usedAt: null,
    lockKey: null,
  }
}
