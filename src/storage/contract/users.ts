// UserPoolStore contract, part: Users: logins, codes, credentials, deletion and ListUsers search.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { LoginTakenError, type UserQuery } from '../../userpool/index.js'
import {
  type ContractContext,
  SCHEDULE,
  sampleGroup,
  sampleSession,
  sampleToken,
  sampleUser,
} from './samples.js'

export function userContract(ctx: ContractContext): void {
  test('of 20 concurrent inserts of one login, exactly one succeeds', async () => {
    const pool = await ctx.newPool()
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        ctx.store.insertUser(sampleUser(pool.id, `racer-${i}`), ['username:same']),
      ),
    )
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1)
    for (const r of results)
      if (r.status === 'rejected') assert.ok(r.reason instanceof LoginTakenError, String(r.reason))
    assert.equal(await ctx.store.countUsers(pool.id), 1)
  })

  test('a taken login aborts saveUser entirely', async () => {
    const pool = await ctx.newPool()
    const a = sampleUser(pool.id, 'a')
    const b = sampleUser(pool.id, 'b')
    await ctx.store.insertUser(a, ['username:a', 'email:shared@example.com'])
    await ctx.store.insertUser(b, ['username:b'])
    await assert.rejects(
      ctx.store.saveUser({ ...b, status: 'CONFIRMED' }, { addLogins: ['email:shared@example.com'] }),
      LoginTakenError,
    )
    assert.equal((await ctx.store.getUser(pool.id, b.sub))?.status, 'UNCONFIRMED')
    await ctx.store.saveUser(
      { ...b, status: 'CONFIRMED' },
      { addLogins: ['email:b@example.com'], removeLogins: ['username:b'] },
    )
    assert.equal((await ctx.store.findUserByLogin(pool.id, 'email:b@example.com'))?.status, 'CONFIRMED')
    assert.equal(await ctx.store.findUserByLogin(pool.id, 'username:b'), undefined)
  })

  test('codes are replaced, counted atomically, and deleted with saveUser', async () => {
    const pool = await ctx.newPool()
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
    await ctx.store.insertUser(user, ['username:coder'], code)
    assert.deepEqual(await ctx.store.getCode(pool.id, user.sub, 'SIGN_UP'), code)
    await ctx.store.putCode({ ...code, hash: 'h2', sends: 2 })
    assert.equal((await ctx.store.getCode(pool.id, user.sub, 'SIGN_UP'))?.hash, 'h2')
    // Of 20 concurrent attempts, exactly 5 get a reservation, each with its own count.
    const attempts = await Promise.all(
      Array.from({ length: 20 }, () => ctx.store.reserveCodeAttempt(pool.id, user.sub, 'SIGN_UP', 5)),
    )
    const reserved = attempts.filter((a) => a !== undefined)
    assert.deepEqual(
      reserved.map((a) => a.failures).sort((x, y) => x - y),
      [1, 2, 3, 4, 5],
    )
    assert.equal(reserved[0]?.hash, 'h2')
    assert.equal(await ctx.store.reserveCodeAttempt(pool.id, user.sub, 'SIGN_UP', 5), undefined)
    assert.equal(await ctx.store.reserveCodeAttempt(pool.id, user.sub, 'FORGOT_PASSWORD', 5), undefined)
    await ctx.store.saveUser(user, { deleteCodes: ['SIGN_UP'] })
    assert.equal(await ctx.store.getCode(pool.id, user.sub, 'SIGN_UP'), undefined)
  })

  test('sends are reserved atomically within their window', async () => {
    const pool = await ctx.newPool()
    const user = sampleUser(pool.id, 'sender')
    await ctx.store.insertUser(user, ['username:sender'])
    const limit = { now: 1000, windowMs: 100, maxSends: 3 }
    assert.deepEqual(await ctx.store.reserveCodeSend(pool.id, user.sub, 'SIGN_UP', limit), {
      windowStart: 1000,
      sends: 1,
    })
    await ctx.store.putCode({
      poolId: pool.id,
      sub: user.sub,
      purpose: 'SIGN_UP',
      hash: 'h',
      expiresAt: 9999,
      failures: 0,
      windowStart: 1000,
      sends: 1,
    })
    const sends = await Promise.all(
      Array.from({ length: 10 }, () => ctx.store.reserveCodeSend(pool.id, user.sub, 'SIGN_UP', limit)),
    )
    assert.deepEqual(
      sends
        .filter((s) => s !== undefined)
        .map((s) => s.sends)
        .sort(),
      [2, 3],
    )
    assert.deepEqual(await ctx.store.reserveCodeSend(pool.id, user.sub, 'SIGN_UP', { ...limit, now: 1100 }), {
      windowStart: 1100,
      sends: 1,
    })
  })

  test('users round-trip with their credentials and delete with everything that hangs off them', async () => {
    const pool = await ctx.newPool()
    const user = {
      ...sampleUser(pool.id, 'full'),
      srpVerifier: 'sealed',
      passwordSetAt: 7,
      signedOutAt: 9,
      passwordHash: '$argon2id$x',
    }
    await ctx.store.insertUser(user, ['username:full'])
    assert.deepEqual(await ctx.store.getUser(pool.id, user.sub), user)
    await ctx.store.insertGroup(sampleGroup(pool.id, 'g'))
    await ctx.store.addUserToGroup(pool.id, 'g', user.sub)
    await ctx.store.insertRefreshToken(sampleToken(pool.id, user.sub, 'rt-full'))
    await ctx.store.insertAuthSession(sampleSession(pool.id, user.sub, 'sess-full'))
    assert.equal(await ctx.store.deleteUser(pool.id, user.sub), true)
    assert.equal(await ctx.store.getUser(pool.id, user.sub), undefined)
    assert.equal(await ctx.store.findUserByLogin(pool.id, 'username:full'), undefined)
    assert.equal(await ctx.store.getRefreshToken('rt-full'), undefined)
    assert.equal(await ctx.store.takeAuthSession('sess-full', 1, SCHEDULE), undefined)
    assert.deepEqual(await ctx.store.listUsersInGroup(pool.id, 'g', 10), [])
    assert.equal(await ctx.store.deleteUser(pool.id, user.sub), false)
  })

  test('listUsers filters literally: exact, prefix, folded, and SQL-looking values match nothing', async () => {
    const pool = await ctx.newPool()
    const make = async (username: string, attributes: Record<string, string>) => {
      const user = sampleUser(pool.id, username)
      await ctx.store.insertUser({ ...user, attributes: { ...user.attributes, ...attributes } }, [
        `username:${username}`,
      ])
      return user
    }
    const ann = await make('ann', { email: 'Ann@Example.com', name: '100%_real' })
    const bob = await make('bob', { email: 'bob@example.com', name: 'Bob' })
    await make('cy', { email: "' OR 1=1 --", name: '\\' })
    const page = (filter?: UserQuery['filter'], limit = 10, after?: string) =>
      ctx.store
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
    const first = await ctx.store.listUsers(pool.id, { limit: 1 })
    const rest = await ctx.store.listUsers(pool.id, { limit: 10, after: first[0]!.sub })
    assert.equal(rest.length, 2)
    await ctx.store.saveUser({ ...bob, attributes: { ...bob.attributes, email: 'robert@example.com' } })
    assert.deepEqual(await page(f('email', 'b', true)), [])
    assert.deepEqual(await page(f('email', 'robert@example.com')), ['bob'])
  })

  test('saveUser stores codes and revokes refresh tokens in the same transaction', async () => {
    const pool = await ctx.newPool()
    const user = sampleUser(pool.id, 'atomic')
    await ctx.store.insertUser(user, ['username:atomic'])
    await ctx.store.insertRefreshToken(sampleToken(pool.id, user.sub, 'rt-atomic', 'origin-atomic'))
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
    await ctx.store.insertUser(other, ['username:holder', 'email:taken@example.com'])
    await assert.rejects(
      ctx.store.saveUser(
        { ...user, status: 'RESET_REQUIRED' },
        { putCodes: [code], revokeTokensAt: 4, addLogins: ['email:taken@example.com'] },
      ),
      LoginTakenError,
    )
    assert.equal(await ctx.store.getCode(pool.id, user.sub, 'FORGOT_PASSWORD'), undefined)
    assert.equal((await ctx.store.getRefreshToken('rt-atomic'))?.revokedAt, null)
    await ctx.store.saveUser({ ...user, status: 'RESET_REQUIRED' }, { putCodes: [code], revokeTokensAt: 4 })
    assert.deepEqual(await ctx.store.getCode(pool.id, user.sub, 'FORGOT_PASSWORD'), code)
    assert.equal((await ctx.store.getRefreshToken('rt-atomic'))?.revokedAt, 4)
    assert.equal(await ctx.store.isOriginRevoked(pool.id, 'origin-atomic'), true)
  })

  test('codes keep a pending value', async () => {
    const pool = await ctx.newPool()
    const user = sampleUser(pool.id, 'pending')
    await ctx.store.insertUser(user, ['username:pending'])
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
    await ctx.store.putCode(code)
    assert.deepEqual(await ctx.store.getCode(pool.id, user.sub, 'VERIFY_EMAIL'), code)
    const { pendingValue: _, ...plain } = code
    await ctx.store.putCode(plain)
    assert.deepEqual(await ctx.store.getCode(pool.id, user.sub, 'VERIFY_EMAIL'), plain)
  })
}
