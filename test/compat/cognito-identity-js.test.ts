// amazon-cognito-identity-js (the library Amplify v5 and many front ends use) against a running
// user pool, with no code changes beyond `endpoint`: sign-up, confirmation with the emailed code,
// SRP sign-in, refresh, password change and reset, the new-password challenge, sign-out.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { AdminCreateUserCommand } from '@aws-sdk/client-cognito-identity-provider'
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserAttribute,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js'
import { startTestUserPool, type TestUserPool } from '../support/userpool.js'
import { createPool, PASSWORD } from './userpool-helpers.js'

const NEW_PASSWORD = 'N3w-passw0rd!'

let server: TestUserPool
let userPool: CognitoUserPool
let poolId: string

before(async () => {
  server = await startTestUserPool()
  const ids = await createPool(
    server,
    { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] },
    // The client's defaults: SRP and refresh, as a front end would be configured.
    { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
  )
  poolId = ids.poolId
  userPool = new CognitoUserPool({
    UserPoolId: ids.poolId,
    ClientId: ids.clientId,
    endpoint: server.server.url,
  })
})
after(() => server.stop())

const userNamed = (Username: string) => new CognitoUser({ Username, Pool: userPool })

function signUp(email: string, password = PASSWORD): Promise<string> {
  return new Promise((resolve, reject) =>
    userPool.signUp(
      email,
      password,
      [new CognitoUserAttribute({ Name: 'name', Value: 'Jo' })],
      [],
      (error, result) => (error ? reject(error) : resolve(result!.userSub)),
    ),
  )
}

function confirm(user: CognitoUser, code: string): Promise<unknown> {
  return new Promise((resolve, reject) =>
    user.confirmRegistration(code, false, (error, result) => (error ? reject(error) : resolve(result))),
  )
}

function authenticate(
  user: CognitoUser,
  password: string,
  newPassword?: string,
): Promise<CognitoUserSession> {
  return new Promise((resolve, reject) =>
    user.authenticateUser(new AuthenticationDetails({ Username: user.getUsername(), Password: password }), {
      onSuccess: resolve,
      onFailure: reject,
      newPasswordRequired: (userAttributes: Record<string, string>) => {
        if (!newPassword) return reject(new Error('unexpected NEW_PASSWORD_REQUIRED'))
        // The library's README: read-only attributes must not be sent back.
        delete userAttributes.email_verified
        delete userAttributes.email
        user.completeNewPasswordChallenge(newPassword, userAttributes, {
          onSuccess: resolve,
          onFailure: reject,
        })
      },
    }),
  )
}

const call = <T>(run: (callback: (error: Error | undefined | null, result?: T) => void) => void) =>
  new Promise<T | undefined>((resolve, reject) =>
    run((error, result) => (error ? reject(error) : resolve(result))),
  )

test('sign up, confirm with the emailed code, sign in with SRP, read attributes, refresh', async () => {
  const sub = await signUp('js@example.com')
  const user = userNamed('js@example.com')
  await confirm(user, server.lastCode('js@example.com'))
  const session = await authenticate(user, PASSWORD)
  assert.equal(session.isValid(), true)
  const idPayload = session.getIdToken().decodePayload()
  assert.equal(idPayload.sub, sub)
  assert.equal(idPayload.email, 'js@example.com')
  assert.equal(idPayload.email_verified, true)
  assert.equal(session.getAccessToken().decodePayload().username, sub)
  const attributes = await call<CognitoUserAttribute[]>((cb) => user.getUserAttributes(cb))
  assert.equal(attributes?.find((a) => a.getName() === 'name')?.getValue(), 'Jo')
  const refreshed = await call<CognitoUserSession>((cb) => user.refreshSession(session.getRefreshToken(), cb))
  assert.equal(refreshed?.getIdToken().decodePayload().origin_jti, idPayload.origin_jti)
  assert.notEqual(refreshed?.getAccessToken().getJwtToken(), session.getAccessToken().getJwtToken())
})

test('a wrong password and an unknown user fail as on AWS', async () => {
  await assert.rejects(authenticate(userNamed('js@example.com'), 'Wrong-passw0rd'), {
    code: 'NotAuthorizedException',
    message: 'Incorrect username or password.',
  })
  await assert.rejects(authenticate(userNamed('nobody@example.com'), PASSWORD), {
    code: 'UserNotFoundException',
  })
  await signUp('unconfirmed-js@example.com')
  await assert.rejects(authenticate(userNamed('unconfirmed-js@example.com'), PASSWORD), {
    code: 'UserNotConfirmedException',
  })
})

test('change the password, then reset it with a code', async () => {
  await signUp('change-js@example.com')
  const user = userNamed('change-js@example.com')
  await confirm(user, server.lastCode('change-js@example.com'))
  await authenticate(user, PASSWORD)
  await call((cb) => user.changePassword(PASSWORD, NEW_PASSWORD, cb))
  await authenticate(userNamed('change-js@example.com'), NEW_PASSWORD)

  const forgetful = userNamed('change-js@example.com')
  const delivery = await new Promise<{ CodeDeliveryDetails: { DeliveryMedium: string } }>((resolve, reject) =>
    forgetful.forgotPassword({
      onSuccess: () => undefined,
      onFailure: reject,
      inputVerificationCode: resolve,
    }),
  )
  assert.equal(delivery.CodeDeliveryDetails.DeliveryMedium, 'EMAIL')
  await new Promise<unknown>((resolve, reject) =>
    forgetful.confirmPassword(server.lastCode('change-js@example.com'), 'Reset-passw0rd!', {
      onSuccess: resolve,
      onFailure: reject,
    }),
  )
  await assert.rejects(authenticate(userNamed('change-js@example.com'), NEW_PASSWORD), {
    code: 'NotAuthorizedException',
  })
  await authenticate(userNamed('change-js@example.com'), 'Reset-passw0rd!')
})

test('a user an administrator created completes the new-password challenge', async () => {
  await server.admin.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: 'invited-js@example.com',
      TemporaryPassword: 'Temp-passw0rd',
      MessageAction: 'SUPPRESS',
    }),
  )
  const session = await authenticate(userNamed('invited-js@example.com'), 'Temp-passw0rd', NEW_PASSWORD)
  assert.equal(session.getIdToken().decodePayload().email, 'invited-js@example.com')
  await authenticate(userNamed('invited-js@example.com'), NEW_PASSWORD)
})

test('global sign-out revokes the session; signOut revokes the refresh token', async () => {
  await signUp('bye-js@example.com')
  const user = userNamed('bye-js@example.com')
  await confirm(user, server.lastCode('bye-js@example.com'))
  const session = await authenticate(user, PASSWORD)
  await new Promise((resolve, reject) => user.globalSignOut({ onSuccess: resolve, onFailure: reject }))
  await assert.rejects(
    call((cb) => userNamed('bye-js@example.com').refreshSession(session.getRefreshToken(), cb)),
    { code: 'NotAuthorizedException', message: 'Refresh Token has been revoked' },
  )
  const again = userNamed('bye-js@example.com')
  const second = await authenticate(again, PASSWORD)
  await new Promise<void>((resolve, reject) =>
    again.signOut((error?: Error) => (error ? reject(error) : resolve())),
  )
  await assert.rejects(
    call((cb) => userNamed('bye-js@example.com').refreshSession(second.getRefreshToken(), cb)),
    { code: 'NotAuthorizedException', message: 'Refresh Token has been revoked' },
  )
})
