import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import { test } from 'node:test'
import type { VerificationKey } from './jwks.js'
import { type VerifiedToken, VerifiedTokenCache } from './token-cache.js'

const key: VerificationKey = {
  key: generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey,
  signatureBytes: 256,
}
const entry = (token: string, expMs = 1_000): VerifiedToken => {
  const jwt = { claims: {}, scopes: null }
  return { token, kid: 'k1', key, expMs, scopes: [], withoutScopes: { jwt }, withScopes: { jwt } }
}
const holds = () => true
/** Offers an entry twice: the cache keeps a token from its second verification on. */
function keep(cache: VerifiedTokenCache, value: VerifiedToken): void {
  cache.offer(value)
  cache.offer(value)
}
const long = (head: string) => `${head}.${'p'.repeat(40)}.signature-tail-0123456789`

test('serves an entry strictly before exp and forgets it at exp', () => {
  const cache = new VerifiedTokenCache()
  keep(cache, entry(long('a')))
  assert.ok(cache.get(long('a'), 999, holds))
  assert.equal(cache.get(long('a'), 1_000, holds), undefined)
  assert.equal(cache.size, 0)
})

test('forgets an entry whose key the key set no longer holds', () => {
  const cache = new VerifiedTokenCache()
  keep(cache, entry(long('a')))
  assert.equal(
    cache.get(long('a'), 0, () => false),
    undefined,
  )
  assert.equal(cache.size, 0)
})

test('is bounded: the oldest entries go first, a recently used one stays', () => {
  const cache = new VerifiedTokenCache(4)
  for (const t of ['aaaa', 'bbbb', 'cccc']) keep(cache, entry(t))
  assert.ok(cache.get('aaaa', 0, holds), 'a hit in the older generation moves it back')
  for (const t of ['dddd', 'eeee', 'ffff']) keep(cache, entry(t))
  assert.ok(cache.size <= 4)
  assert.equal(cache.get('bbbb', 0, holds), undefined)
  assert.equal(cache.get('cccc', 0, holds), undefined)
  assert.ok(cache.get('ffff', 0, holds))
  for (let i = 0; i < 1000; i++) keep(cache, entry(`t${i}`))
  assert.ok(cache.size <= 4)
})

test('matches only the exact token string, even when the tails are equal', () => {
  const cache = new VerifiedTokenCache()
  keep(cache, entry(long('header-a')))
  assert.equal(cache.get(long('header-b'), 0, holds), undefined, 'same tail, other token')
  assert.equal(cache.get(`${long('header-a')} `, 0, holds), undefined)
  assert.ok(cache.get(long('header-a'), 0, holds))
  keep(cache, entry(long('header-b')))
  assert.equal(cache.size, 1, 'a token with the same tail replaces the entry')
  assert.equal(cache.get(long('header-a'), 0, holds), undefined)
  assert.ok(cache.get(long('header-b'), 0, holds))
})

test('a token is kept from its second verification on, never from its first', () => {
  const cache = new VerifiedTokenCache()
  assert.equal(cache.offer(entry(long('once'))), false)
  assert.equal(cache.get(long('once'), 0, holds), undefined)
  assert.equal(cache.size, 0)
  assert.equal(cache.offer(entry(long('once'))), true)
  assert.ok(cache.get(long('once'), 0, holds))
})

test('tokens used once each retain nothing', () => {
  const cache = new VerifiedTokenCache(100)
  for (let i = 0; i < 10_000; i++)
    cache.offer(entry(long(`single-${i}`).replace('0123456789', String(i).padStart(10, '0'))))
  assert.equal(cache.size, 0)
})
