import assert from 'node:assert/strict'
import { test } from 'node:test'
import { cryptoRandom } from '../core/index.js'
import { CognitoError } from './errors.js'
import { checkPasswordPolicy, createArgon2Hasher, temporaryPassword } from './passwords.js'
import { DEFAULT_PASSWORD_POLICY } from './pools.js'

test('argon2 work beyond the running and waiting bound is refused with TooManyRequestsException', async () => {
  const hasher = await createArgon2Hasher(undefined, { concurrency: 1, queueLimit: 2 })
  const results = await Promise.allSettled(Array.from({ length: 6 }, () => hasher.hash('Passw0rd!')))
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 3)
  for (const r of results)
    if (r.status === 'rejected')
      assert.ok(r.reason instanceof CognitoError && r.reason.type === 'TooManyRequestsException')
  // The gate drains: later work is admitted again.
  assert.match(await hasher.hash('Passw0rd!'), /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
})

test('generated temporary passwords meet any policy', () => {
  for (const MinimumLength of [6, 8, 12, 40, 99]) {
    const policy = { ...DEFAULT_PASSWORD_POLICY, MinimumLength }
    for (let i = 0; i < 50; i++) {
      const password = temporaryPassword(policy, cryptoRandom)
      assert.doesNotThrow(() => checkPasswordPolicy(policy, password), password)
      assert.ok(password.length >= Math.max(12, MinimumLength))
    }
  }
})
