// UserPoolStore contract, part: Sign-in state: refresh tokens and revocation, challenge sessions, lockout counts.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type ContractContext, SCHEDULE, sampleSession, sampleToken, sampleUser } from './samples.js'

export function signInContract(ctx: ContractContext): void {
  test('refresh tokens round-trip by hash', async () => {
    const pool = await ctx.newPool()
    const user = sampleUser(pool.id, 'r')
    await ctx.store.insertUser(user, ['username:r'])
    const token = {
      hash: `h${ctx.serial}`,
      poolId: pool.id,
      clientId: 'c',
      sub: user.sub,
      originJti: 'o',
      authTime: 1,
      scope: 's',
      expiresAt: 2,
      revokedAt: null,
    }
    await ctx.store.insertRefreshToken(token)
    assert.deepEqual(await ctx.store.getRefreshToken(token.hash), token)
    assert.equal(await ctx.store.getRefreshToken('missing'), undefined)
  })

  test('revoking a refresh token revokes its origin; signing out revokes them all', async () => {
    const pool = await ctx.newPool()
    const user = sampleUser(pool.id, 'rev')
    await ctx.store.insertUser(user, ['username:rev'])
    await ctx.store.insertRefreshToken(sampleToken(pool.id, user.sub, 'rt-a', 'origin-a'))
    await ctx.store.insertRefreshToken(sampleToken(pool.id, user.sub, 'rt-b', 'origin-b'))
    assert.equal(await ctx.store.isOriginRevoked(pool.id, 'origin-a'), false)
    assert.equal(await ctx.store.revokeRefreshToken('rt-a', 5), true)
    assert.equal(await ctx.store.revokeRefreshToken('rt-a', 6), false)
    assert.equal((await ctx.store.getRefreshToken('rt-a'))?.revokedAt, 5)
    assert.equal(await ctx.store.isOriginRevoked(pool.id, 'origin-a'), true)
    assert.equal(await ctx.store.isOriginRevoked(pool.id, 'origin-b'), false)
    await ctx.store.signOutUser(pool.id, user.sub, 8)
    assert.equal((await ctx.store.getRefreshToken('rt-b'))?.revokedAt, 8)
    assert.equal((await ctx.store.getRefreshToken('rt-a'))?.revokedAt, 5)
    assert.equal((await ctx.store.getUser(pool.id, user.sub))?.signedOutAt, 8)
  })

  test('a challenge session is first-used by exactly one of 20 concurrent takers', async () => {
    const pool = await ctx.newPool()
    const session = sampleSession(pool.id, null, `sess${ctx.serial}`)
    await ctx.store.insertAuthSession(session)
    const taken = await Promise.all(
      Array.from({ length: 20 }, () => ctx.store.takeAuthSession(session.hash, 3, SCHEDULE)),
    )
    assert.equal(taken.filter((t) => t?.firstUse).length, 1)
    assert.deepEqual(taken[0]?.session, { ...session, usedAt: 3 })
    assert.equal(await ctx.store.takeAuthSession('missing', 3, SCHEDULE), undefined)
    await ctx.store.purgeExpired(session.expiresAt + 1, 1)
    assert.equal(await ctx.store.takeAuthSession(session.hash, 3, SCHEDULE), undefined)
  })

  test('of 50 concurrent sign-in admissions exactly the free ones pass, then the lockout schedule', async () => {
    const pool = await ctx.newPool()
    const t0 = 1_000_000
    const admissions = await Promise.all(
      Array.from({ length: 50 }, () => ctx.store.admitSignIn(pool.id, 'sub:x', t0, SCHEDULE)),
    )
    assert.deepEqual(
      admissions
        .filter((a) => a.admitted)
        .map((a) => (a.admitted ? a.failures : 0))
        .sort(),
      [1, 2, 3, 4, 5],
    )
    // Locked for 1 s after the fifth failure; being refused does not extend it.
    assert.deepEqual(await ctx.store.admitSignIn(pool.id, 'sub:x', t0 + 999, SCHEDULE), { admitted: false })
    assert.deepEqual(await ctx.store.admitSignIn(pool.id, 'sub:x', t0 + 1000, SCHEDULE), {
      admitted: true,
      failures: 6,
    })
    assert.deepEqual(await ctx.store.admitSignIn(pool.id, 'sub:x', t0 + 2999, SCHEDULE), { admitted: false })
    assert.deepEqual(await ctx.store.admitSignIn(pool.id, 'sub:x', t0 + 3000, SCHEDULE), {
      admitted: true,
      failures: 7,
    })
    // Past the schedule the last entry repeats; 15 idle minutes start the count over.
    assert.deepEqual(await ctx.store.admitSignIn(pool.id, 'sub:x', t0 + 6999, SCHEDULE), { admitted: false })
    assert.deepEqual(await ctx.store.admitSignIn(pool.id, 'sub:x', t0 + 7000, SCHEDULE), {
      admitted: true,
      failures: 8,
    })
    assert.deepEqual(await ctx.store.admitSignIn(pool.id, 'sub:x', t0 + 10_999, SCHEDULE), {
      admitted: false,
    })
    assert.deepEqual(await ctx.store.admitSignIn(pool.id, 'sub:x', t0 + 7000 + 900_000, SCHEDULE), {
      admitted: true,
      failures: 1,
    })
    assert.deepEqual(await ctx.store.admitSignIn(pool.id, 'sub:other', t0, SCHEDULE), {
      admitted: true,
      failures: 1,
    })
    await ctx.store.clearSignInFailures(pool.id, 'sub:x')
    assert.deepEqual(await ctx.store.admitSignIn(pool.id, 'sub:x', t0 + 7001 + 900_000, SCHEDULE), {
      admitted: true,
      failures: 1,
    })
  })

  test('taking a session with a lock key admits one attempt in the same transaction', async () => {
    const pool = await ctx.newPool()
    const take = async (hash: string, at: number) => {
      await ctx.store.insertAuthSession({
        ...sampleSession(pool.id, null, hash),
        lockKey: 'name:k',
        expiresAt: at + 10,
      })
      return ctx.store.takeAuthSession(hash, at, SCHEDULE)
    }
    for (let i = 1; i <= 5; i++)
      assert.deepEqual((await take(`lk${ctx.serial}-${i}`, 50))?.admission, { admitted: true, failures: i })
    assert.deepEqual((await take(`lk${ctx.serial}-6`, 50))?.admission, { admitted: false })
    // A second take and an expired session admit nothing.
    assert.equal((await ctx.store.takeAuthSession(`lk${ctx.serial}-1`, 50, SCHEDULE))?.admission, undefined)
    await ctx.store.insertAuthSession({
      ...sampleSession(pool.id, null, `lk${ctx.serial}-x`),
      lockKey: 'name:k',
      expiresAt: 40,
    })
    assert.equal((await ctx.store.takeAuthSession(`lk${ctx.serial}-x`, 40, SCHEDULE))?.admission, undefined)
    // A refresh token stored with the key clears the count in the same transaction.
    const user = sampleUser(pool.id, 'lk')
    await ctx.store.insertUser(user, ['username:lk'])
    await ctx.store.insertRefreshToken(sampleToken(pool.id, user.sub, `rt-lk${ctx.serial}`), 'name:k')
    assert.deepEqual(await ctx.store.admitSignIn(pool.id, 'name:k', 60, SCHEDULE), {
      admitted: true,
      failures: 1,
    })
  })
}
