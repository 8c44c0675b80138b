// Abuse resistance and every expiry of the complete user pool, on a pinned clock: lockout under
// concurrency (counting the argon2 work actually done), user enumeration, one second either side
// of each lifetime, single-use sessions and codes, revoked tokens, ListUsers injection attempts
// and rate limits.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminSetUserPasswordCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  ForgotPasswordCommand,
  GetUserCommand,
  ListUsersCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { ManualClock } from '../../src/core/index.js'
import { ACTIONS, createCognitoHandler } from '../../src/userpool/index.js'
import { rawCognito, startTestUserPool, type TestUserPool } from '../support/userpool.js'
import {
  countVerifications,
  createPool,
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

async function confirmedUser(on: { clientId: string }, email: string) {
  await pool.anonymous.send(new SignUpCommand({ ClientId: on.clientId, Username: email, Password: PASSWORD }))
  await pool.anonymous.send(
    new ConfirmSignUpCommand({
      ClientId: on.clientId,
      Username: email,
      ConfirmationCode: pool.lastCode(email),
    }),
  )
}

/** The error type and message a promise settles with, or 'ok'. */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
    return 'ok'
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`
  }
}

describe('lockout', () => {
  test('of 50 concurrent wrong guesses exactly 5 are evaluated; the rest are refused unevaluated', async () => {
    realNow()
    await confirmedUser(ids, 'target@example.com')
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
    await confirmedUser(ids, 'schedule@example.com')
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
    await confirmedUser(ids, 'idle@example.com')
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
    await confirmedUser(ids, 'srp-lock@example.com')
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
    await confirmedUser(ids, 'locked@example.com')
    await confirmedUser(ids, 'bystander@example.com')
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
    await confirmedUser(hidden, 'known@example.com')
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
    await confirmedUser(ids, 'costly@example.com')
    await confirmedUser(ids, 'costly-disabled@example.com')
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
    await confirmedUser(ids, 'srp-session@example.com')
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
    await confirmedUser(ids, 'skew@example.com')
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
      await confirmedUser(ids, Username)
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
    await confirmedUser(ids, 'expiry@example.com')
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
    await confirmedUser(ids, 'race@example.com')
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
    await confirmedUser(ids, 'spent@example.com')
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
    await confirmedUser(ids, 'often@example.com')
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

describe('ListUsers input that tries to be SQL (security.md §3 C60–C61)', () => {
  let listIds: { poolId: string; clientId: string }
  before(async () => {
    realNow()
    listIds = await createPool(pool, { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] })
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com'])
      await confirmedUser(listIds, email)
  })

  test('injection-shaped values are literal: 200 with no match', async () => {
    realNow()
    for (const Filter of [
      'email = "a\\" OR \\"1\\"=\\"1"',
      'email = "\' OR 1=1 --"',
      'email ^= "%"',
      'email ^= "_"',
      'email ^= "_@example.com"',
      'name = "\\\\"',
      'username = "x\\"; DROP TABLE users; --"',
      'email = "a@example.com\' --"',
    ]) {
      const { Users } = await pool.admin.send(new ListUsersCommand({ UserPoolId: listIds.poolId, Filter }))
      assert.deepEqual(Users, [], Filter)
    }
    const { Users } = await pool.admin.send(new ListUsersCommand({ UserPoolId: listIds.poolId }))
    assert.equal(Users?.length, 3)
  })

  test('bad grammar, custom attributes, limits and foreign or forged tokens are InvalidParameterException', async () => {
    realNow()
    const other = await createPool(pool, { UsernameAttributes: ['email'] })
    await pool.anonymous.send(
      new SignUpCommand({ ClientId: other.clientId, Username: 'x@example.com', Password: PASSWORD }),
    )
    await pool.anonymous.send(
      new SignUpCommand({ ClientId: other.clientId, Username: 'y@example.com', Password: PASSWORD }),
    )
    const otherPage = await pool.admin.send(new ListUsersCommand({ UserPoolId: other.poolId, Limit: 1 }))
    const ownPage = await pool.admin.send(new ListUsersCommand({ UserPoolId: listIds.poolId, Limit: 1 }))
    const [body, mac] = ownPage.PaginationToken!.split('.')
    const forged = `${Buffer.from(JSON.stringify(['users', listIds.poolId, '', ''])).toString('base64url')}.${mac}`
    const bad: Array<{ Filter?: string; Limit?: number; PaginationToken?: string }> = [
      { Filter: 'custom:foo = "x"' },
      { Filter: 'email = "a" and name = "b"' },
      { Filter: 'email != "a"' },
      { Filter: 'email ~= "a"' },
      { Filter: 'email = "unbalanced' },
      { Filter: `email = "${'a'.repeat(250)}"` },
      { Limit: 61 },
      { Limit: -1 },
      { PaginationToken: otherPage.PaginationToken },
      { PaginationToken: `${body}x.${mac}` },
      { PaginationToken: forged },
      { PaginationToken: 'garbage' },
      { PaginationToken: ownPage.PaginationToken, Filter: 'email ^= "a"' },
    ]
    for (const input of bad)
      await rejectsWith(
        pool.admin.send(new ListUsersCommand({ UserPoolId: listIds.poolId, ...input })),
        'InvalidParameterException',
      ).catch((error) => assert.fail(`${JSON.stringify(input)}: ${error}`))
    await pool.admin.send(
      new ListUsersCommand({ UserPoolId: listIds.poolId, PaginationToken: ownPage.PaginationToken }),
    )
  })
})

describe('rate limits answer TooManyRequestsException at once', () => {
  let limited: TestUserPool
  let limitedIds: { poolId: string; clientId: string }
  const frozen = new ManualClock(Date.now())
  before(async () => {
    limited = await startTestUserPool({ clock: frozen })
    // Before the first unauthenticated call, which creates the limiter from these settings.
    limited.server.deps.limits = {
      perIp: { perSecond: 0, burst: 40 },
      failuresPerIp: { perSecond: 0, burst: 3 },
    }
    limitedIds = await createPool(
      limited,
      { UsernameAttributes: ['email'] },
      { PreventUserExistenceErrors: 'ENABLED' },
    )
  })
  after(() => limited.stop())

  const raw = (target: string, body: unknown, sourceIp: string, headers: Record<string, string> = {}) =>
    createCognitoHandler(limited.server.deps, ACTIONS)(
      new Request('http://127.0.0.1/', {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
          ...headers,
        },
        body: JSON.stringify(body),
      }),
      { sourceIp },
    ).then(async (r) => ({ status: r.status, body: (await r.json()) as { __type: string } }))

  test('password spraying from one address stops after its failures, without hashing; others go on', async () => {
    const verifications = countVerifications(limited)
    const spray = (i: number, sourceIp: string, headers: Record<string, string> = {}) =>
      raw(
        'InitiateAuth',
        {
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: limitedIds.clientId,
          AuthParameters: { USERNAME: `victim-${i}@example.com`, PASSWORD: WRONG },
        },
        sourceIp,
        headers,
      )
    const types: string[] = []
    for (let i = 0; i < 6; i++) types.push((await spray(i, '192.0.2.1')).body.__type)
    assert.deepEqual(types, [
      'NotAuthorizedException',
      'NotAuthorizedException',
      'NotAuthorizedException',
      'TooManyRequestsException',
      'TooManyRequestsException',
      'TooManyRequestsException',
    ])
    assert.equal(verifications.count, 3)
    // A forged X-Forwarded-For does not make the address someone else.
    assert.equal(
      (await spray(7, '192.0.2.1', { 'x-forwarded-for': '198.51.100.7' })).body.__type,
      'TooManyRequestsException',
    )
    assert.equal((await spray(8, '192.0.2.2')).body.__type, 'NotAuthorizedException')
  })

  test('an address that sends too many requests is refused with 400 TooManyRequestsException', async () => {
    const statuses: Array<[number, string]> = []
    for (let i = 0; i < 41; i++) {
      const { status, body } = await raw(
        'SignUp',
        { ClientId: limitedIds.clientId, Username: 'x', Password: 'x' },
        '192.0.2.3',
      )
      statuses.push([status, body.__type])
    }
    assert.deepEqual(statuses.at(-2), [400, 'InvalidParameterException'])
    assert.deepEqual(statuses.at(-1), [400, 'TooManyRequestsException'])
    assert.notEqual(
      (await raw('SignUp', { ClientId: limitedIds.clientId, Username: 'x', Password: 'x' }, '192.0.2.4')).body
        .__type,
      'TooManyRequestsException',
    )
  })
})
