// Store contract, part: resource servers, authorization codes and hosted-UI login sessions.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { AuthorizationCodeRecord } from '../../oauth/index.js'
import { type ContractContext, sampleToken, sampleUser } from './samples.js'

function sampleCode(poolId: string, sub: string, hash: string): AuthorizationCodeRecord {
  return {
    hash,
    poolId,
    clientId: 'c',
    sub,
    redirectUri: 'https://app.example.com/cb',
    codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    scope: 'openid email',
    nonce: 'n',
    authTime: 10,
    expiresAt: 300_000,
    usedAt: null,
    originJti: null,
    replayedAt: null,
  }
}

export function oauthContract(ctx: ContractContext): void {
  test('resource servers: unique identifiers per pool, update, list after, delete', async () => {
    const pool = await ctx.newPool()
    const api = {
      poolId: pool.id,
      identifier: 'https://api.example.com',
      name: 'api',
      scopes: [{ ScopeName: 'read', ScopeDescription: 'Read' }],
    }
    assert.equal(await ctx.store.insertResourceServer(api), true)
    assert.equal(await ctx.store.insertResourceServer({ ...api, name: 'other' }), false)
    assert.deepEqual(await ctx.store.getResourceServer(pool.id, api.identifier), api)
    assert.equal(await ctx.store.insertResourceServer({ ...api, identifier: 'orders', scopes: [] }), true)
    const updated = { ...api, name: 'renamed', scopes: [] }
    await ctx.store.updateResourceServer(updated)
    assert.deepEqual(await ctx.store.getResourceServer(pool.id, api.identifier), updated)
    assert.deepEqual(
      (await ctx.store.listResourceServers(pool.id, 10)).map((s) => s.identifier),
      ['https://api.example.com', 'orders'],
    )
    assert.deepEqual(
      (await ctx.store.listResourceServers(pool.id, 10, 'https://api.example.com')).map((s) => s.identifier),
      ['orders'],
    )
    assert.equal(await ctx.store.deleteResourceServer(pool.id, 'orders'), true)
    assert.equal(await ctx.store.deleteResourceServer(pool.id, 'orders'), false)
    assert.equal(await ctx.store.getResourceServer(pool.id, 'orders'), undefined)
  })

  test('an authorization code is redeemed first by exactly one of 20 concurrent callers', async () => {
    const pool = await ctx.newPool()
    const code = sampleCode(pool.id, 'sub', `code${ctx.serial}`)
    await ctx.store.insertAuthorizationCode(code)
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => ctx.store.redeemAuthorizationCode(code.hash, 5, `origin${i}`)),
    )
    const first = results.filter((r) => r?.firstUse)
    assert.equal(first.length, 1)
    assert.equal(first[0]!.code.usedAt, 5)
    assert.deepEqual({ ...first[0]!.code, usedAt: null, originJti: null }, code)
    assert.equal(await ctx.store.redeemAuthorizationCode('missing', 5, 'o'), undefined)
  })

  test('a replayed code revokes the refresh tokens of its redemption', async () => {
    const pool = await ctx.newPool()
    const user = sampleUser(pool.id, 'oauth')
    await ctx.store.insertUser(user, ['username:oauth'])
    const code = sampleCode(pool.id, user.sub, `replayed${ctx.serial}`)
    await ctx.store.insertAuthorizationCode(code)
    await ctx.store.redeemAuthorizationCode(code.hash, 5, 'origin-replayed')
    const token = sampleToken(pool.id, user.sub, `rt-replayed${ctx.serial}`, 'origin-replayed')
    await ctx.store.insertRefreshToken(token)
    await ctx.store.revokeCodeGrant(code.hash, 7)
    assert.equal((await ctx.store.getRefreshToken(token.hash))?.revokedAt, 7)
    assert.equal(await ctx.store.isOriginRevoked(pool.id, 'origin-replayed'), true)
    const again = await ctx.store.redeemAuthorizationCode(code.hash, 8, 'other')
    assert.equal(again?.firstUse, false)
    assert.equal(again?.code.replayedAt, 7)
    assert.equal(again?.code.originJti, 'origin-replayed')
  })

  test('login sessions: stored by digest, replaced atomically, deleted, purged when expired', async () => {
    const pool = await ctx.newPool()
    const first = { hash: `s1-${ctx.serial}`, poolId: pool.id, sub: 'u', authTime: 1, expiresAt: 1000 }
    await ctx.store.insertLoginSession(first)
    assert.deepEqual(await ctx.store.getLoginSession(first.hash), first)
    const second = { ...first, hash: `s2-${ctx.serial}`, expiresAt: 5000 }
    await ctx.store.insertLoginSession(second, first.hash)
    assert.equal(await ctx.store.getLoginSession(first.hash), undefined)
    await ctx.store.purgeOAuth(2000)
    assert.deepEqual(await ctx.store.getLoginSession(second.hash), second)
    await ctx.store.purgeOAuth(6000)
    assert.equal(await ctx.store.getLoginSession(second.hash), undefined)
    await ctx.store.insertLoginSession(first)
    await ctx.store.deleteLoginSession(first.hash)
    assert.equal(await ctx.store.getLoginSession(first.hash), undefined)
  })

  test('deleting a pool deletes its resource servers', async () => {
    const pool = await ctx.newPool()
    await ctx.store.insertResourceServer({ poolId: pool.id, identifier: 'x', name: 'x', scopes: [] })
    assert.equal(await ctx.store.deletePool(pool.id), true)
    assert.deepEqual(await ctx.store.listResourceServers(pool.id, 10), [])
  })
}
