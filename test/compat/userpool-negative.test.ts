// Malformed input, authentication of admin calls, races, expiry boundaries and restarts.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  ListUserPoolsCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { createLocalJWKSet, type JSONWebKeySet, jwtVerify } from 'jose'
import { ManualClock } from '../../src/core/index.js'
import { rawCognito, startTestUserPool, type TestUserPool } from '../support/userpool.js'

const PASSWORD = 'Passw0rd!'

describe('user pool: bad input and admin authentication', () => {
  let pool: TestUserPool
  let clientId: string
  let poolId: string

  before(async () => {
    pool = await startTestUserPool()
    const { UserPool } = await pool.admin.send(
      new CreateUserPoolCommand({
        PoolName: 'neg',
        UsernameAttributes: ['email'],
        UsernameConfiguration: { CaseSensitive: false },
      }),
    )
    poolId = UserPool!.Id!
    const { UserPoolClient } = await pool.admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'c',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    )
    clientId = UserPoolClient!.ClientId!
  })
  after(() => pool.stop())

  const cases: Array<[string, string, string, number, string, RegExp | string]> = [
    ['malformed JSON', 'SignUp', '{"Username":', 400, 'SerializationException', /./],
    [
      'a number for a string',
      'SignUp',
      '{"ClientId":"abc","Username":123,"Password":"x"}',
      400,
      'SerializationException',
      /can not be converted to an String/,
    ],
    [
      'an object for a string',
      'SignUp',
      '{"ClientId":"abc","Username":{"a":1}}',
      400,
      'SerializationException',
      'Start of structure or map found where not expected.',
    ],
    [
      'a string for a list',
      'SignUp',
      '{"ClientId":"abc","Username":"u","UserAttributes":"x"}',
      400,
      'SerializationException',
      /./,
    ],
    [
      'a boolean for a string',
      'SignUp',
      '{"ClientId":"abc","Username":true}',
      400,
      'SerializationException',
      /./,
    ],
    ['a JSON array body', 'SignUp', '[]', 400, 'SerializationException', /./],
    [
      'missing required members',
      'SignUp',
      '{}',
      400,
      'InvalidParameterException',
      "2 validation errors detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null; Value null at 'username' failed to satisfy constraint: Member must not be null",
    ],
    [
      'null required member',
      'InitiateAuth',
      '{"AuthFlow":null,"ClientId":"abc"}',
      400,
      'InvalidParameterException',
      "1 validation error detected: Value null at 'authFlow' failed to satisfy constraint: Member must not be null",
    ],
    [
      'a 129-character username',
      'SignUp',
      JSON.stringify({ ClientId: 'abc', Username: 'u'.repeat(129) }),
      400,
      'InvalidParameterException',
      "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must have length less than or equal to 128",
    ],
    [
      'an empty username',
      'SignUp',
      JSON.stringify({ ClientId: 'abc', Username: '' }),
      400,
      'InvalidParameterException',
      /Member must have length greater than or equal to 1/,
    ],
    [
      'a username with a zero-width space',
      'SignUp',
      JSON.stringify({ ClientId: 'abc', Username: 'a\u200bb' }),
      400,
      'InvalidParameterException',
      /Member must satisfy regular expression pattern/,
    ],
    [
      'a username with a space',
      'SignUp',
      JSON.stringify({ ClientId: 'abc', Username: 'a b' }),
      400,
      'InvalidParameterException',
      /regular expression pattern/,
    ],
    [
      'an unknown auth flow',
      'InitiateAuth',
      '{"AuthFlow":"MAGIC","ClientId":"abc"}',
      400,
      'InvalidParameterException',
      /enum value set/,
    ],
    [
      'a 257-character password',
      'SignUp',
      JSON.stringify({ ClientId: 'abc', Username: 'u', Password: 'P'.repeat(257) }),
      400,
      'InvalidParameterException',
      "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length less than or equal to 256",
    ],
    ['an unknown operation', 'DropAllTables', '{}', 400, 'UnknownOperationException', /./],
    [
      'prototype pollution',
      'SignUp',
      '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}},"ClientId":"abc","Username":"u","Password":"Passw0rd!"}',
      400,
      'ResourceNotFoundException',
      'User pool client abc does not exist.',
    ],
  ]
  for (const [name, target, body, status, type, message] of cases) {
    test(`${name} → ${type}`, async () => {
      const res = await rawCognito(pool.server.url, target, body)
      assert.equal(res.status, status)
      assert.equal(res.body.__type, type)
      assert.equal(res.headers.get('x-amzn-errortype'), `${type}:`)
      if (typeof message === 'string') assert.equal(res.body.message, message)
      else assert.match(String(res.body.message), message)
      assert.equal(JSON.stringify(res.body).includes('    at '), false, 'no stack trace')
    })
  }

  test('the process is not polluted by __proto__ members', () => {
    assert.equal(({} as Record<string, unknown>).isAdmin, undefined)
    assert.equal(({} as Record<string, unknown>).x, undefined)
  })

  test('a wrong content type is refused before processing', async () => {
    const res = await rawCognito(pool.server.url, 'SignUp', '{}', { 'content-type': 'text/plain' })
    assert.equal(res.status, 415)
    assert.equal(res.body.__type, 'SerializationException')
  })

  test('an oversized body is refused with 413', async () => {
    const res = await rawCognito(
      pool.server.url,
      'SignUp',
      JSON.stringify({ ClientId: 'x'.repeat(2 * 1024 * 1024) }),
    )
    assert.equal(res.status, 413)
  })

  test('admin operations without a signature, with a wrong secret or an unknown key are refused', async () => {
    const unsigned = await rawCognito(pool.server.url, 'ListUserPools', '{"MaxResults":10}')
    assert.equal(unsigned.body.__type, 'MissingAuthenticationTokenException')
    const client = (credentials: { accessKeyId: string; secretAccessKey: string }) =>
      new CognitoIdentityProviderClient({
        endpoint: pool.server.url,
        region: 'us-east-1',
        credentials,
        maxAttempts: 1,
      })
    await assert.rejects(
      client({ ...pool.server.credentials, secretAccessKey: 'wrong' }).send(
        new ListUserPoolsCommand({ MaxResults: 10 }),
      ),
      { name: 'InvalidSignatureException' },
    )
    await assert.rejects(
      client({ accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: 'x' }).send(
        new ListUserPoolsCommand({ MaxResults: 10 }),
      ),
      { name: 'UnrecognizedClientException' },
    )
    // An end user's access token is not an admin credential.
    const forged = await rawCognito(pool.server.url, 'ListUserPools', '{"MaxResults":10}', {
      authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.x',
    })
    assert.equal(forged.body.__type, 'IncompleteSignatureException')
    // The refused calls changed nothing.
    const { UserPools } = await pool.admin.send(new ListUserPoolsCommand({ MaxResults: 60 }))
    assert.equal(UserPools?.length, 1)
  })

  test('a signature replayed against another body is refused', async () => {
    const captured: { headers?: Record<string, string> } = {}
    const signer = new CognitoIdentityProviderClient({
      endpoint: pool.server.url,
      region: 'us-east-1',
      credentials: pool.server.credentials,
      maxAttempts: 1,
    })
    signer.middlewareStack.add(
      (next) => async (args) => {
        captured.headers = { ...(args.request as { headers: Record<string, string> }).headers }
        return next(args)
      },
      { step: 'deserialize' },
    )
    await signer.send(new ListUserPoolsCommand({ MaxResults: 10 }))
    const replay = await rawCognito(pool.server.url, 'ListUserPools', '{"MaxResults":60}', captured.headers)
    assert.equal(replay.body.__type, 'InvalidSignatureException')
    const { 'x-amz-content-sha256': _, ...withoutHash } = captured.headers ?? {}
    const stripped = await rawCognito(pool.server.url, 'ListUserPools', '{"MaxResults":60}', withoutHash)
    assert.equal(stripped.body.__type, 'InvalidSignatureException')
    const exact = await rawCognito(pool.server.url, 'ListUserPools', '{"MaxResults":10}', captured.headers)
    assert.equal(exact.status, 200)
  })

  test('of 20 concurrent sign-ups of one email (in different cases), exactly one succeeds', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        pool.anonymous.send(
          new SignUpCommand({
            ClientId: clientId,
            Username: i % 2 ? 'Racer@Example.com' : 'racer@example.com',
            Password: `${PASSWORD}${i}`,
          }),
        ),
      ),
    )
    const ok = results.filter((r) => r.status === 'fulfilled')
    assert.equal(ok.length, 1)
    for (const r of results)
      if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'UsernameExistsException')
  })
})

describe('user pool: codes expire and restarts keep keys and users', () => {
  // Starts at the real time: the SDK signs admin calls with the real clock.
  const clock = new ManualClock(Date.now())
  let pool: TestUserPool
  let clientId: string
  let poolId: string

  before(async () => {
    pool = await startTestUserPool({ clock, publicUrl: 'http://127.0.0.1:1/stable' })
    const { UserPool } = await pool.admin.send(
      new CreateUserPoolCommand({
        PoolName: 'exp',
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
      }),
    )
    poolId = UserPool!.Id!
    const { UserPoolClient } = await pool.admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'c',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    )
    clientId = UserPoolClient!.ClientId!
  })
  after(() => pool.stop())

  test('a sign-up code works one second before 24 h and fails at 24 h', async () => {
    for (const [name, offset, outcome] of [
      ['early@example.com', 24 * 3600_000 - 1000, 'ok'],
      ['late@example.com', 24 * 3600_000, 'ExpiredCodeException'],
    ] as const) {
      const start = clock.now()
      await pool.anonymous.send(new SignUpCommand({ ClientId: clientId, Username: name, Password: PASSWORD }))
      const code = pool.lastCode(name)
      clock.set(start + offset)
      const confirm = pool.anonymous.send(
        new ConfirmSignUpCommand({ ClientId: clientId, Username: name, ConfirmationCode: code }),
      )
      if (outcome === 'ok') await confirm
      else
        await assert.rejects(confirm, {
          name: outcome,
          message: 'Invalid code provided, please request a code again.',
        })
    }
  })

  test('five wrong codes spend the code; even the right one then fails', async () => {
    await pool.anonymous.send(
      new SignUpCommand({ ClientId: clientId, Username: 'guess@example.com', Password: PASSWORD }),
    )
    const code = pool.lastCode('guess@example.com')
    const wrong = code === '111111' ? '222222' : '111111'
    const confirm = (c: string) =>
      pool.anonymous.send(
        new ConfirmSignUpCommand({ ClientId: clientId, Username: 'guess@example.com', ConfirmationCode: c }),
      )
    for (let i = 0; i < 4; i++) await assert.rejects(confirm(wrong), { name: 'CodeMismatchException' })
    await assert.rejects(confirm(wrong), { name: 'LimitExceededException' })
    await assert.rejects(confirm(code), { name: 'LimitExceededException' })
  })

  test('a restart keeps signing keys, users and refresh tokens', async () => {
    const signIn = () =>
      pool.anonymous.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: clientId,
          AuthParameters: { USERNAME: 'early@example.com', PASSWORD },
        }),
      )
    const before = (await signIn()).AuthenticationResult!
    const jwksBefore = await (await fetch(`${pool.server.url}/${poolId}/.well-known/jwks.json`)).json()
    await pool.restart()
    const jwksAfter = (await (
      await fetch(`${pool.server.url}/${poolId}/.well-known/jwks.json`)
    ).json()) as JSONWebKeySet
    assert.deepEqual(jwksAfter, jwksBefore)
    const { payload } = await jwtVerify(before.IdToken!, createLocalJWKSet(jwksAfter), {
      issuer: `http://127.0.0.1:1/stable/${poolId}`,
      audience: clientId,
      currentDate: new Date(clock.now()),
    })
    assert.equal(payload.email, 'early@example.com')
    assert.ok((await signIn()).AuthenticationResult?.IdToken)
    const refreshed = await pool.anonymous.send(
      new InitiateAuthCommand({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: clientId,
        AuthParameters: { REFRESH_TOKEN: before.RefreshToken! },
      }),
    )
    assert.ok(refreshed.AuthenticationResult?.AccessToken)
  })

  test('a refresh token stops working when it expires (30 days)', async () => {
    const { AuthenticationResult } = await pool.anonymous.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: 'early@example.com', PASSWORD },
      }),
    )
    const start = clock.now()
    const refresh = () =>
      pool.anonymous.send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: clientId,
          AuthParameters: { REFRESH_TOKEN: AuthenticationResult!.RefreshToken! },
        }),
      )
    clock.set(start + 30 * 86400_000 - 1000)
    await refresh()
    clock.set(start + 30 * 86400_000)
    await assert.rejects(refresh(), { name: 'NotAuthorizedException', message: 'Invalid Refresh Token.' })
  })
})
