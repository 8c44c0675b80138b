// ForgotPassword / ConfirmForgotPassword, ChangePassword, AdminSetUserPassword and
// AdminResetUserPassword through the AWS SDK v3.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand,
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
  GetUserCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { startTestUserPool, type TestUserPool } from '../support/userpool.js'
import {
  confirmedUser,
  createPool,
  messagesTo,
  PASSWORD,
  passwordSignIn,
  refreshWith,
  rejectsWith,
  srpSignIn,
} from './userpool-helpers.js'

const NEW_PASSWORD = 'N3w-passw0rd!'

let pool: TestUserPool
before(async () => {
  pool = await startTestUserPool()
})
after(() => pool.stop())

describe('password flows', () => {
  let ids: { poolId: string; clientId: string }
  before(async () => {
    ids = await createPool(pool, { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] })
  })

  test('ForgotPassword sends a code; ConfirmForgotPassword sets the password and signs out everywhere', async () => {
    await confirmedUser(pool, ids, 'forgot@example.com')
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
      refreshWith(pool, ids.clientId, before.RefreshToken!),
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
    await confirmedUser(pool, hidden, 'never-asked@example.com')
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
    await confirmedUser(pool, ids, 'change@example.com')
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
    await confirmedUser(pool, ids, 'reset@example.com')
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
      refreshWith(pool, ids.clientId, tokens.RefreshToken!),
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
