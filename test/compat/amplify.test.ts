// Amplify v6 (aws-amplify) in Node against a running user pool, configured only with
// `userPoolEndpoint`: signUp, confirmSignUp, signIn (its default USER_SRP_AUTH), fetchAuthSession
// (including a forced refresh), getCurrentUser and signOut (which revokes the refresh token).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { GetUserCommand } from '@aws-sdk/client-cognito-identity-provider'
import { Amplify } from 'aws-amplify'
import { confirmSignUp, fetchAuthSession, getCurrentUser, signIn, signOut, signUp } from 'aws-amplify/auth'
import { startTestUserPool, type TestUserPool } from '../support/userpool.js'
import { createPool, PASSWORD, rejectsWith } from './userpool-helpers.js'

let server: TestUserPool

before(async () => {
  server = await startTestUserPool()
  const ids = await createPool(
    server,
    { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] },
    { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
  )
  Amplify.configure({
    Auth: {
      Cognito: {
        userPoolId: ids.poolId,
        userPoolClientId: ids.clientId,
        userPoolEndpoint: server.server.url,
      },
    },
  })
})
after(() => server.stop())

test('sign up, confirm, sign in with SRP, read and refresh the session, sign out', async () => {
  const username = 'amplify@example.com'
  const created = await signUp({
    username,
    password: PASSWORD,
    options: { userAttributes: { email: username } },
  })
  assert.equal(created.isSignUpComplete, false)
  assert.equal(created.nextStep.signUpStep, 'CONFIRM_SIGN_UP')
  const confirmed = await confirmSignUp({ username, confirmationCode: server.lastCode(username) })
  assert.equal(confirmed.isSignUpComplete, true)

  await assert.rejects(signIn({ username, password: 'Wrong-passw0rd' }), { name: 'NotAuthorizedException' })
  const signedIn = await signIn({ username, password: PASSWORD })
  assert.equal(signedIn.isSignedIn, true)
  assert.equal(signedIn.nextStep.signInStep, 'DONE')

  const session = await fetchAuthSession()
  const idToken = session.tokens?.idToken
  assert.equal(idToken?.payload.email, username)
  assert.equal(idToken?.payload.email_verified, true)
  const user = await getCurrentUser()
  assert.equal(user.userId, idToken?.payload.sub)

  const refreshed = await fetchAuthSession({ forceRefresh: true })
  const accessToken = refreshed.tokens!.accessToken.toString()
  assert.notEqual(accessToken, session.tokens!.accessToken.toString())
  assert.equal(
    refreshed.tokens?.accessToken.payload.origin_jti,
    session.tokens?.accessToken.payload.origin_jti,
  )
  await server.anonymous.send(new GetUserCommand({ AccessToken: accessToken }))

  await signOut()
  assert.equal((await fetchAuthSession()).tokens, undefined)
  // Amplify's sign-out revoked the refresh token, and with it the access tokens descended from it.
  await rejectsWith(
    server.anonymous.send(new GetUserCommand({ AccessToken: accessToken })),
    'NotAuthorizedException',
    'Access Token has been revoked',
  )
})
