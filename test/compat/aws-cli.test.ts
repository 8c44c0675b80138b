// Seed 000's three AWS CLI commands, verbatim apart from --endpoint-url, against a running user pool.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { CreateUserPoolClientCommand, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider'
import { JwtVerifier } from 'aws-jwt-verify'
import type { Jwks } from 'aws-jwt-verify/jwk'
import { createRemoteJWKSet, jwtVerify } from 'jose'
import { aws } from '../support/aws-cli.js'
import { startTestUserPool, type TestUserPool } from '../support/userpool.js'

let pool: TestUserPool
let poolId: string
let clientId: string

before(async () => {
  pool = await startTestUserPool()
  // What seed 000's stack declares: email sign-in, case-insensitive, the userPassword flow.
  const { UserPool } = await pool.admin.send(
    new CreateUserPoolCommand({
      PoolName: 'UserPool',
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
    }),
  )
  poolId = UserPool!.Id!
  const { UserPoolClient } = await pool.admin.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'UserPoolClient',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  )
  clientId = UserPoolClient!.ClientId!
})
after(() => pool.stop())

test('seed 000: sign-up, admin-confirm-sign-up, initiate-auth with the AWS CLI', async () => {
  const endpoint = ['--endpoint-url', pool.server.url]
  const admin = {
    AWS_ACCESS_KEY_ID: pool.server.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: pool.server.credentials.secretAccessKey,
  }
  const signUp = (await aws(
    [
      'cognito-idp',
      'sign-up',
      '--region',
      'us-east-1',
      '--client-id',
      clientId,
      '--username',
      'admin@example.com',
      '--password',
      'Passw0rd!',
      ...endpoint,
    ],
    admin,
  )) as { UserConfirmed: boolean; UserSub: string }
  assert.equal(signUp.UserConfirmed, false)

  // Without the stage's credentials an admin command is refused and changes nothing.
  await assert.rejects(
    aws(
      [
        'cognito-idp',
        'admin-confirm-sign-up',
        '--region',
        'us-east-1',
        '--user-pool-id',
        poolId,
        '--username',
        'admin@example.com',
        ...endpoint,
      ],
      {
        AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      },
    ),
    /UnrecognizedClientException/,
  )
  await assert.rejects(
    aws([
      'cognito-idp',
      'initiate-auth',
      '--region',
      'us-east-1',
      '--client-id',
      clientId,
      '--auth-flow',
      'USER_PASSWORD_AUTH',
      '--auth-parameters',
      'USERNAME=admin@example.com,PASSWORD=Passw0rd!',
      ...endpoint,
    ]),
    /UserNotConfirmedException/,
  )

  const confirmed = await aws(
    [
      'cognito-idp',
      'admin-confirm-sign-up',
      '--region',
      'us-east-1',
      '--user-pool-id',
      poolId,
      '--username',
      'admin@example.com',
      ...endpoint,
    ],
    admin,
  )
  assert.equal(confirmed, null)

  // The seed passes no --region to initiate-auth; it comes from the environment here.
  const auth = (await aws(
    [
      'cognito-idp',
      'initiate-auth',
      '--client-id',
      clientId,
      '--auth-flow',
      'USER_PASSWORD_AUTH',
      '--auth-parameters',
      'USERNAME=admin@example.com,PASSWORD=Passw0rd!',
      ...endpoint,
    ],
    { AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1' },
  )) as { ChallengeParameters: object; AuthenticationResult: Record<string, string | number> }
  assert.deepEqual(auth.ChallengeParameters, {})
  const result = auth.AuthenticationResult
  assert.equal(result.ExpiresIn, 3600)
  assert.equal(result.TokenType, 'Bearer')

  const issuer = `${pool.server.url}/${poolId}`
  const jwksUri = `${issuer}/.well-known/jwks.json`
  const { payload: id } = await jwtVerify(String(result.IdToken), createRemoteJWKSet(new URL(jwksUri)), {
    issuer,
    audience: clientId,
  })
  assert.equal(id.sub, signUp.UserSub)
  assert.equal(id.email, 'admin@example.com')
  assert.equal(id.email_verified, false)
  assert.equal(id['cognito:username'], signUp.UserSub)

  const verifier = JwtVerifier.create({ issuer, audience: null, jwksUri })
  verifier.cacheJwks((await (await fetch(jwksUri)).json()) as Jwks)
  const access = await verifier.verify(String(result.AccessToken))
  assert.equal(access.token_use, 'access')
  assert.equal(access.client_id, clientId)
  assert.equal(access.username, signUp.UserSub)
})
