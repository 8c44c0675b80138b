import assert from 'node:assert/strict'
import { test } from 'node:test'
import { StoreUnavailableError } from '../core/index.js'
import { LastKnown } from './last-known.js'

test('remembers accepted values, answers from memory during an outage, and stays bounded', async () => {
  let now = 0
  const cache = new LastKnown<string | undefined>(100, 2, () => now)
  assert.equal(await cache.get('a', async () => 'A'), 'A')
  now = 200
  assert.equal(
    await cache.get('a', async () => {
      throw new StoreUnavailableError('down')
    }),
    'A',
  )
  await assert.rejects(
    cache.get('b', async () => {
      throw new StoreUnavailableError('down')
    }),
    StoreUnavailableError,
  )
  // Misses are not remembered: a later read happens again.
  let reads = 0
  for (let i = 0; i < 3; i++)
    await cache.get(
      'missing',
      async () => {
        reads++
        return undefined
      },
      (v) => v !== undefined,
    )
  assert.equal(reads, 3)
  // Bounded: the oldest entry goes.
  await cache.get('b', async () => 'B')
  await cache.get('c', async () => 'C')
  now = 400
  await assert.rejects(
    cache.get('a', async () => {
      throw new StoreUnavailableError('down')
    }),
    StoreUnavailableError,
  )
})
