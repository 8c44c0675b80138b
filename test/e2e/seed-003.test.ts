// Seed 003's API part: both routes refuse anonymous calls, accept the ID token and the access
// token, and show the caller's claims, which differ between the two tokens. The Auth0/Okta
// variant runs against an issuer that is not the app's own pool.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type ExplicitAuthFlowsType,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { startUserPoolServer, type UserPoolServer } from '../../src/server/index.js'
import { cli, copyExample, parseExports, type RunningApp, startCli } from '../support/app.js'

type Claims = Record<string, string>

async function signIn(
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  poolId: string,
  clientId: string,
  email: string,
) {
  const sdk = new CognitoIdentityProviderClient({
    endpoint,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
  })
  await sdk.send(
    new SignUpCommand({
      ClientId: clientId,
      Username: email,
      Password: 'Passw0rd!',
      UserAttributes: [{ Name: 'email', Value: email }],
    }),
  )
  await sdk.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: email }))
  const { AuthenticationResult } = await sdk.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: email, PASSWORD: 'Passw0rd!' },
    }),
  )
  return AuthenticationResult!
}

describe('examples/http-api-cognito (seed 003)', () => {
  let example: ReturnType<typeof copyExample>
  let app: RunningApp
  before(async () => {
    example = copyExample('http-api-cognito')
    app = await startCli(example.dir, ['dev', '--port', '0'])
  })
  after(async () => {
    await app?.stop()
    example?.remove()
  })

  test('GET and POST /user/profile with no token, the ID token and the access token', async () => {
    const { HttpApiStack, portcullis } = app.outputs
    const api = String(HttpApiStack?.ApiEndpoint)
    for (const method of ['GET', 'POST']) {
      const res = await fetch(`${api}/user/profile`, {
        method,
        body: method === 'POST' ? '{"name":"x"}' : null,
      })
      assert.equal(res.status, 401)
      assert.equal(await res.text(), '{"message":"Unauthorized"}')
    }
    const env = parseExports((await cli(example.dir, ['env'])).stdout)
    const tokens = await signIn(
      portcullis.cognitoEndpoint,
      { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! },
      String(HttpApiStack?.UserPoolId),
      String(HttpApiStack?.UserPoolClientId),
      'fernando@example.com',
    )
    const claimsWith = async (token: string, method = 'GET') => {
      const res = await fetch(`${api}/user/profile`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: method === 'POST' ? '{"name":"Fernando"}' : null,
      })
      assert.equal(res.status, method === 'POST' ? 201 : 200)
      const body = (await res.json()) as {
        message: {
          profile?: unknown
          requestContext: { authorizer: { jwt: { claims: Claims; scopes: unknown } } }
        }
      }
      return body.message
    }
    const id = (await claimsWith(tokens.IdToken!)).requestContext.authorizer.jwt
    const access = (await claimsWith(tokens.AccessToken!)).requestContext.authorizer.jwt
    assert.equal(id.claims.token_use, 'id')
    assert.equal(id.claims.email, 'fernando@example.com')
    assert.equal(id.claims.email_verified, 'false')
    assert.equal(id.claims.aud, String(HttpApiStack?.UserPoolClientId))
    assert.equal(access.claims.token_use, 'access')
    assert.equal(access.claims.scope, 'aws.cognito.signin.user.admin')
    assert.equal(access.claims.client_id, String(HttpApiStack?.UserPoolClientId))
    assert.equal(access.claims.email, undefined)
    assert.equal(id.claims.sub, access.claims.sub)
    assert.equal(id.scopes, null)
    const posted = await claimsWith(tokens.AccessToken!, 'POST')
    assert.deepEqual(posted.profile, { name: 'Fernando' })
  })
})

describe('examples/external-issuer (an issuer that is not the app)', () => {
  let example: ReturnType<typeof copyExample>
  let issuer: UserPoolServer
  let issuerDir: string
  let app: RunningApp
  let poolId: string
  let clientId: string
  let otherClientId: string

  before(async () => {
    issuerDir = mkdtempSync(join(tmpdir(), 'portcullis-issuer-'))
    issuer = await startUserPoolServer({ dataDir: issuerDir, port: 0 })
    const sdk = new CognitoIdentityProviderClient({
      endpoint: issuer.url,
      region: 'us-east-1',
      credentials: issuer.credentials,
      maxAttempts: 1,
    })
    const { UserPool } = await sdk.send(
      new CreateUserPoolCommand({ PoolName: 'external', UsernameAttributes: ['email'] }),
    )
    poolId = UserPool!.Id!
    const flows: ExplicitAuthFlowsType[] = ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']
    clientId = (
      await sdk.send(
        new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'api', ExplicitAuthFlows: flows }),
      )
    ).UserPoolClient!.ClientId!
    otherClientId = (
      await sdk.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'other',
          ExplicitAuthFlows: flows,
        }),
      )
    ).UserPoolClient!.ClientId!
    example = copyExample('external-issuer')
    app = await startCli(example.dir, ['dev', '--port', '0'], {
      ISSUER_URL: `${issuer.url}/${poolId}`,
      AUDIENCE: clientId,
    })
  })
  after(async () => {
    await app?.stop()
    await issuer?.close()
    example?.remove()
    rmSync(issuerDir, { recursive: true, force: true })
  })

  test('tokens of the configured issuer and audience pass; others do not', async () => {
    const api = String(app.outputs.ExternalStack?.ApiEndpoint)
    assert.equal(app.outputs.ExternalStack?.Issuer, `${issuer.url}/${poolId}`)
    assert.equal(await (await fetch(`${api}/health`)).text(), 'ok')
    assert.equal((await fetch(`${api}/hello`)).status, 401)
    const tokens = await signIn(issuer.url, issuer.credentials, poolId, clientId, 'ext@example.com')
    const res = await fetch(`${api}/hello`, { headers: { Authorization: `Bearer ${tokens.AccessToken}` } })
    assert.equal(res.status, 200)
    const body = (await res.json()) as { message: string; issuer: string }
    assert.match(body.message, /^Hello [0-9a-f-]{36}!$/)
    assert.equal(body.issuer, `${issuer.url}/${poolId}`)
    const wrongAudience = await signIn(
      issuer.url,
      issuer.credentials,
      poolId,
      otherClientId,
      'other@example.com',
    )
    const denied = await fetch(`${api}/hello`, {
      headers: { Authorization: `Bearer ${wrongAudience.IdToken}` },
    })
    assert.equal(denied.status, 401)
    assert.match(denied.headers.get('www-authenticate') ?? '', /invalid_token/)
  })
})
