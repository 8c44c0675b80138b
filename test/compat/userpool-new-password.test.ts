// AdminCreateUser (invitations, temporary passwords, RESEND) and the NEW_PASSWORD_REQUIRED
// challenge through RespondToAuthChallenge and AdminRespondToAuthChallenge, with the AWS SDK v3.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { decodeJwt } from 'jose'
import { startTestUserPool, type TestUserPool } from '../support/userpool.js'
import { createPool, messagesTo, passwordSignIn, rejectsWith, srpSignIn } from './userpool-helpers.js'

const NEW_PASSWORD = 'N3w-passw0rd!'

let pool: TestUserPool
before(async () => {
  pool = await startTestUserPool()
})
after(() => pool.stop())

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
