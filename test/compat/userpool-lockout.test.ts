// Lockout and user enumeration on a pinned clock: 50 concurrent guesses (counting the argon2 work
// actually done), Cognito's schedule, PreventUserExistenceErrors, equal cost per failure.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  AdminDisableUserCommand,
  AdminSetUserPasswordCommand,
  ForgotPasswordCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { ManualClock } from '../../src/core/index.js'
import { rawCognito, startTestUserPool, type TestUserPool } from '../support/userpool.js'
import {
  confirmedUser,
  countVerifications,
  createPool,
  outcome,
  PASSWORD,
  passwordSignIn,
  rejectsWith,
  srpSignIn,
} from './userpool-helpers.js'

const SECOND = 1000
const MINUTE = 60 * SECOND
const WRONG = 'Wrong-passw0rd'
const INCORRECT = 'Incorrect username or password.'
const EXCEEDED = 'Password attempts exceeded'

// Starts at the real time, on a whole second: the SDK signs admin calls with the real clock, and
// SRP TIMESTAMPs have one-second resolution.
const clock = new ManualClock(Math.floor(Date.now() / SECOND) * SECOND)
const realNow = () => clock.set(Math.floor(Date.now() / SECOND) * SECOND)
let pool: TestUserPool
let ids: { poolId: string; clientId: string }
let hidden: { poolId: string; clientId: string }

before(async () => {
  pool = await startTestUserPool({ clock })
  ids = await createPool(pool, { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] })
  hidden = await createPool(
    pool,
    { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] },
    { PreventUserExistenceErrors: 'ENABLED' },
  )
})
after(() => pool.stop())

describe('lockout', () => {
  test('of 50 concurrent wrong guesses exactly 5 are evaluated; the rest are refused unevaluated', async () => {
    realNow()
    await confirmedUser(pool, ids, 'target@example.com')
    const verifications = countVerifications(pool)
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        outcome(passwordSignIn(pool, ids.clientId, 'target@example.com', WRONG)),
      ),
    )
    assert.equal(verifications.count, 5)
    assert.equal(results.filter((r) => r === `NotAuthorizedException: ${INCORRECT}`).length, 5)
    assert.equal(results.filter((r) => r === `NotAuthorizedException: ${EXCEEDED}`).length, 45)
    // While locked even the right password is refused, without a password check.
    verifications.reset()
    await rejectsWith(
      passwordSignIn(pool, ids.clientId, 'target@example.com', PASSWORD),
      'NotAuthorizedException',
      EXCEEDED,
    )
    assert.equal(verifications.count, 0)
  })

  test("Cognito's schedule: 1 s after the fifth failure, then doubling; a success starts over", async () => {
    realNow()
    await confirmedUser(pool, ids, 'schedule@example.com')
    const attempt = (password: string) =>
      outcome(passwordSignIn(pool, ids.clientId, 'schedule@example.com', password))
    for (let i = 0; i < 5; i++) assert.equal(await attempt(WRONG), `NotAuthorizedException: ${INCORRECT}`)
    const t5 = clock.now()
    clock.set(t5 + SECOND - 1)
    assert.equal(await attempt(PASSWORD), `NotAuthorizedException: ${EXCEEDED}`)
    clock.set(t5 + SECOND)
    assert.equal(await attempt(WRONG), `NotAuthorizedException: ${INCORRECT}`)
    const t6 = clock.now()
    clock.set(t6 + 2 * SECOND - 1)
    assert.equal(await attempt(PASSWORD), `NotAuthorizedException: ${EXCEEDED}`)
    clock.set(t6 + 2 * SECOND)
    assert.equal(await attempt(PASSWORD), 'ok')
    for (let i = 0; i < 5; i++) assert.equal(await attempt(WRONG), `NotAuthorizedException: ${INCORRECT}`)
    assert.equal(await attempt(WRONG), `NotAuthorizedException: ${EXCEEDED}`)
  })

  test('15 idle minutes start the count over', async () => {
    realNow()
    await confirmedUser(pool, ids, 'idle@example.com')
    const attempt = (password: string) =>
      outcome(passwordSignIn(pool, ids.clientId, 'idle@example.com', password))
    for (let i = 0; i < 4; i++) assert.equal(await attempt(WRONG), `NotAuthorizedException: ${INCORRECT}`)
    const last = clock.now()
    clock.set(last + 15 * MINUTE - 1)
    assert.equal(await attempt(WRONG), `NotAuthorizedException: ${INCORRECT}`)
    assert.equal(await attempt(WRONG), `NotAuthorizedException: ${EXCEEDED}`)
    clock.set(clock.now() + 15 * MINUTE)
    for (let i = 0; i < 5; i++) assert.equal(await attempt(WRONG), `NotAuthorizedException: ${INCORRECT}`)
    realNow()
  })

  test('the SRP flow counts against the same lockout', async () => {
    realNow()
    await confirmedUser(pool, ids, 'srp-lock@example.com')
    const srp = async (password: string) =>
      outcome(
        (
          await srpSignIn(pool, ids, 'srp-lock@example.com', password, { at: () => new Date(clock.now()) })
        ).respond(),
      )
    for (let i = 0; i < 3; i++) assert.equal(await srp(WRONG), `NotAuthorizedException: ${INCORRECT}`)
    for (let i = 0; i < 2; i++)
      assert.equal(
        await outcome(passwordSignIn(pool, ids.clientId, 'srp-lock@example.com', WRONG)),
        `NotAuthorizedException: ${INCORRECT}`,
      )
    assert.equal(await srp(PASSWORD), `NotAuthorizedException: ${EXCEEDED}`)
    clock.set(clock.now() + SECOND)
    assert.equal(await srp(PASSWORD), 'ok')
  })

  test('one locked account leaves others alone; an admin password reset lifts the lockout', async () => {
    realNow()
    await confirmedUser(pool, ids, 'locked@example.com')
    await confirmedUser(pool, ids, 'bystander@example.com')
    for (let i = 0; i < 6; i++) await outcome(passwordSignIn(pool, ids.clientId, 'locked@example.com', WRONG))
    await rejectsWith(
      passwordSignIn(pool, ids.clientId, 'locked@example.com', PASSWORD),
      'NotAuthorizedException',
      EXCEEDED,
    )
    await passwordSignIn(pool, ids.clientId, 'bystander@example.com', PASSWORD)
    await pool.admin.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: ids.poolId,
        Username: 'locked@example.com',
        Password: PASSWORD,
        Permanent: true,
      }),
    )
    await passwordSignIn(pool, ids.clientId, 'locked@example.com', PASSWORD)
  })
})

describe('user enumeration', () => {
  test('PreventUserExistenceErrors: an unknown user and a wrong password answer identically, lockout included', async () => {
    realNow()
    await confirmedUser(pool, hidden, 'known@example.com')
    const raw = (USERNAME: string) =>
      rawCognito(
        pool.server.url,
        'InitiateAuth',
        JSON.stringify({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: hidden.clientId,
          AuthParameters: { USERNAME, PASSWORD: WRONG },
        }),
      )
    for (let i = 1; i <= 6; i++) {
      const [known, unknown] = await Promise.all([raw('known@example.com'), raw('unknown@example.com')])
      assert.equal(known.status, 400)
      assert.equal(unknown.status, known.status)
      assert.deepEqual(unknown.body, known.body)
      assert.equal(unknown.headers.get('x-amzn-errortype'), known.headers.get('x-amzn-errortype'))
      assert.deepEqual(known.body, {
        __type: 'NotAuthorizedException',
        message: i <= 5 ? INCORRECT : EXCEEDED,
      })
    }
  })

  test('unknown, wrong-password, disabled and unconfirmed sign-ins each cost exactly one argon2 verify', async () => {
    realNow()
    await confirmedUser(pool, ids, 'costly@example.com')
    await confirmedUser(pool, ids, 'costly-disabled@example.com')
    await pool.admin.send(
      new AdminDisableUserCommand({ UserPoolId: ids.poolId, Username: 'costly-disabled@example.com' }),
    )
    await pool.anonymous.send(
      new SignUpCommand({
        ClientId: ids.clientId,
        Username: 'costly-unconfirmed@example.com',
        Password: PASSWORD,
      }),
    )
    const verifications = countVerifications(pool)
    const cases: Array<[string, string, string]> = [
      ['nobody@example.com', PASSWORD, 'UserNotFoundException'],
      ['costly@example.com', WRONG, 'NotAuthorizedException'],
      ['costly-disabled@example.com', PASSWORD, 'NotAuthorizedException'],
      ['costly-unconfirmed@example.com', WRONG, 'UserNotConfirmedException'],
      ['costly-unconfirmed@example.com', PASSWORD, 'UserNotConfirmedException'],
    ]
    for (const [username, password, type] of cases) {
      verifications.reset()
      await rejectsWith(passwordSignIn(pool, ids.clientId, username, password), type)
      assert.equal(verifications.count, 1, username)
    }
  })

  test('ForgotPassword and ResendConfirmationCode do not tell unknown users apart when hidden', async () => {
    realNow()
    await pool.anonymous.send(
      new SignUpCommand({
        ClientId: hidden.clientId,
        Username: 'unverified@example.com',
        Password: PASSWORD,
      }),
    )
    for (const Username of ['ghost@example.com', 'unverified@example.com']) {
      const forgot = await pool.anonymous.send(
        new ForgotPasswordCommand({ ClientId: hidden.clientId, Username }),
      )
      assert.equal(forgot.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL')
      assert.equal(forgot.CodeDeliveryDetails?.AttributeName, 'email')
    }
    const resent = await pool.anonymous.send(
      new ResendConfirmationCodeCommand({ ClientId: hidden.clientId, Username: 'ghost@example.com' }),
    )
    assert.equal(resent.CodeDeliveryDetails?.Destination, 'g***@e***.com')
  })
})
