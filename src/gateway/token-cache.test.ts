import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import { test } from 'node:test'
import type { VerificationKey } from './jwks.js'
import { type VerifiedToken, VerifiedTokenCache } from './token-cache.js'

const key: VerificationKey = {
  key: generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey,
  signatureBytes: 256,
}
const entry = (expMs: number): VerifiedToken => {
  const jwt = { claims: {}, scopes: null }
  return { kid: 'k1', key, expMs, scopes: [], withoutScopes: { jwt }, withScopes: { jwt } }
}
const holds = () => true

test('serves an entry strictly before exp and forgets it at exp', () => {
  const cache = new VerifiedTokenCache()
  cache.set('t', entry(1_000))
  assert.ok(cache.get('t', 999, holds))
  assert.equal(cache.get('t', 1_000, holds), undefined)
  assert.equal(cache.size, 0)
})

test('forgets an entry whose key the key set no longer holds', () => {
  const cache = new VerifiedTokenCache()
  cache.set('t', entry(1_000))
  assert.equal(
    cache.get('t', 0, () => false),
    undefined,
  )
  assert.equal(cache.size, 0)
})

test('is bounded: the oldest entry goes first', () => {
  const cache = new VerifiedTokenCache(3)
  for (const t of ['a', 'b', 'c', 'd']) cache.set(t, entry(1_000))
  assert.equal(cache.size, 3)
  assert.equal(cache.get('a', 0, holds), undefined)
  assert.ok(cache.get('d', 0, holds))
})

test('keys on the exact token string', () => {
  const cache = new VerifiedTokenCache()
  cache.set('abc.def.ghi', entry(1_000))
  assert.equal(cache.get('abc.def.ghj', 0, holds), undefined)
  assert.equal(cache.get('abc.def.ghi ', 0, holds), undefined)
})
