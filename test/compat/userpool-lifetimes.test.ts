// Every lifetime one second either side (sessions, TIMESTAMP, temporary passwords, codes, access
// tokens) and single use of sessions and codes, on a pinned clock.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  AdminCreateUserCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  ForgotPasswordCommand,
  GetUserCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { ManualClock } from '../../src/core/index.js'
import { startTestUserPool, type TestUserPool } from '../support/userpool.js'
import {
  confirmedUser,
  createPool,
  outcome,
  PASSWORD,
  passwordSignIn,
  rejectsWith,
  srpSignIn,
} from './userpool-helpers.js'

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const WRONG = 'Wrong-passw0rd'
const INCORRECT = 'Incorrect username or password.'

// Starts at the real time, on a whole second: the SDK signs admin calls with the real clock, and
// SRP TIMESTAMPs have one-second resolution.
const clock = new ManualClock(Math.floor(Date.now() / SECOND) * SECOND)
const realNow = () => clock.set(Math.floor(Date.now() / SECOND) * SECOND)
let pool: TestUserPool
let ids: { poolId: string; clientId: string }

before(async () => {
  pool = await startTestUserPool({ clock })
  ids = await createPool(pool, { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] })
})
after(() => pool.stop())

describe('every lifetime, one second either side', () => {
  test('challenge sessions last AuthSessionValidity (3 minutes by default, 15 at most)', async () => {
    realNow()
    const { UserPoolClient } = await pool.admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: ids.poolId,
        ClientName: 'long-sessions',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        AuthSessionValidity: 15,
      }),
    )
    let n = 0
    for (const [clientId, validity] of [
      [ids.clientId, 3 * MINUTE],
      [UserPoolClient!.ClientId!, 15 * MINUTE],
    ] as const) {
      const answers: string[] = []
      for (const offset of [validity - SECOND, validity, validity + SECOND]) {
        realNow()
        const Username = `session-${n++}@example.com`
        await pool.admin.send(
          new AdminCreateUserCommand({
            UserPoolId: ids.poolId,
            Username,
            TemporaryPassword: 'Temp-passw0rd',
            MessageAction: 'SUPPRESS',
          }),
        )
        const started = await passwordSignIn(pool, clientId, Username, 'Temp-passw0rd')
        clock.set(clock.now() + offset)
        answers.push(
          await outcome(
            pool.anonymous.send(
              new RespondToAuthChallengeCommand({
                ClientId: clientId,
                ChallengeName: 'NEW_PASSWORD_REQUIRED',
                Session: started.Session!,
                ChallengeResponses: { USERNAME: Username, NEW_PASSWORD: 'N3w-passw0rd!' },
              }),
            ),
          ),
        )
      }
      assert.deepEqual(answers, [
        'ok',
        'NotAuthorizedException: Invalid session for the user, session is expired.',
        'NotAuthorizedException: Invalid session for the user, session is expired.',
      ])
    }
    realNow()
  })

  test('an SRP challenge session expires after 3 minutes', async () => {
    realNow()
    await confirmedUser(pool, ids, 'srp-session@example.com')
    const results: string[] = []
    for (const offset of [3 * MINUTE - SECOND, 3 * MINUTE, 3 * MINUTE + SECOND]) {
      realNow()
      const start = clock.now()
      const attempt = await srpSignIn(pool, ids, 'srp-session@example.com', PASSWORD, {
        at: () => new Date(start + offset),
      })
      clock.set(start + offset)
      results.push(await outcome(attempt.respond()))
    }
    assert.deepEqual(results, [
      'ok',
      'NotAuthorizedException: Invalid session for the user, session is expired.',
      'NotAuthorizedException: Invalid session for the user, session is expired.',
    ])
    realNow()
  })

  test('the SRP TIMESTAMP may differ from the server clock by 5 minutes, not more', async () => {
    realNow()
    await confirmedUser(pool, ids, 'skew@example.com')
    const results: string[] = []
    for (const skew of [-5 * MINUTE - SECOND, -5 * MINUTE, 5 * MINUTE, 5 * MINUTE + SECOND]) {
      const attempt = await srpSignIn(pool, ids, 'skew@example.com', PASSWORD, {
        at: () => new Date(clock.now() + skew),
      })
      results.push(await outcome(attempt.respond()))
    }
    assert.deepEqual(results, [
      `NotAuthorizedException: ${INCORRECT}`,
      'ok',
      'ok',
      `NotAuthorizedException: ${INCORRECT}`,
    ])
  })

  test('a temporary password expires after TemporaryPasswordValidityDays (7)', async () => {
    realNow()
    const results: string[] = []
    for (const [i, offset] of [7 * DAY - SECOND, 7 * DAY, 7 * DAY + SECOND].entries()) {
      realNow()
      const Username = `temporary-${i}@example.com`
      await pool.admin.send(
        new AdminCreateUserCommand({
          UserPoolId: ids.poolId,
          Username,
          TemporaryPassword: 'Temp-passw0rd',
          MessageAction: 'SUPPRESS',
        }),
      )
      clock.set(clock.now() + offset)
      const signIn = passwordSignIn(pool, ids.clientId, Username, 'Temp-passw0rd')
      results.push(await outcome(signIn.then((r) => assert.equal(r.ChallengeName, 'NEW_PASSWORD_REQUIRED'))))
    }
    assert.deepEqual(results, [
      'ok',
      'NotAuthorizedException: Temporary password has expired and must be reset by an administrator.',
      'NotAuthorizedException: Temporary password has expired and must be reset by an administrator.',
    ])
    realNow()
  })

  test('a reset code lasts one hour', async () => {
    const results: string[] = []
    for (const [i, offset] of [HOUR - SECOND, HOUR, HOUR + SECOND].entries()) {
      realNow()
      const Username = `reset-${i}@example.com`
      await confirmedUser(pool, ids, Username)
      await pool.anonymous.send(new ForgotPasswordCommand({ ClientId: ids.clientId, Username }))
      clock.set(clock.now() + offset)
      results.push(
        await outcome(
          pool.anonymous.send(
            new ConfirmForgotPasswordCommand({
              ClientId: ids.clientId,
              Username,
              ConfirmationCode: pool.lastCode(Username),
              Password: 'N3w-passw0rd!',
            }),
          ),
        ),
      )
    }
    assert.deepEqual(results, [
      'ok',
      'ExpiredCodeException: Invalid code provided, please request a code again.',
      'ExpiredCodeException: Invalid code provided, please request a code again.',
    ])
    realNow()
  })

  test('an access token works until exp and is refused from exp on', async () => {
    realNow()
    await confirmedUser(pool, ids, 'expiry@example.com')
    const start = clock.now()
    const { AccessToken } = (await passwordSignIn(pool, ids.clientId, 'expiry@example.com', PASSWORD))
      .AuthenticationResult!
    const results: string[] = []
    for (const offset of [HOUR - SECOND, HOUR, HOUR + SECOND]) {
      clock.set(start + offset)
      results.push(await outcome(pool.anonymous.send(new GetUserCommand({ AccessToken }))))
    }
    assert.deepEqual(results, [
      'ok',
      'NotAuthorizedException: Access Token has expired',
      'NotAuthorizedException: Access Token has expired',
    ])
    realNow()
  })
})

describe('single use', () => {
  test('of 10 concurrent answers to one SRP challenge exactly one signs in', async () => {
    realNow()
    await confirmedUser(pool, ids, 'race@example.com')
    const attempt = await srpSignIn(pool, ids, 'race@example.com', PASSWORD, {
      at: () => new Date(clock.now()),
    })
    const results = await Promise.all(Array.from({ length: 10 }, () => outcome(attempt.respond())))
    assert.equal(results.filter((r) => r === 'ok').length, 1)
    assert.equal(
      results.filter(
        (r) => r === 'NotAuthorizedException: Invalid session for the user, session can only be used once.',
      ).length,
      9,
    )
  })

  test('a wrong answer spends the session too; an unknown session is expired', async () => {
    realNow()
    await confirmedUser(pool, ids, 'spent@example.com')
    const wrong = await srpSignIn(pool, ids, 'spent@example.com', WRONG, { at: () => new Date(clock.now()) })
    await rejectsWith(wrong.respond(), 'NotAuthorizedException', INCORRECT)
    await rejectsWith(
      wrong.respond(),
      'NotAuthorizedException',
      'Invalid session for the user, session can only be used once.',
    )
    await rejectsWith(
      pool.anonymous.send(
        new RespondToAuthChallengeCommand({
          ClientId: ids.clientId,
          ChallengeName: 'PASSWORD_VERIFIER',
          Session: 'A'.repeat(64),
          ChallengeResponses: {
            USERNAME: 'x',
            PASSWORD_CLAIM_SECRET_BLOCK: 'x',
            PASSWORD_CLAIM_SIGNATURE: 'x',
            TIMESTAMP: 'x',
          },
        }),
      ),
      'NotAuthorizedException',
      'Invalid session for the user, session is expired.',
    )
  })

  test('codes can be requested five times an hour, then LimitExceededException', async () => {
    realNow()
    await confirmedUser(pool, ids, 'often@example.com')
    const forgot = () =>
      pool.anonymous.send(
        new ForgotPasswordCommand({ ClientId: ids.clientId, Username: 'often@example.com' }),
      )
    for (let i = 0; i < 5; i++) await forgot()
    await rejectsWith(
      forgot(),
      'LimitExceededException',
      'Attempt limit exceeded, please try after some time.',
    )
    clock.set(clock.now() + HOUR)
    await forgot()
    realNow()
  })

  test('a confirmation code works once', async () => {
    realNow()
    await pool.anonymous.send(
      new SignUpCommand({ ClientId: ids.clientId, Username: 'once@example.com', Password: PASSWORD }),
    )
    const code = pool.lastCode('once@example.com')
    const confirm = () =>
      pool.anonymous.send(
        new ConfirmSignUpCommand({
          ClientId: ids.clientId,
          Username: 'once@example.com',
          ConfirmationCode: code,
        }),
      )
    await confirm()
    await rejectsWith(
      confirm(),
      'NotAuthorizedException',
      'User cannot be confirmed. Current status is CONFIRMED',
    )
  })
})
