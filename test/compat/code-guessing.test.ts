// Guessing confirmation and reset codes in parallel: however many guesses arrive at once, at
// most five values are ever compared, so the right code sent along with a flood of wrong ones
// is refused like the rest (security.md §3 E99).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import {
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { startTestUserPool, type TestUserPool } from '../support/userpool.js'

let pool: TestUserPool
let poolId: string
let clientId: string

before(async () => {
  pool = await startTestUserPool()
  const { UserPool } = await pool.admin.send(
    new CreateUserPoolCommand({
      PoolName: 'codes',
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
    }),
  )
  poolId = UserPool!.Id!
  const { UserPoolClient } = await pool.admin.send(
    new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c' }),
  )
  clientId = UserPoolClient!.ClientId!
})
after(() => pool.stop())

function wrongCodes(right: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0'))
}

test('40 parallel sign-up confirmations, the right code last: all refused, the account stays unconfirmed', async () => {
  await pool.anonymous.send(
    new SignUpCommand({ ClientId: clientId, Username: 'guess@example.com', Password: 'Passw0rd!' }),
  )
  const right = pool.lastCode('guess@example.com')
  // Code reads answer late, so that every request has read before any writes: a check done as
  // read-then-count would compare all 40 values and let the right one through; an atomic
  // reservation compares five, in arrival order, and the right code comes last.
  const store = pool.server.deps.store
  pool.server.deps.store = new Proxy(store, {
    get(target, name) {
      const value = Reflect.get(target, name)
      if (typeof value !== 'function') return value
      if (name !== 'getCode' && name !== 'reserveCodeAttempt') return value.bind(target)
      return async (...args: unknown[]) => {
        const result = await value.apply(target, args)
        await new Promise((r) => setTimeout(r, 300))
        return result
      }
    },
  })
  let names: string[]
  try {
    const results = await Promise.allSettled(
      [...wrongCodes(right, 39), right].map((ConfirmationCode) =>
        pool.anonymous.send(
          new ConfirmSignUpCommand({ ClientId: clientId, Username: 'guess@example.com', ConfirmationCode }),
        ),
      ),
    )
    names = results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as Error).name))
  } finally {
    pool.server.deps.store = store
  }
  assert.equal(names.includes('ok'), false, names.join(' '))
  assert.equal(names.filter((n) => n === 'CodeMismatchException').length, 4, names.join(' '))
  assert.equal(names.filter((n) => n === 'LimitExceededException').length, 36, names.join(' '))
  await assert.rejects(
    pool.anonymous.send(
      new ConfirmSignUpCommand({
        ClientId: clientId,
        Username: 'guess@example.com',
        ConfirmationCode: right,
      }),
    ),
    { name: 'LimitExceededException' },
  )
})

test('40 parallel password-reset guesses compare at most five codes', async () => {
  await pool.anonymous.send(
    new SignUpCommand({ ClientId: clientId, Username: 'reset@example.com', Password: 'Passw0rd!' }),
  )
  // Confirming with the emailed code verifies the email, where the reset code then goes.
  const signUpCode = pool.lastCode('reset@example.com')
  await pool.anonymous.send(
    new ConfirmSignUpCommand({
      ClientId: clientId,
      Username: 'reset@example.com',
      ConfirmationCode: signUpCode,
    }),
  )
  await pool.anonymous.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'reset@example.com' }))
  const right = pool.lastCode('reset@example.com')
  assert.notEqual(right, signUpCode)
  const results = await Promise.allSettled(
    [...wrongCodes(right, 39), right].map((ConfirmationCode) =>
      pool.anonymous.send(
        new ConfirmForgotPasswordCommand({
          ClientId: clientId,
          Username: 'reset@example.com',
          ConfirmationCode,
          Password: 'N3w-passw0rd!',
        }),
      ),
    ),
  )
  const names = results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as Error).name))
  assert.ok(names.filter((n) => n === 'ok' || n === 'CodeMismatchException').length <= 5, names.join(' '))
  assert.ok(names.filter((n) => n === 'LimitExceededException').length >= 35, names.join(' '))
})
