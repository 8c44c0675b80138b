// The AWS SDK v3 against a running user pool: every action of the complete user pool (SRP,
// challenges, password flows, attributes, sign-out, admin, groups, ListUsers), with AWS's types,
// messages and shapes.
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminResetUserPasswordCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateGroupCommand,
  DeleteGroupCommand,
  DeleteUserAttributesCommand,
  DeleteUserCommand,
  ForgotPasswordCommand,
  GetGroupCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ListGroupsCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SignUpCommand,
  UpdateGroupCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { decodeJwt } from 'jose'
import { startTestUserPool, type TestUserPool } from '../support/userpool.js'
import {
  createPool,
  messagesTo,
  PASSWORD,
  passwordSignIn,
  rejectsWith,
  srpSignIn,
} from './userpool-helpers.js'

const NEW_PASSWORD = 'N3w-passw0rd!'

let pool: TestUserPool
before(async () => {
  pool = await startTestUserPool()
})
after(() => pool.stop())

/** Signs up and confirms (with the outbox code) a user of an email-as-username pool. */
async function confirmedUser(ids: { clientId: string }, email: string, extra: Record<string, string> = {}) {
  const { UserSub } = await pool.anonymous.send(
    new SignUpCommand({
      ClientId: ids.clientId,
      Username: email,
      Password: PASSWORD,
      UserAttributes: Object.entries(extra).map(([Name, Value]) => ({ Name, Value })),
    }),
  )
  await pool.anonymous.send(
    new ConfirmSignUpCommand({
      ClientId: ids.clientId,
      Username: email,
      ConfirmationCode: pool.lastCode(email),
    }),
  )
  return UserSub!
}

const refreshWith = (clientId: string, token: string) =>
  pool.anonymous.send(
    new InitiateAuthCommand({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: clientId,
      AuthParameters: { REFRESH_TOKEN: token },
    }),
  )

describe('USER_SRP_AUTH', () => {
  let ids: { poolId: string; clientId: string }
  before(async () => {
    ids = await createPool(pool, { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] })
  })

  test('signs in through InitiateAuth and through AdminInitiateAuth; USER_ID_FOR_SRP is the UUID username', async () => {
    const sub = await confirmedUser(ids, 'srp@example.com')
    for (const admin of [false, true]) {
      const { challenge, respond } = await srpSignIn(pool, ids, 'srp@example.com', PASSWORD, { admin })
      const params = challenge.ChallengeParameters!
      assert.deepEqual(Object.keys(params).sort(), [
        'SALT',
        'SECRET_BLOCK',
        'SRP_B',
        'USERNAME',
        'USER_ID_FOR_SRP',
      ])
      assert.equal(params.USER_ID_FOR_SRP, sub)
      assert.equal(params.USERNAME, sub)
      assert.match(params.SRP_B!, /^[0-9a-f]+$/)
      const { AuthenticationResult } = await respond()
      assert.equal(decodeJwt(AuthenticationResult!.IdToken!)['cognito:username'], sub)
      assert.ok(AuthenticationResult?.RefreshToken)
    }
  })

  test('a wrong password is NotAuthorizedException at the challenge; the SALT is stable', async () => {
    await confirmedUser(ids, 'srp-wrong@example.com')
    const first = await srpSignIn(pool, ids, 'srp-wrong@example.com', 'Wrong-passw0rd')
    await rejectsWith(first.respond(), 'NotAuthorizedException', 'Incorrect username or password.')
    const second = await srpSignIn(pool, ids, 'srp-wrong@example.com', PASSWORD)
    assert.equal(second.challenge.ChallengeParameters!.SALT, first.challenge.ChallengeParameters!.SALT)
    assert.notEqual(second.challenge.ChallengeParameters!.SRP_B, first.challenge.ChallengeParameters!.SRP_B)
    await second.respond()
  })

  test('LEGACY: an unknown user is UserNotFoundException at InitiateAuth', async () => {
    await rejectsWith(
      srpSignIn(pool, ids, 'nobody@example.com', PASSWORD),
      'UserNotFoundException',
      'User does not exist.',
    )
  })

  test('ENABLED: an unknown user gets a stable simulated challenge and fails at the claim', async () => {
    const hidden = await createPool(
      pool,
      { UsernameAttributes: ['email'], UsernameConfiguration: { CaseSensitive: false } },
      { PreventUserExistenceErrors: 'ENABLED' },
    )
    const a = await srpSignIn(pool, hidden, 'ghost@example.com', PASSWORD)
    const b = await srpSignIn(pool, hidden, 'GHOST@example.com', 'other')
    for (const attempt of [a, b])
      await rejectsWith(attempt.respond(), 'NotAuthorizedException', 'Incorrect username or password.')
    const [pa, pb] = [a.challenge.ChallengeParameters!, b.challenge.ChallengeParameters!]
    assert.equal(pa.SALT, pb.SALT)
    assert.match(pa.USER_ID_FOR_SRP!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  test('claims that do not match the challenge are refused', async () => {
    await confirmedUser(ids, 'srp-claims@example.com')
    const edits: Record<string, (r: Record<string, string>) => void> = {
      'another SECRET_BLOCK': (r) => {
        r.PASSWORD_CLAIM_SECRET_BLOCK = Buffer.from('forged').toString('base64')
      },
      'another USERNAME': (r) => {
        r.USERNAME = 'someone-else'
      },
      'a malformed TIMESTAMP': (r) => {
        r.TIMESTAMP = '2026-01-01T00:00:00Z'
      },
      'a forged signature': (r) => {
        r.PASSWORD_CLAIM_SIGNATURE = Buffer.alloc(32).toString('base64')
      },
    }
    for (const [name, edit] of Object.entries(edits)) {
      const attempt = await srpSignIn(pool, ids, 'srp-claims@example.com', PASSWORD, { edit })
      await rejectsWith(attempt.respond(), 'NotAuthorizedException', 'Incorrect username or password.').catch(
        (error) => assert.fail(`${name}: ${error}`),
      )
    }
  })

  test('the flow must be allowed on the client; SRP_A must be a valid public value', async () => {
    const passwordOnly = await createPool(
      pool,
      {},
      { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
    )
    await rejectsWith(
      srpSignIn(pool, passwordOnly, 'x', PASSWORD),
      'InvalidParameterException',
      'USER_SRP_AUTH flow not enabled for this client',
    )
    await rejectsWith(
      srpSignIn(pool, passwordOnly, 'x', PASSWORD, { admin: true }),
      'InvalidParameterException',
      'Auth flow not enabled for this client',
    )
    for (const SRP_A of ['0', 'zz', (2n ** 3072n).toString(16)])
      await rejectsWith(
        pool.anonymous.send(
          new InitiateAuthCommand({
            ClientId: ids.clientId,
            AuthFlow: 'USER_SRP_AUTH',
            AuthParameters: { USERNAME: 'srp@example.com', SRP_A },
          }),
        ),
        'InvalidParameterException',
      )
    await rejectsWith(
      pool.anonymous.send(
        new InitiateAuthCommand({
          ClientId: ids.clientId,
          AuthFlow: 'USER_SRP_AUTH',
          AuthParameters: { USERNAME: 'a' },
        }),
      ),
      'InvalidParameterException',
      'Missing required parameter SRP_A',
    )
  })

  test('a user whose password predates stored verifiers gets one at the next password sign-in', async () => {
    const sub = await confirmedUser(ids, 'legacy@example.com')
    const user = (await pool.server.store.getUser(ids.poolId, sub))!
    await pool.server.store.saveUser({ ...user, srpVerifier: null })
    await rejectsWith(
      (await srpSignIn(pool, ids, 'legacy@example.com', PASSWORD)).respond(),
      'NotAuthorizedException',
    )
    await passwordSignIn(pool, ids.clientId, 'legacy@example.com', PASSWORD)
    assert.ok((await pool.server.store.getUser(ids.poolId, sub))?.srpVerifier)
    await (await srpSignIn(pool, ids, 'legacy@example.com', PASSWORD)).respond()
  })

  test('the verifier is stored sealed: nothing in the row is the hex verifier', async () => {
    const sub = await confirmedUser(ids, 'sealed@example.com')
    const user = (await pool.server.store.getUser(ids.poolId, sub))!
    assert.match(user.srpVerifier!, /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
    const moved = {
      ...(await pool.server.store.getUser(ids.poolId, await confirmedUser(ids, 'other@example.com')))!,
    }
    // A sealed verifier copied to another user's row does not open there.
    await pool.server.store.saveUser({ ...moved, srpVerifier: user.srpVerifier })
    await rejectsWith(
      (await srpSignIn(pool, ids, 'other@example.com', PASSWORD)).respond(),
      'NotAuthorizedException',
    )
  })
})

describe('AdminCreateUser and NEW_PASSWORD_REQUIRED', () => {
  let ids: { poolId: string; clientId: string }
  before(async () => {
    ids = await createPool(pool, {
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      Schema: [{ Name: 'name', AttributeDataType: 'String', Required: true, Mutable: true }],
    })
  })

  test('a user created with a temporary password is invited, then must choose a new password', async () => {
    const { User } = await pool.admin.send(
      new AdminCreateUserCommand({
        UserPoolId: ids.poolId,
        Username: 'invited@example.com',
        TemporaryPassword: 'Temp-passw0rd',
        UserAttributes: [{ Name: 'email_verified', Value: 'true' }],
        DesiredDeliveryMediums: ['EMAIL'],
      }),
    )
    assert.equal(User?.UserStatus, 'FORCE_CHANGE_PASSWORD')
    assert.equal(User?.Enabled, true)
    assert.ok(User?.UserCreateDate instanceof Date)
    assert.deepEqual(Object.fromEntries((User?.Attributes ?? []).map((a) => [a.Name, a.Value])), {
      sub: User?.Username,
      email: 'invited@example.com',
      email_verified: 'true',
    })
    const [invitation] = messagesTo(pool, 'invited@example.com')
    assert.equal(invitation?.purpose, 'INVITATION')
    assert.equal(invitation?.temporaryPassword, 'Temp-passw0rd')

    const started = await passwordSignIn(pool, ids.clientId, 'invited@example.com', 'Temp-passw0rd')
    assert.equal(started.ChallengeName, 'NEW_PASSWORD_REQUIRED')
    assert.equal(started.AuthenticationResult, undefined)
    assert.equal(started.ChallengeParameters?.USER_ID_FOR_SRP, User?.Username)
    assert.deepEqual(JSON.parse(started.ChallengeParameters!.requiredAttributes!), ['userAttributes.name'])
    assert.deepEqual(JSON.parse(started.ChallengeParameters!.userAttributes!), {
      email: 'invited@example.com',
      email_verified: 'true',
    })
    const answer = (Session: string, responses: Record<string, string>) =>
      pool.anonymous.send(
        new RespondToAuthChallengeCommand({
          ClientId: ids.clientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session,
          ChallengeResponses: { USERNAME: User!.Username!, ...responses },
        }),
      )
    await rejectsWith(
      answer(started.Session!, { NEW_PASSWORD: 'short' }),
      'InvalidPasswordException',
      'Password did not conform with policy: Password not long enough',
    )
    // A refused password leaves the session usable; a missing required attribute spends it.
    await rejectsWith(
      answer(started.Session!, { NEW_PASSWORD }),
      'InvalidParameterException',
      /name: The attribute name is required/,
    )
    await rejectsWith(
      answer(started.Session!, { NEW_PASSWORD, 'userAttributes.name': 'Ivy' }),
      'NotAuthorizedException',
      'Invalid session for the user, session can only be used once.',
    )
    const again = await passwordSignIn(pool, ids.clientId, 'invited@example.com', 'Temp-passw0rd')
    const { AuthenticationResult } = await answer(again.Session!, {
      NEW_PASSWORD,
      'userAttributes.name': 'Ivy',
    })
    const claims = decodeJwt(AuthenticationResult!.IdToken!)
    assert.equal(claims.name, 'Ivy')
    assert.equal(claims.email_verified, true)
    const { UserStatus } = await pool.admin.send(
      new AdminGetUserCommand({ UserPoolId: ids.poolId, Username: 'invited@example.com' }),
    )
    assert.equal(UserStatus, 'CONFIRMED')
    await rejectsWith(
      passwordSignIn(pool, ids.clientId, 'invited@example.com', 'Temp-passw0rd'),
      'NotAuthorizedException',
    )
    await passwordSignIn(pool, ids.clientId, 'invited@example.com', NEW_PASSWORD)
  })

  test('AdminRespondToAuthChallenge answers the challenge for a back end; SRP also leads to it', async () => {
    await pool.admin.send(
      new AdminCreateUserCommand({
        UserPoolId: ids.poolId,
        Username: 'backend@example.com',
        TemporaryPassword: 'Temp-passw0rd',
        UserAttributes: [{ Name: 'name', Value: 'Bea' }],
        MessageAction: 'SUPPRESS',
      }),
    )
    assert.deepEqual(messagesTo(pool, 'backend@example.com'), [])
    const viaSrp = await (await srpSignIn(pool, ids, 'backend@example.com', 'Temp-passw0rd')).respond()
    assert.equal(viaSrp.ChallengeName, 'NEW_PASSWORD_REQUIRED')
    assert.deepEqual(JSON.parse(viaSrp.ChallengeParameters!.requiredAttributes!), [])
    const started = await pool.admin.send(
      new AdminInitiateAuthCommand({
        UserPoolId: ids.poolId,
        ClientId: ids.clientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'backend@example.com', PASSWORD: 'Temp-passw0rd' },
      }),
    )
    const done = await pool.admin.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: ids.poolId,
        ClientId: ids.clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: started.Session!,
        ChallengeResponses: { USERNAME: 'backend@example.com', NEW_PASSWORD },
      }),
    )
    assert.ok(done.AuthenticationResult?.AccessToken)
    // The new password also works over SRP: the verifier changed with it.
    await (await srpSignIn(pool, ids, 'backend@example.com', NEW_PASSWORD)).respond()
  })

  test('a generated temporary password meets the policy; RESEND issues a new one', async () => {
    await pool.admin.send(
      new AdminCreateUserCommand({
        UserPoolId: ids.poolId,
        Username: 'generated@example.com',
        UserAttributes: [{ Name: 'name', Value: 'Gen' }],
        DesiredDeliveryMediums: ['EMAIL'],
      }),
    )
    const first = messagesTo(pool, 'generated@example.com').at(-1)!.temporaryPassword!
    assert.match(first, /^(?=.*[A-Z])(?=.*[a-z])(?=.*[0-9])(?=.*[^A-Za-z0-9]).{12,}$/)
    await pool.admin.send(
      new AdminCreateUserCommand({
        UserPoolId: ids.poolId,
        Username: 'generated@example.com',
        MessageAction: 'RESEND',
      }),
    )
    const second = messagesTo(pool, 'generated@example.com').at(-1)!.temporaryPassword!
    assert.notEqual(second, first)
    await rejectsWith(
      passwordSignIn(pool, ids.clientId, 'generated@example.com', first),
      'NotAuthorizedException',
    )
    assert.equal(
      (await passwordSignIn(pool, ids.clientId, 'generated@example.com', second)).ChallengeName,
      'NEW_PASSWORD_REQUIRED',
    )
  })

  test('errors: taken name, weak temporary password, RESEND for unknown or active users', async () => {
    await rejectsWith(
      pool.admin.send(
        new AdminCreateUserCommand({ UserPoolId: ids.poolId, Username: 'invited@example.com' }),
      ),
      'UsernameExistsException',
      'User account already exists',
    )
    await rejectsWith(
      pool.admin.send(
        new AdminCreateUserCommand({
          UserPoolId: ids.poolId,
          Username: 'weak@example.com',
          TemporaryPassword: 'Password!',
        }),
      ),
      'InvalidPasswordException',
      'Password did not conform with password policy: Password must have numeric characters',
    )
    await rejectsWith(
      pool.admin.send(
        new AdminCreateUserCommand({
          UserPoolId: ids.poolId,
          Username: 'nobody@example.com',
          MessageAction: 'RESEND',
        }),
      ),
      'UserNotFoundException',
    )
    await rejectsWith(
      pool.admin.send(
        new AdminCreateUserCommand({
          UserPoolId: ids.poolId,
          Username: 'invited@example.com',
          MessageAction: 'RESEND',
        }),
      ),
      'UnsupportedUserStateException',
    )
    await rejectsWith(
      pool.admin.send(new AdminCreateUserCommand({ UserPoolId: ids.poolId, Username: 'not-an-email' })),
      'InvalidParameterException',
      'Username should be an email.',
    )
  })
})

describe('password flows', () => {
  let ids: { poolId: string; clientId: string }
  before(async () => {
    ids = await createPool(pool, { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] })
  })

  test('ForgotPassword sends a code; ConfirmForgotPassword sets the password and signs out everywhere', async () => {
    await confirmedUser(ids, 'forgot@example.com')
    const before = (await passwordSignIn(pool, ids.clientId, 'forgot@example.com', PASSWORD))
      .AuthenticationResult!
    const { CodeDeliveryDetails } = await pool.anonymous.send(
      new ForgotPasswordCommand({ ClientId: ids.clientId, Username: 'forgot@example.com' }),
    )
    assert.deepEqual(CodeDeliveryDetails, {
      Destination: 'f***@e***.com',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    })
    const message = messagesTo(pool, 'forgot@example.com').at(-1)!
    assert.equal(message.purpose, 'FORGOT_PASSWORD')
    const confirm = (ConfirmationCode: string, Password = NEW_PASSWORD) =>
      pool.anonymous.send(
        new ConfirmForgotPasswordCommand({
          ClientId: ids.clientId,
          Username: 'forgot@example.com',
          ConfirmationCode,
          Password,
        }),
      )
    const wrong = message.code === '000000' ? '111111' : '000000'
    await rejectsWith(
      confirm(wrong),
      'CodeMismatchException',
      'Invalid verification code provided, please try again.',
    )
    await rejectsWith(
      confirm(message.code!, 'weak'),
      'InvalidPasswordException',
      'Password did not conform with policy: Password not long enough',
    )
    await confirm(message.code!)
    await rejectsWith(
      confirm(message.code!),
      'ExpiredCodeException',
      'Invalid code provided, please request a code again.',
    )
    await rejectsWith(
      passwordSignIn(pool, ids.clientId, 'forgot@example.com', PASSWORD),
      'NotAuthorizedException',
    )
    await passwordSignIn(pool, ids.clientId, 'forgot@example.com', NEW_PASSWORD)
    await rejectsWith(
      refreshWith(ids.clientId, before.RefreshToken!),
      'NotAuthorizedException',
      'Refresh Token has been revoked',
    )
    await rejectsWith(
      pool.anonymous.send(new GetUserCommand({ AccessToken: before.AccessToken! })),
      'NotAuthorizedException',
      'Access Token has been revoked',
    )
  })

  test('ForgotPassword refusals with LEGACY; simulated deliveries with PreventUserExistenceErrors', async () => {
    await pool.anonymous.send(
      new SignUpCommand({ ClientId: ids.clientId, Username: 'unconfirmed@example.com', Password: PASSWORD }),
    )
    const forgot = (clientId: string, Username: string) =>
      pool.anonymous.send(new ForgotPasswordCommand({ ClientId: clientId, Username }))
    await rejectsWith(forgot(ids.clientId, 'nobody@example.com'), 'UserNotFoundException')
    await rejectsWith(
      forgot(ids.clientId, 'unconfirmed@example.com'),
      'InvalidParameterException',
      'Cannot reset password for the user as there is no registered/verified email or phone_number',
    )
    const hidden = await createPool(
      pool,
      { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] },
      { PreventUserExistenceErrors: 'ENABLED' },
    )
    const { CodeDeliveryDetails } = await forgot(hidden.clientId, 'nobody@example.com')
    assert.deepEqual(CodeDeliveryDetails, {
      Destination: 'n***@e***.com',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    })
    assert.deepEqual(messagesTo(pool, 'nobody@example.com'), [])
    await rejectsWith(
      pool.anonymous.send(
        new ConfirmForgotPasswordCommand({
          ClientId: hidden.clientId,
          Username: 'nobody@example.com',
          ConfirmationCode: '123456',
          Password: NEW_PASSWORD,
        }),
      ),
      'CodeMismatchException',
    )
    await confirmedUser(hidden, 'never-asked@example.com')
    await rejectsWith(
      pool.anonymous.send(
        new ConfirmForgotPasswordCommand({
          ClientId: hidden.clientId,
          Username: 'never-asked@example.com',
          ConfirmationCode: '123456',
          Password: NEW_PASSWORD,
        }),
      ),
      'ExpiredCodeException',
    )
  })

  test('ChangePassword needs the previous password and a token', async () => {
    await confirmedUser(ids, 'change@example.com')
    const { AccessToken } = (await passwordSignIn(pool, ids.clientId, 'change@example.com', PASSWORD))
      .AuthenticationResult!
    const change = (PreviousPassword: string, ProposedPassword: string, token = AccessToken!) =>
      pool.anonymous.send(
        new ChangePasswordCommand({ AccessToken: token, PreviousPassword, ProposedPassword }),
      )
    await rejectsWith(
      change('Wrong-passw0rd', NEW_PASSWORD),
      'NotAuthorizedException',
      'Incorrect username or password.',
    )
    await rejectsWith(
      change(PASSWORD, 'nouppercase1!'),
      'InvalidPasswordException',
      'Password did not conform with policy: Password must have uppercase characters',
    )
    await rejectsWith(
      change(PASSWORD, NEW_PASSWORD, 'not.a.token'),
      'NotAuthorizedException',
      'Invalid Access Token',
    )
    await change(PASSWORD, NEW_PASSWORD)
    await passwordSignIn(pool, ids.clientId, 'change@example.com', NEW_PASSWORD)
    await (await srpSignIn(pool, ids, 'change@example.com', NEW_PASSWORD)).respond()
    await rejectsWith(
      (await srpSignIn(pool, ids, 'change@example.com', PASSWORD)).respond(),
      'NotAuthorizedException',
    )
  })

  test('AdminSetUserPassword: permanent confirms, temporary forces a change', async () => {
    await pool.anonymous.send(
      new SignUpCommand({ ClientId: ids.clientId, Username: 'set@example.com', Password: PASSWORD }),
    )
    const set = (Password: string, Permanent: boolean) =>
      pool.admin.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: ids.poolId,
          Username: 'set@example.com',
          Password,
          Permanent,
        }),
      )
    const status = async () =>
      (
        await pool.admin.send(
          new AdminGetUserCommand({ UserPoolId: ids.poolId, Username: 'set@example.com' }),
        )
      ).UserStatus
    await rejectsWith(set('short', true), 'InvalidPasswordException')
    await set(NEW_PASSWORD, true)
    assert.equal(await status(), 'CONFIRMED')
    assert.ok(
      (await passwordSignIn(pool, ids.clientId, 'set@example.com', NEW_PASSWORD)).AuthenticationResult,
    )
    await set('Temp-passw0rd', false)
    assert.equal(await status(), 'FORCE_CHANGE_PASSWORD')
    assert.equal(
      (await passwordSignIn(pool, ids.clientId, 'set@example.com', 'Temp-passw0rd')).ChallengeName,
      'NEW_PASSWORD_REQUIRED',
    )
    await rejectsWith(
      pool.admin.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: ids.poolId,
          Username: 'nobody@example.com',
          Password: NEW_PASSWORD,
        }),
      ),
      'UserNotFoundException',
    )
  })

  test('AdminResetUserPassword: PasswordResetRequiredException until the reset code is used', async () => {
    await confirmedUser(ids, 'reset@example.com')
    const tokens = (await passwordSignIn(pool, ids.clientId, 'reset@example.com', PASSWORD))
      .AuthenticationResult!
    await pool.admin.send(
      new AdminResetUserPasswordCommand({ UserPoolId: ids.poolId, Username: 'reset@example.com' }),
    )
    await rejectsWith(
      passwordSignIn(pool, ids.clientId, 'reset@example.com', PASSWORD),
      'PasswordResetRequiredException',
      'Password reset required for the user',
    )
    await rejectsWith(
      (await srpSignIn(pool, ids, 'reset@example.com', PASSWORD)).respond(),
      'PasswordResetRequiredException',
    )
    await rejectsWith(
      refreshWith(ids.clientId, tokens.RefreshToken!),
      'NotAuthorizedException',
      'Refresh Token has been revoked',
    )
    await pool.anonymous.send(
      new ConfirmForgotPasswordCommand({
        ClientId: ids.clientId,
        Username: 'reset@example.com',
        ConfirmationCode: pool.lastCode('reset@example.com'),
        Password: NEW_PASSWORD,
      }),
    )
    await passwordSignIn(pool, ids.clientId, 'reset@example.com', NEW_PASSWORD)
    await pool.anonymous.send(
      new SignUpCommand({
        ClientId: ids.clientId,
        Username: 'reset-unconfirmed@example.com',
        Password: PASSWORD,
      }),
    )
    await rejectsWith(
      pool.admin.send(
        new AdminResetUserPasswordCommand({
          UserPoolId: ids.poolId,
          Username: 'reset-unconfirmed@example.com',
        }),
      ),
      'InvalidParameterException',
      'Cannot reset password for the user as there is no registered/verified email or phone_number',
    )
  })
})

describe('attributes', () => {
  let ids: { poolId: string; clientId: string }
  let aliasIds: { poolId: string; clientId: string }
  before(async () => {
    ids = await createPool(pool, {
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      Schema: [{ Name: 'tier', AttributeDataType: 'Number', Mutable: true }],
    })
    aliasIds = await createPool(pool, { AliasAttributes: ['email'], AutoVerifiedAttributes: ['email'] })
  })

  const tokenFor = async (clientId: string, username: string, password = PASSWORD) =>
    (await passwordSignIn(pool, clientId, username, password)).AuthenticationResult!

  test('a changed verified email waits for its code; the old one signs in until then', async () => {
    await pool.anonymous.send(
      new SignUpCommand({
        ClientId: aliasIds.clientId,
        Username: 'mover',
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: 'old@example.com' }],
      }),
    )
    await pool.anonymous.send(
      new ConfirmSignUpCommand({
        ClientId: aliasIds.clientId,
        Username: 'mover',
        ConfirmationCode: pool.lastCode('old@example.com'),
      }),
    )
    const { AccessToken } = await tokenFor(aliasIds.clientId, 'old@example.com')
    const { CodeDeliveryDetailsList } = await pool.anonymous.send(
      new UpdateUserAttributesCommand({
        AccessToken,
        UserAttributes: [{ Name: 'email', Value: 'new@example.com' }],
      }),
    )
    assert.deepEqual(CodeDeliveryDetailsList, [
      { Destination: 'n***@e***.com', DeliveryMedium: 'EMAIL', AttributeName: 'email' },
    ])
    const attributes = async () =>
      Object.fromEntries(
        ((await pool.anonymous.send(new GetUserCommand({ AccessToken }))).UserAttributes ?? []).map((a) => [
          a.Name,
          a.Value,
        ]),
      )
    assert.equal((await attributes()).email, 'old@example.com')
    assert.equal((await attributes()).email_verified, 'true')
    await tokenFor(aliasIds.clientId, 'old@example.com')
    await rejectsWith(
      passwordSignIn(pool, aliasIds.clientId, 'new@example.com', PASSWORD),
      'UserNotFoundException',
    )
    // Asking again sends a fresh code to the pending address; the first one no longer works.
    const first = pool.lastCode('new@example.com')
    await pool.anonymous.send(
      new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }),
    )
    const second = pool.lastCode('new@example.com')
    const verify = (Code: string) =>
      pool.anonymous.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code }))
    if (first !== second) await rejectsWith(verify(first), 'CodeMismatchException')
    await verify(second)
    assert.equal((await attributes()).email, 'new@example.com')
    await tokenFor(aliasIds.clientId, 'new@example.com')
    await rejectsWith(
      passwordSignIn(pool, aliasIds.clientId, 'old@example.com', PASSWORD),
      'UserNotFoundException',
    )
    await rejectsWith(verify(second), 'ExpiredCodeException')
  })

  test('an alias verified by someone else cannot be taken: AliasExistsException', async () => {
    for (const [username, email] of [
      ['first', 'shared@example.com'],
      ['second', 'second@example.com'],
    ]) {
      await pool.anonymous.send(
        new SignUpCommand({
          ClientId: aliasIds.clientId,
          Username: username!,
          Password: PASSWORD,
          UserAttributes: [{ Name: 'email', Value: email! }],
        }),
      )
      await pool.anonymous.send(
        new ConfirmSignUpCommand({
          ClientId: aliasIds.clientId,
          Username: username!,
          ConfirmationCode: pool.lastCode(email!),
        }),
      )
    }
    const { AccessToken } = await tokenFor(aliasIds.clientId, 'second')
    await pool.anonymous.send(
      new UpdateUserAttributesCommand({
        AccessToken,
        UserAttributes: [{ Name: 'email', Value: 'shared@example.com' }],
      }),
    )
    await rejectsWith(
      pool.anonymous.send(
        new VerifyUserAttributeCommand({
          AccessToken,
          AttributeName: 'email',
          Code: pool.lastCode('shared@example.com'),
        }),
      ),
      'AliasExistsException',
      'An account with the email already exists.',
    )
  })

  test('custom attributes are strings in tokens; users and admins update and delete attributes', async () => {
    await confirmedUser(ids, 'attrs@example.com', { 'custom:tier': '3', name: 'Ann' })
    const { IdToken, AccessToken } = await tokenFor(ids.clientId, 'attrs@example.com')
    assert.equal(decodeJwt(IdToken!)['custom:tier'], '3')
    await pool.anonymous.send(
      new UpdateUserAttributesCommand({
        AccessToken,
        UserAttributes: [{ Name: 'given_name', Value: 'Annie' }],
      }),
    )
    await rejectsWith(
      pool.anonymous.send(
        new UpdateUserAttributesCommand({
          AccessToken,
          UserAttributes: [{ Name: 'email_verified', Value: 'true' }],
        }),
      ),
      'InvalidParameterException',
    )
    await rejectsWith(
      pool.anonymous.send(
        new UpdateUserAttributesCommand({
          AccessToken,
          UserAttributes: [{ Name: 'custom:nope', Value: 'x' }],
        }),
      ),
      'InvalidParameterException',
    )
    await pool.anonymous.send(new DeleteUserAttributesCommand({ AccessToken, UserAttributeNames: ['name'] }))
    await rejectsWith(
      pool.anonymous.send(new DeleteUserAttributesCommand({ AccessToken, UserAttributeNames: ['email'] })),
      'InvalidParameterException',
    )
    await pool.admin.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: ids.poolId,
        Username: 'attrs@example.com',
        UserAttributes: [
          { Name: 'custom:tier', Value: '4' },
          { Name: 'phone_number', Value: '+15555550100' },
          { Name: 'phone_number_verified', Value: 'true' },
        ],
      }),
    )
    await pool.admin.send(
      new AdminDeleteUserAttributesCommand({
        UserPoolId: ids.poolId,
        Username: 'attrs@example.com',
        UserAttributeNames: ['given_name'],
      }),
    )
    const claims = decodeJwt((await tokenFor(ids.clientId, 'attrs@example.com')).IdToken!)
    assert.equal(claims['custom:tier'], '4')
    assert.equal(claims.phone_number_verified, true)
    assert.equal(claims.name, undefined)
    assert.equal(claims.given_name, undefined)
  })

  test('a client with WriteAttributes may write only those', async () => {
    const limited = await createPool(
      pool,
      { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] },
      {
        WriteAttributes: ['name', 'email'],
      },
    )
    await confirmedUser(limited, 'limited@example.com')
    const { AccessToken } = await tokenFor(limited.clientId, 'limited@example.com')
    await rejectsWith(
      pool.anonymous.send(
        new UpdateUserAttributesCommand({
          AccessToken,
          UserAttributes: [{ Name: 'family_name', Value: 'X' }],
        }),
      ),
      'NotAuthorizedException',
      'A client attempted to write unauthorized attribute',
    )
  })
})

describe('sign-out, revocation, disabling and deleting users', () => {
  let ids: { poolId: string; clientId: string }
  before(async () => {
    ids = await createPool(pool, { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] })
  })

  test('GlobalSignOut revokes every refresh token and the access tokens issued before', async () => {
    await confirmedUser(ids, 'global@example.com')
    const a = (await passwordSignIn(pool, ids.clientId, 'global@example.com', PASSWORD)).AuthenticationResult!
    const b = (await passwordSignIn(pool, ids.clientId, 'global@example.com', PASSWORD)).AuthenticationResult!
    await pool.anonymous.send(new GlobalSignOutCommand({ AccessToken: a.AccessToken! }))
    for (const tokens of [a, b]) {
      await rejectsWith(
        refreshWith(ids.clientId, tokens.RefreshToken!),
        'NotAuthorizedException',
        'Refresh Token has been revoked',
      )
      await rejectsWith(
        pool.anonymous.send(new GetUserCommand({ AccessToken: tokens.AccessToken! })),
        'NotAuthorizedException',
        'Access Token has been revoked',
      )
    }
    const fresh = (await passwordSignIn(pool, ids.clientId, 'global@example.com', PASSWORD))
      .AuthenticationResult!
    await pool.anonymous.send(new GetUserCommand({ AccessToken: fresh.AccessToken! }))
    await pool.admin.send(
      new AdminUserGlobalSignOutCommand({ UserPoolId: ids.poolId, Username: 'global@example.com' }),
    )
    await rejectsWith(
      pool.anonymous.send(new GetUserCommand({ AccessToken: fresh.AccessToken! })),
      'NotAuthorizedException',
      'Access Token has been revoked',
    )
  })

  test('RevokeToken revokes one refresh token and the access tokens descended from it', async () => {
    await confirmedUser(ids, 'revoke@example.com')
    const a = (await passwordSignIn(pool, ids.clientId, 'revoke@example.com', PASSWORD)).AuthenticationResult!
    const b = (await passwordSignIn(pool, ids.clientId, 'revoke@example.com', PASSWORD)).AuthenticationResult!
    const refreshed = (await refreshWith(ids.clientId, a.RefreshToken!)).AuthenticationResult!
    await pool.anonymous.send(new RevokeTokenCommand({ ClientId: ids.clientId, Token: a.RefreshToken! }))
    await rejectsWith(
      refreshWith(ids.clientId, a.RefreshToken!),
      'NotAuthorizedException',
      'Refresh Token has been revoked',
    )
    for (const token of [a.AccessToken!, refreshed.AccessToken!])
      await rejectsWith(
        pool.anonymous.send(new GetUserCommand({ AccessToken: token })),
        'NotAuthorizedException',
        'Access Token has been revoked',
      )
    await pool.anonymous.send(new GetUserCommand({ AccessToken: b.AccessToken! }))
    await refreshWith(ids.clientId, b.RefreshToken!)
    // Unknown and already-revoked tokens succeed silently; access tokens are not refresh tokens.
    await pool.anonymous.send(new RevokeTokenCommand({ ClientId: ids.clientId, Token: a.RefreshToken! }))
    await pool.anonymous.send(new RevokeTokenCommand({ ClientId: ids.clientId, Token: 'unknown-token' }))
    await rejectsWith(
      pool.anonymous.send(new RevokeTokenCommand({ ClientId: ids.clientId, Token: b.AccessToken! })),
      'UnsupportedTokenTypeException',
    )
    await rejectsWith(
      pool.anonymous.send(
        new RevokeTokenCommand({ ClientId: 'abcdefghijklmnopqrstuvwxyz', Token: b.RefreshToken! }),
      ),
      'UnauthorizedException',
    )
  })

  test('GetTokensFromRefreshToken refreshes like REFRESH_TOKEN_AUTH; revocation can be disabled per client', async () => {
    const noRevocation = await createPool(
      pool,
      { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] },
      { EnableTokenRevocation: false },
    )
    await confirmedUser(noRevocation, 'gtfrt@example.com')
    const tokens = (await passwordSignIn(pool, noRevocation.clientId, 'gtfrt@example.com', PASSWORD))
      .AuthenticationResult!
    const { AuthenticationResult } = await pool.anonymous.send(
      new GetTokensFromRefreshTokenCommand({
        ClientId: noRevocation.clientId,
        RefreshToken: tokens.RefreshToken!,
      }),
    )
    assert.equal(AuthenticationResult?.RefreshToken, undefined)
    assert.equal(
      decodeJwt(AuthenticationResult!.AccessToken!).origin_jti,
      decodeJwt(tokens.AccessToken!).origin_jti,
    )
    await rejectsWith(
      pool.anonymous.send(
        new GetTokensFromRefreshTokenCommand({ ClientId: noRevocation.clientId, RefreshToken: 'nope' }),
      ),
      'NotAuthorizedException',
      'Invalid Refresh Token.',
    )
    await rejectsWith(
      pool.anonymous.send(
        new RevokeTokenCommand({ ClientId: noRevocation.clientId, Token: tokens.RefreshToken! }),
      ),
      'UnsupportedOperationException',
    )
  })

  test('RevokeToken for a client with a secret needs the secret', async () => {
    const secretive = await createPool(
      pool,
      { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] },
      { GenerateSecret: true },
    )
    await pool.anonymous.send(
      new SignUpCommand({
        ClientId: secretive.clientId,
        Username: 's@example.com',
        Password: PASSWORD,
        SecretHash: secretHash(secretive, 's@example.com'),
      }),
    )
    await pool.admin.send(
      new AdminConfirmSignUpCommand({ UserPoolId: secretive.poolId, Username: 's@example.com' }),
    )
    const { AuthenticationResult } = await pool.anonymous.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: secretive.clientId,
        AuthParameters: {
          USERNAME: 's@example.com',
          PASSWORD,
          SECRET_HASH: secretHash(secretive, 's@example.com'),
        },
      }),
    )
    const revoke = (ClientSecret?: string) =>
      pool.anonymous.send(
        new RevokeTokenCommand({
          ClientId: secretive.clientId,
          Token: AuthenticationResult!.RefreshToken!,
          ...(ClientSecret ? { ClientSecret } : {}),
        }),
      )
    await rejectsWith(revoke(), 'UnauthorizedException')
    await rejectsWith(revoke('wrong'), 'UnauthorizedException')
    await revoke(secretive.clientSecret)
  })

  test('a disabled user cannot sign in, refresh or use their tokens; enabling restores sign-in', async () => {
    await confirmedUser(ids, 'disabled@example.com')
    const tokens = (await passwordSignIn(pool, ids.clientId, 'disabled@example.com', PASSWORD))
      .AuthenticationResult!
    await pool.admin.send(
      new AdminDisableUserCommand({ UserPoolId: ids.poolId, Username: 'disabled@example.com' }),
    )
    assert.equal(
      (
        await pool.admin.send(
          new AdminGetUserCommand({ UserPoolId: ids.poolId, Username: 'disabled@example.com' }),
        )
      ).Enabled,
      false,
    )
    await rejectsWith(
      passwordSignIn(pool, ids.clientId, 'disabled@example.com', PASSWORD),
      'NotAuthorizedException',
      'User is disabled.',
    )
    await rejectsWith(
      (await srpSignIn(pool, ids, 'disabled@example.com', PASSWORD)).respond(),
      'NotAuthorizedException',
      'User is disabled.',
    )
    await rejectsWith(refreshWith(ids.clientId, tokens.RefreshToken!), 'NotAuthorizedException')
    await rejectsWith(
      pool.anonymous.send(new GetUserCommand({ AccessToken: tokens.AccessToken! })),
      'NotAuthorizedException',
    )
    await pool.admin.send(
      new AdminEnableUserCommand({ UserPoolId: ids.poolId, Username: 'disabled@example.com' }),
    )
    await passwordSignIn(pool, ids.clientId, 'disabled@example.com', PASSWORD)
  })

  test('DeleteUser and AdminDeleteUser remove the user and their sign-in', async () => {
    await confirmedUser(ids, 'self-delete@example.com')
    const { AccessToken } = (await passwordSignIn(pool, ids.clientId, 'self-delete@example.com', PASSWORD))
      .AuthenticationResult!
    await pool.anonymous.send(new DeleteUserCommand({ AccessToken }))
    await rejectsWith(
      passwordSignIn(pool, ids.clientId, 'self-delete@example.com', PASSWORD),
      'UserNotFoundException',
    )
    await rejectsWith(pool.anonymous.send(new GetUserCommand({ AccessToken })), 'UserNotFoundException')
    await confirmedUser(ids, 'admin-delete@example.com')
    await pool.admin.send(
      new AdminDeleteUserCommand({ UserPoolId: ids.poolId, Username: 'admin-delete@example.com' }),
    )
    await rejectsWith(
      pool.admin.send(
        new AdminGetUserCommand({ UserPoolId: ids.poolId, Username: 'admin-delete@example.com' }),
      ),
      'UserNotFoundException',
    )
    await rejectsWith(
      pool.admin.send(
        new AdminDeleteUserCommand({ UserPoolId: ids.poolId, Username: 'admin-delete@example.com' }),
      ),
      'UserNotFoundException',
    )
    // The email is free again.
    await confirmedUser(ids, 'admin-delete@example.com')
  })
})

function secretHash(ids: { clientId: string; clientSecret?: string }, username: string): string {
  return createHmac('sha256', ids.clientSecret!)
    .update(username + ids.clientId)
    .digest('base64')
}

describe('groups', () => {
  let ids: { poolId: string; clientId: string }
  before(async () => {
    ids = await createPool(pool, { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] })
  })

  test('create, get, update, list and delete groups', async () => {
    const { Group } = await pool.admin.send(
      new CreateGroupCommand({
        UserPoolId: ids.poolId,
        GroupName: 'admins',
        Description: 'Administrators',
        Precedence: 5,
        RoleArn: 'arn:aws:iam::000000000000:role/admins',
      }),
    )
    assert.equal(Group?.GroupName, 'admins')
    assert.equal(Group?.UserPoolId, ids.poolId)
    assert.equal(Group?.Precedence, 5)
    assert.ok(Group?.CreationDate instanceof Date)
    await rejectsWith(
      pool.admin.send(new CreateGroupCommand({ UserPoolId: ids.poolId, GroupName: 'admins' })),
      'GroupExistsException',
      'A group with the name already exists.',
    )
    const updated = await pool.admin.send(
      new UpdateGroupCommand({ UserPoolId: ids.poolId, GroupName: 'admins', Description: 'Admins' }),
    )
    assert.equal(updated.Group?.Description, 'Admins')
    assert.equal(updated.Group?.Precedence, 5)
    assert.equal(
      (await pool.admin.send(new GetGroupCommand({ UserPoolId: ids.poolId, GroupName: 'admins' }))).Group
        ?.Description,
      'Admins',
    )
    for (const name of ['b-readers', 'c-writers', 'd-auditors'])
      await pool.admin.send(new CreateGroupCommand({ UserPoolId: ids.poolId, GroupName: name }))
    const first = await pool.admin.send(new ListGroupsCommand({ UserPoolId: ids.poolId, Limit: 3 }))
    assert.deepEqual(
      first.Groups?.map((g) => g.GroupName),
      ['admins', 'b-readers', 'c-writers'],
    )
    const rest = await pool.admin.send(
      new ListGroupsCommand({ UserPoolId: ids.poolId, Limit: 3, NextToken: first.NextToken }),
    )
    assert.deepEqual(
      rest.Groups?.map((g) => g.GroupName),
      ['d-auditors'],
    )
    assert.equal(rest.NextToken, undefined)
    await pool.admin.send(new DeleteGroupCommand({ UserPoolId: ids.poolId, GroupName: 'd-auditors' }))
    for (const send of [
      () => pool.admin.send(new GetGroupCommand({ UserPoolId: ids.poolId, GroupName: 'd-auditors' })),
      () => pool.admin.send(new DeleteGroupCommand({ UserPoolId: ids.poolId, GroupName: 'd-auditors' })),
      () =>
        pool.admin.send(
          new UpdateGroupCommand({ UserPoolId: ids.poolId, GroupName: 'd-auditors', Precedence: 1 }),
        ),
    ])
      await rejectsWith(send(), 'ResourceNotFoundException', 'Group not found.')
  })

  test('cognito:groups is in both tokens, by precedence, and absent without groups', async () => {
    const sub = await confirmedUser(ids, 'member@example.com')
    const tokens = async () => {
      const { AuthenticationResult } = await passwordSignIn(
        pool,
        ids.clientId,
        'member@example.com',
        PASSWORD,
      )
      return [decodeJwt(AuthenticationResult!.IdToken!), decodeJwt(AuthenticationResult!.AccessToken!)]
    }
    for (const claims of await tokens()) assert.equal('cognito:groups' in claims, false)
    await pool.admin.send(
      new CreateGroupCommand({ UserPoolId: ids.poolId, GroupName: 'zeta', Precedence: 1 }),
    )
    await pool.admin.send(new CreateGroupCommand({ UserPoolId: ids.poolId, GroupName: 'alpha' }))
    for (const group of ['alpha', 'zeta', 'admins', 'b-readers'])
      await pool.admin.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: ids.poolId,
          Username: 'member@example.com',
          GroupName: group,
        }),
      )
    for (const claims of await tokens())
      assert.deepEqual(claims['cognito:groups'], ['zeta', 'admins', 'alpha', 'b-readers'])
    const listed = await pool.admin.send(
      new AdminListGroupsForUserCommand({ UserPoolId: ids.poolId, Username: 'member@example.com', Limit: 2 }),
    )
    assert.deepEqual(
      listed.Groups?.map((g) => g.GroupName),
      ['admins', 'alpha'],
    )
    const more = await pool.admin.send(
      new AdminListGroupsForUserCommand({
        UserPoolId: ids.poolId,
        Username: 'member@example.com',
        NextToken: listed.NextToken,
      }),
    )
    assert.deepEqual(
      more.Groups?.map((g) => g.GroupName),
      ['b-readers', 'zeta'],
    )
    const { Users } = await pool.admin.send(
      new ListUsersInGroupCommand({ UserPoolId: ids.poolId, GroupName: 'zeta' }),
    )
    assert.deepEqual(
      Users?.map((u) => u.Username),
      [sub],
    )
    await pool.admin.send(
      new AdminRemoveUserFromGroupCommand({
        UserPoolId: ids.poolId,
        Username: 'member@example.com',
        GroupName: 'zeta',
      }),
    )
    await pool.admin.send(new DeleteGroupCommand({ UserPoolId: ids.poolId, GroupName: 'alpha' }))
    for (const claims of await tokens()) assert.deepEqual(claims['cognito:groups'], ['admins', 'b-readers'])
    await rejectsWith(
      pool.admin.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: ids.poolId,
          Username: 'nobody@example.com',
          GroupName: 'admins',
        }),
      ),
      'UserNotFoundException',
    )
    await rejectsWith(
      pool.admin.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: ids.poolId,
          Username: 'member@example.com',
          GroupName: 'missing',
        }),
      ),
      'ResourceNotFoundException',
    )
  })

  test('refreshed tokens carry the current groups', async () => {
    await confirmedUser(ids, 'refresh-member@example.com')
    const { RefreshToken } = (
      await passwordSignIn(pool, ids.clientId, 'refresh-member@example.com', PASSWORD)
    ).AuthenticationResult!
    await pool.admin.send(
      new AdminAddUserToGroupCommand({
        UserPoolId: ids.poolId,
        Username: 'refresh-member@example.com',
        GroupName: 'admins',
      }),
    )
    const { AuthenticationResult } = await refreshWith(ids.clientId, RefreshToken!)
    assert.deepEqual(decodeJwt(AuthenticationResult!.AccessToken!)['cognito:groups'], ['admins'])
  })
})

describe('ListUsers', () => {
  let ids: { poolId: string; clientId: string }
  const subs: Record<string, string> = {}
  before(async () => {
    ids = await createPool(pool, {
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
    })
    for (const [email, name] of [
      ['ann@example.com', 'Ann'],
      ['anna@example.com', 'Anna'],
      ['bob@example.org', 'Bob'],
      ['pct@example.com', '100%_sure'],
    ])
      subs[email!] = await confirmedUser(ids, email!, { name: name! })
    await pool.anonymous.send(
      new SignUpCommand({ ClientId: ids.clientId, Username: 'pending@example.com', Password: PASSWORD }),
    )
  })

  const list = async (Filter?: string, extra: { Limit?: number; AttributesToGet?: string[] } = {}) =>
    (
      await pool.admin.send(
        new ListUsersCommand({
          UserPoolId: ids.poolId,
          ...(Filter !== undefined ? { Filter } : {}),
          ...extra,
        }),
      )
    ).Users!

  const emails = async (Filter?: string) =>
    (await list(Filter)).map((u) => u.Attributes?.find((a) => a.Name === 'email')?.Value).sort()

  test('the documented filters', async () => {
    assert.equal((await list()).length, 5)
    assert.deepEqual(await emails(''), (await emails()).sort())
    assert.deepEqual(await emails('email = "ann@example.com"'), ['ann@example.com'])
    assert.deepEqual(await emails('email = "ANN@example.com"'), ['ann@example.com'])
    assert.deepEqual(await emails('email ^= "ann"'), ['ann@example.com', 'anna@example.com'])
    assert.deepEqual(await emails('"email"^="bob"'), ['bob@example.org'])
    assert.deepEqual(await emails('name = "Anna"'), ['anna@example.com'])
    assert.deepEqual(await emails('name = "anna"'), [])
    assert.deepEqual(await emails('cognito:user_status = "unconfirmed"'), ['pending@example.com'])
    assert.deepEqual(await emails('status = "Enabled"'), await emails())
    assert.deepEqual(await emails(`sub = "${subs['bob@example.org']}"`), ['bob@example.org'])
    assert.deepEqual(await emails(`username = "${subs['ann@example.com']}"`), ['ann@example.com'])
  })

  test('AttributesToGet, Limit and PaginationToken', async () => {
    const [user] = await list('email = "ann@example.com"', { AttributesToGet: ['name'] })
    assert.deepEqual(user?.Attributes, [{ Name: 'name', Value: 'Ann' }])
    assert.equal(user?.UserStatus, 'CONFIRMED')
    assert.equal(user?.Enabled, true)
    assert.equal(user?.Username, subs['ann@example.com'])
    const seen: string[] = []
    let PaginationToken: string | undefined
    do {
      const page = await pool.admin.send(
        new ListUsersCommand({ UserPoolId: ids.poolId, Limit: 2, PaginationToken }),
      )
      assert.ok(page.Users!.length <= 2)
      seen.push(...page.Users!.map((u) => u.Username!))
      PaginationToken = page.PaginationToken
    } while (PaginationToken)
    assert.equal(new Set(seen).size, 5)
  })
})
