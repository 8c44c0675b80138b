import assert from 'node:assert/strict'
import { test } from 'node:test'
import { secretsEqual } from './compare.js'

test('secretsEqual compares any lengths without throwing', () => {
  assert.equal(secretsEqual('abc', 'abc'), true)
  assert.equal(secretsEqual('abc', 'abd'), false)
  assert.equal(secretsEqual('a', 'a'.repeat(10_000)), false)
  assert.equal(secretsEqual('', ''), true)
})
