// An OIDC client library (oauth4webapi) against the server: discovery, the code flow with PKCE,
// refresh, userInfo and revocation, all through the library's own validation.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import * as oauth from 'oauth4webapi'
import { Agent, CALLBACK, type OidcFixture, PASSWORD, setUpOidc, signIn } from './oidc-helpers.js'

let f: OidcFixture
before(async () => {
  f = await setUpOidc()
})
after(() => f.pool.stop())

const insecure = { [oauth.allowInsecureRequests]: true }

test('discovery, code flow with PKCE, refresh, userInfo and revocation with oauth4webapi', async () => {
  const issuer = new URL(f.issuer)
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure))
  for (const endpoint of [
    'authorization_endpoint',
    'token_endpoint',
    'userinfo_endpoint',
    'revocation_endpoint',
    'end_session_endpoint',
    'jwks_uri',
  ] as const)
    assert.ok(String(as[endpoint]).startsWith(f.issuer), endpoint)
  assert.deepEqual(as.code_challenge_methods_supported, ['S256'])

  const client: oauth.Client = { client_id: f.clientId }
  const verifier = oauth.generateRandomCodeVerifier()
  const state = oauth.generateRandomState()
  const nonce = oauth.generateRandomNonce()
  const params = {
    client_id: f.clientId,
    redirect_uri: CALLBACK,
    response_type: 'code',
    scope: 'openid email profile aws.cognito.signin.user.admin',
    state,
    nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }
  const agent = new Agent()
  const login = await signIn(agent, f.issuer, params, { username: f.email, password: PASSWORD })
  assert.equal(login.status, 302)
  const callback = oauth.validateAuthResponse(as, client, new URL(login.headers.get('location')!), state)
  const tokenResponse = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    callback,
    CALLBACK,
    verifier,
    insecure,
  )
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, tokenResponse, {
    expectedNonce: nonce,
  })
  assert.equal(tokens.token_type, 'bearer')
  assert.equal(tokens.expires_in, 3600)
  assert.ok(tokens.refresh_token)
  const claims = oauth.getValidatedIdTokenClaims(tokens)!
  assert.equal(claims.email, f.email)
  assert.equal(claims.nonce, nonce)
  assert.equal(claims.aud, f.clientId)
  assert.equal(typeof claims.at_hash, 'string')

  const info = await oauth.processUserInfoResponse(
    as,
    client,
    claims.sub,
    await oauth.userInfoRequest(as, client, tokens.access_token, insecure),
  )
  assert.equal(info.email, f.email)
  assert.equal(info.name, 'Jane')

  const refreshed = await oauth.processRefreshTokenResponse(
    as,
    client,
    await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokens.refresh_token!, insecure),
  )
  assert.ok(refreshed.access_token)
  assert.equal(refreshed.refresh_token, undefined)
  assert.equal(oauth.getValidatedIdTokenClaims(refreshed)!.auth_time, claims.auth_time)

  await oauth.processRevocationResponse(
    await oauth.revocationRequest(as, client, oauth.None(), tokens.refresh_token!, insecure),
  )
  await assert.rejects(
    oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokens.refresh_token!, insecure),
    ),
    (e: oauth.ResponseBodyError) => e.error === 'invalid_grant',
  )
  // The access token issued from the revoked refresh token is revoked with it.
  const revoked = await oauth.userInfoRequest(as, client, refreshed.access_token, insecure)
  assert.equal(revoked.status, 401)
  assert.match(revoked.headers.get('www-authenticate')!, /error="invalid_token"/)
})

test('a confidential client authenticates with HTTP Basic', async () => {
  const issuer = new URL(f.issuer)
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure))
  const client: oauth.Client = { client_id: f.secretClientId }
  const verifier = oauth.generateRandomCodeVerifier()
  const params = {
    client_id: f.secretClientId,
    redirect_uri: CALLBACK,
    response_type: 'code',
    scope: 'openid',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }
  const login = await signIn(new Agent(), f.issuer, params, { username: f.email, password: PASSWORD })
  const callback = oauth.validateAuthResponse(as, client, new URL(login.headers.get('location')!))
  const tokens = await oauth.processAuthorizationCodeResponse(
    as,
    client,
    await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.ClientSecretBasic(f.secret),
      callback,
      CALLBACK,
      verifier,
      insecure,
    ),
  )
  assert.equal(oauth.getValidatedIdTokenClaims(tokens)!.aud, f.secretClientId)
})

test('client credentials grant custom scopes to a confidential client', async () => {
  const issuer = new URL(f.issuer)
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure))
  const client: oauth.Client = { client_id: f.m2mClientId }
  const response = await oauth.clientCredentialsGrantRequest(
    as,
    client,
    oauth.ClientSecretPost(f.m2mSecret),
    new URLSearchParams({ scope: 'api/read' }),
    insecure,
  )
  const tokens = await oauth.processClientCredentialsResponse(as, client, response)
  assert.equal(tokens.scope, undefined)
  const payload = JSON.parse(Buffer.from(tokens.access_token.split('.')[1]!, 'base64url').toString())
  assert.equal(payload.scope, 'api/read')
  assert.equal(payload.sub, f.m2mClientId)
  assert.equal(payload.token_use, 'access')
  assert.equal(payload.version, 2)
})
