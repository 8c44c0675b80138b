// The hosted pages' account steps without a browser: sign-up, resend and confirm, password reset,
// and logout back to the sign-in page; each form posted with its CSRF token.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { AdminCreateUserCommand } from '@aws-sdk/client-cognito-identity-provider'
import {
  Agent,
  CALLBACK,
  csrfOf,
  type OidcFixture,
  PASSWORD,
  redirectParams,
  setUpOidc,
} from './oidc-helpers.js'

let f: OidcFixture
before(async () => {
  f = await setUpOidc()
})
after(() => f.pool.stop())

const params = () =>
  new URLSearchParams({
    client_id: f.clientId,
    redirect_uri: CALLBACK,
    response_type: 'token',
    scope: 'openid email',
  })

const messageId = (page: string) => /data-message-id="([^"]+)"/.exec(page)?.[1]

test('sign up, resend the code, confirm with it, sign in', async () => {
  const agent = new Agent()
  const email = 'new@example.com'
  const signup = await agent.get(`${f.issuer}/signup?${params()}`)
  const page = await signup.text()
  assert.match(page, /id="password-policy"/)
  const weak = await agent.post(`${f.issuer}/signup?${params()}`, {
    _csrf: csrfOf(page),
    username: email,
    password: 'short',
  })
  assert.equal(weak.status, 400)
  assert.equal(messageId(await weak.text()), 'invalid-password')
  const created = await agent.post(`${f.issuer}/signup?${params()}`, {
    _csrf: csrfOf(page),
    username: email,
    password: PASSWORD,
  })
  const confirm = await created.text()
  assert.equal(created.status, 200)
  assert.match(confirm, /name="code"/)
  const resent = await agent.post(`${f.issuer}/resendCode?${params()}`, {
    _csrf: csrfOf(confirm),
    username: email,
  })
  assert.equal(messageId(await resent.text()), 'code-sent')
  const wrong = await agent.post(`${f.issuer}/confirmUser?${params()}`, {
    _csrf: csrfOf(confirm),
    username: email,
    code: '000000',
  })
  assert.equal(messageId(await wrong.text()), 'code-mismatch')
  const confirmed = await agent.post(`${f.issuer}/confirmUser?${params()}`, {
    _csrf: csrfOf(confirm),
    username: email,
    code: f.pool.lastCode(email),
  })
  const login = await confirmed.text()
  assert.equal(messageId(login), 'confirmed')
  const signedIn = await agent.post(`${f.issuer}/login?${params()}`, {
    _csrf: csrfOf(login),
    username: email,
    password: PASSWORD,
  })
  assert.equal(signedIn.status, 302)
  assert.ok(redirectParams(signedIn).get('access_token'))
})

test('forgot password: a code, a new password, sign in with it; unknown users see the same step', async () => {
  // The user confirmed by code above: a verified email is where reset codes go.
  const email = 'new@example.com'
  const agent = new Agent()
  const forgot = await (await agent.get(`${f.issuer}/forgotPassword?${params()}`)).text()
  const unknown = await agent.post(`${f.issuer}/forgotPassword?${params()}`, {
    _csrf: csrfOf(forgot),
    username: 'nobody@example.com',
  })
  assert.equal(unknown.status, 200)
  const unknownPage = await unknown.text()
  assert.match(unknownPage, /name="confirmPassword"/)
  const sent = await (
    await agent.post(`${f.issuer}/forgotPassword?${params()}`, { _csrf: csrfOf(forgot), username: email })
  ).text()
  // Byte for byte the same page, apart from the username echoed into the form.
  const neutral = (page: string, name: string) => page.replaceAll(name, 'USER')
  assert.equal(neutral(sent, email), neutral(unknownPage, 'nobody@example.com'))
  const reset = (password: string, confirmPassword: string) =>
    agent.post(`${f.issuer}/confirmForgotPassword?${params()}`, {
      _csrf: csrfOf(sent),
      username: email,
      code: f.pool.lastCode(email),
      password,
      confirmPassword,
    })
  assert.equal(messageId(await (await reset('N3w-Passw0rd!', 'other')).text()), 'passwords-differ')
  const done = await (await reset('N3w-Passw0rd!', 'N3w-Passw0rd!')).text()
  assert.equal(messageId(done), 'password-reset')
  const signedIn = await agent.post(`${f.issuer}/login?${params()}`, {
    _csrf: csrfOf(done),
    username: email,
    password: 'N3w-Passw0rd!',
  })
  assert.equal(signedIn.status, 302)
})

test('logout with redirect_uri and response_type goes back to the sign-in page', async () => {
  const agent = new Agent()
  const out = await agent.get(`${f.issuer}/logout?${params()}`)
  assert.equal(out.status, 302)
  assert.match(out.headers.get('location')!, new RegExp(`^/${f.poolId}/login\\?client_id=`))
  const missing = await agent.get(`${f.issuer}/logout?client_id=${f.clientId}`)
  assert.equal(missing.status, 400)
})

test('discovery lists every endpoint under the issuer', async () => {
  const doc = (await (await fetch(`${f.issuer}/.well-known/openid-configuration`)).json()) as Record<
    string,
    unknown
  >
  assert.equal(doc.issuer, f.issuer)
  assert.equal(doc.authorization_endpoint, `${f.issuer}/oauth2/authorize`)
  assert.equal(doc.token_endpoint, `${f.issuer}/oauth2/token`)
  assert.equal(doc.userinfo_endpoint, `${f.issuer}/oauth2/userInfo`)
  assert.equal(doc.revocation_endpoint, `${f.issuer}/oauth2/revoke`)
  assert.equal(doc.end_session_endpoint, `${f.issuer}/logout`)
  assert.equal(doc.jwks_uri, `${f.issuer}/.well-known/jwks.json`)
})

test('a user with a temporary password chooses a new one on the hosted UI', async () => {
  const email = 'temp@example.com'
  await f.pool.admin.send(
    new AdminCreateUserCommand({
      UserPoolId: f.poolId,
      Username: email,
      TemporaryPassword: 'Temp-Passw0rd!',
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: email }],
    }),
  )
  const agent = new Agent()
  const login = await (await agent.get(`${f.issuer}/login?${params()}`)).text()
  const challenged = await agent.post(`${f.issuer}/login?${params()}`, {
    _csrf: csrfOf(login),
    username: email,
    password: 'Temp-Passw0rd!',
  })
  const page = await challenged.text()
  assert.equal(messageId(page), 'new-password-required')
  const session = /name="session" value="([^"]+)"/.exec(page)![1]!
  const username = /name="username" value="([^"]+)"/.exec(page)![1]!
  const answer = (password: string) =>
    agent.post(`${f.issuer}/newPassword?${params()}`, {
      _csrf: csrfOf(page),
      username,
      session,
      password,
      confirmPassword: password,
    })
  const weak = await answer('weak')
  assert.equal(messageId(await weak.text()), 'invalid-password')
  const done = await answer('Chosen-Passw0rd!')
  assert.equal(done.status, 302)
  assert.ok(redirectParams(done).get('access_token'))
  // Signing in rotated the pre-session, so the old form's CSRF token no longer counts.
  assert.equal((await answer('Chosen-Passw0rd!')).status, 403)
})
