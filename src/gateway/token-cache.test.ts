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
const long = (head: string) => `${head}.${'p'.repeat(40)}.signature-tail-0123456789`

test('serves an entry strictly before exp and forgets it at exp', () => {
  const cache = new VerifiedTokenCache()
  cache.set(entry(long('a')))
  assert.ok(cache.get(long('a'), 999, holds))
  assert.equal(cache.get(long('a'), 1_000, holds), undefined)
  assert.equal(cache.size, 0)
})

test('forgets an entry whose key the key set no longer holds', () => {
  const cache = new VerifiedTokenCache()
  cache.set(entry(long('a')))
  assert.equal(
    cache.get(long('a'), 0, () => false),
    undefined,
  )
  assert.equal(cache.size, 0)
})

test('is bounded: the oldest entry goes first', () => {
  const cache = new VerifiedTokenCache(3)
  for (const t of ['aaaa', 'bbbb', 'cccc', 'dddd']) cache.set(entry(t))
  assert.equal(cache.size, 3)
  assert.equal(cache.get('aaaa', 0, holds), undefined)
  assert.ok(cache.get('dddd', 0, holds))
})

test('matches only the exact token string, even when the tails are equal', () => {
  const cache = new VerifiedTokenCache()
  cache.set(entry(long('header-a')))
  assert.equal(cache.get(long('header-b'), 0, holds), undefined, 'same tail, other token')
  assert.equal(cache.get(`${long('header-a')} `, 0, holds), undefined)
  assert.ok(cache.get(long('header-a'), 0, holds))
  cache.set(entry(long('header-b')))
  assert.equal(cache.size, 1, 'a token with the same tail replaces the entry')
  assert.equal(cache.get(long('header-a'), 0, holds), undefined)
})
