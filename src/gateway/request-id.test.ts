import assert from 'node:assert/strict'
import { test } from 'node:test'
import { cryptoRandom, type Random } from '../core/index.js'
import { RequestIds } from './request-id.js'

const fixed: Random = { ...cryptoRandom, bytes: (length) => Buffer.alloc(length, 0xfb) }

test('request ids: the random prefix, then a base-36 counter of 7 digits, then "="', () => {
  const ids = new RequestIds(fixed)
  const prefix = Buffer.alloc(6, 0xfb).toString('base64url')
  // Past the carries out of the last digit (35 → 36) and out of the last two (1295 → 1296).
  for (let n = 0; n < 50_000; n++)
    assert.equal(ids.next(), `${prefix}${n.toString(36).padStart(7, '0')}=`, `id number ${n}`)
})

test('request ids are shaped like API Gateway ids, and unique across gateways', () => {
  const first = new RequestIds(cryptoRandom)
  const second = new RequestIds(cryptoRandom)
  const seen = new Set<string>()
  for (let i = 0; i < 1_000; i++) {
    for (const id of [first.next(), second.next()]) {
      assert.match(id, /^[A-Za-z0-9_-]{15}=$/)
      seen.add(id)
    }
  }
  assert.equal(seen.size, 2_000)
})
