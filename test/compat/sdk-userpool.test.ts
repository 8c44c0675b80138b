// The AWS SDK v3 against a running user pool: every action of the core slice, happy and error paths.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  AdminConfirmSignUpCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolClientCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { JwtVerifier } from 'aws-jwt-verify'
import type { Jwks } from 'aws-jwt-verify/jwk'
import { createRemoteJWKSet, jwtVerify } from 'jose'
import { startTestUserPool, type TestUserPool } from '../support/userpool.js'

const PASSWORD = 'Passw0rd!'

async function rejectsWith(promise: Promise<unknown>, name: string, message?: string | RegExp) {
  await assert.rejects(promise, (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(error.name, name)
    if (typeof message === 'string') assert.equal(error.message, message)
    else if (message) assert.match(error.message, message)
    assert.equal(error.$metadata?.httpStatusCode, 400)
    return true
  })
}

describe('AWS SDK v3 against the user pool', () => {
  let pool: TestUserPool
  let poolId: string
  let clientId: string

  before(async () => {
    pool = await startTestUserPool()
    const created = await pool.admin.send(
      new CreateUserPoolCommand({
        PoolName: 'seed-000',
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        UsernameConfiguration: { CaseSensitive: false },
      }),
    )
    poolId = created.UserPool!.Id!
    const client = await pool.admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'web',
        ExplicitAuthFlows: [
          'ALLOW_USER_PASSWORD_AUTH',
          'ALLOW_ADMIN_USER_PASSWORD_AUTH',
          'ALLOW_REFRESH_TOKEN_AUTH',
        ],
      }),
    )
    clientId = client.UserPoolClient!.ClientId!
  })
  after(() => pool.stop())

  test('pool and client ids are shaped like AWS ones, and describe/list echo the settings', async () => {
    assert.match(poolId, /^us-east-1_[A-Za-z0-9]{9}$/)
    assert.match(clientId, /^[a-z0-9]{26}$/)
    const { UserPool } = await pool.admin.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))
    assert.deepEqual(UserPool?.UsernameAttributes, ['email'])
    assert.equal(UserPool?.UsernameConfiguration?.CaseSensitive, false)
    assert.equal(UserPool?.Policies?.PasswordPolicy?.MinimumLength, 8)
    assert.ok(UserPool?.CreationDate instanceof Date)
    const { UserPools } = await pool.admin.send(new ListUserPoolsCommand({ MaxResults: 10 }))
    assert.ok(UserPools?.some((p) => p.Id === poolId && p.Name === 'seed-000'))
    const { UserPoolClient } = await pool.admin.send(
      new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }),
    )
    assert.equal(UserPoolClient?.AccessTokenValidity, 60)
    assert.deepEqual(UserPoolClient?.TokenValidityUnits, {
      AccessToken: 'minutes',
      IdToken: 'minutes',
      RefreshToken: 'days',
    })
    assert.equal(UserPoolClient?.ClientSecret, undefined)
    const { UserPoolClients } = await pool.admin.send(new ListUserPoolClientsCommand({ UserPoolId: poolId }))
    assert.deepEqual(
      UserPoolClients?.map((c) => c.ClientId),
      [clientId],
    )
  })

  test('sign up, confirm with the outbox code, sign in, refresh, read the user', async () => {
    const signUp = await pool.anonymous.send(
      new SignUpCommand({ ClientId: clientId, Username: 'Alice@Example.com', Password: PASSWORD }),
    )
    assert.equal(signUp.UserConfirmed, false)
    assert.match(signUp.UserSub!, /^[0-9a-f-]{36}$/)
    assert.deepEqual(signUp.CodeDeliveryDetails, {
      Destination: 'A***@E***.com',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    })

    await rejectsWith(
      pool.anonymous.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: clientId,
          AuthParameters: { USERNAME: 'alice@example.com', PASSWORD },
        }),
      ),
      'UserNotConfirmedException',
      'User is not confirmed.',
    )
    await rejectsWith(
      pool.anonymous.send(
        new ConfirmSignUpCommand({
          ClientId: clientId,
          Username: 'alice@example.com',
          ConfirmationCode: '000000',
        }),
      ),
      'CodeMismatchException',
      'Invalid verification code provided, please try again.',
    )
    const code = pool.lastCode('Alice@Example.com')
    assert.match(code, /^\d{6}$/)
    await pool.anonymous.send(
      new ConfirmSignUpCommand({ ClientId: clientId, Username: 'ALICE@example.com', ConfirmationCode: code }),
    )
    await rejectsWith(
      pool.anonymous.send(
        new ConfirmSignUpCommand({
          ClientId: clientId,
          Username: 'alice@example.com',
          ConfirmationCode: code,
        }),
      ),
      'NotAuthorizedException',
      'User cannot be confirmed. Current status is CONFIRMED',
    )

    const auth = await pool.anonymous.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: 'alice@EXAMPLE.com', PASSWORD },
      }),
    )
    const result = auth.AuthenticationResult!
    assert.deepEqual(auth.ChallengeParameters, {})
    assert.equal(result.TokenType, 'Bearer')
    assert.equal(result.ExpiresIn, 3600)
    assert.ok(result.RefreshToken && result.IdToken && result.AccessToken)

    const issuer = `${pool.server.url}/${poolId}`
    const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`))
    const { payload: id } = await jwtVerify(result.IdToken!, jwks, { issuer, audience: clientId })
    assert.equal(id.token_use, 'id')
    assert.equal(id.sub, signUp.UserSub)
    assert.equal(id['cognito:username'], signUp.UserSub)
    assert.equal(id.email, 'Alice@Example.com')
    assert.equal(id.email_verified, true)
    const { payload: access } = await jwtVerify(result.AccessToken!, jwks, { issuer })
    assert.equal(access.client_id, clientId)
    assert.equal(access.username, signUp.UserSub)
    assert.equal(access.scope, 'aws.cognito.signin.user.admin')

    // aws-jwt-verify fetches JWKS over https only; over local http it is handed the served JWKS.
    const jwksUri = `${issuer}/.well-known/jwks.json`
    const served = (await (await fetch(jwksUri)).json()) as Jwks
    const verifier = JwtVerifier.create({ issuer, audience: clientId, jwksUri })
    verifier.cacheJwks(served)
    assert.equal((await verifier.verify(result.IdToken!)).sub, signUp.UserSub)
    const accessVerifier = JwtVerifier.create({ issuer, audience: null, jwksUri })
    accessVerifier.cacheJwks(served)
    assert.equal((await accessVerifier.verify(result.AccessToken!)).client_id, clientId)

    const refreshed = await pool.anonymous.send(
      new InitiateAuthCommand({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: clientId,
        AuthParameters: { REFRESH_TOKEN: result.RefreshToken! },
      }),
    )
    assert.equal(refreshed.AuthenticationResult?.RefreshToken, undefined)
    const { payload: again } = await jwtVerify(refreshed.AuthenticationResult!.IdToken!, jwks, {
      issuer,
      audience: clientId,
    })
    assert.equal(again.auth_time, id.auth_time)
    assert.equal(again.origin_jti, id.origin_jti)
    assert.notEqual(again.jti, id.jti)

    const me = await pool.anonymous.send(new GetUserCommand({ AccessToken: result.AccessToken! }))
    assert.equal(me.Username, signUp.UserSub)
    assert.deepEqual(Object.fromEntries(me.UserAttributes!.map((a) => [a.Name, a.Value])), {
      sub: signUp.UserSub,
      email: 'Alice@Example.com',
      email_verified: 'true',
    })
    await rejectsWith(
      pool.anonymous.send(new GetUserCommand({ AccessToken: result.IdToken! })),
      'NotAuthorizedException',
      'Invalid Access Token',
    )

    const admin = await pool.admin.send(
      new AdminGetUserCommand({ UserPoolId: poolId, Username: 'alice@example.com' }),
    )
    assert.equal(admin.Username, signUp.UserSub)
    assert.equal(admin.UserStatus, 'CONFIRMED')
    assert.equal(admin.Enabled, true)

    const adminAuth = await pool.admin.send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'alice@example.com', PASSWORD },
      }),
    )
    assert.ok(adminAuth.AuthenticationResult?.AccessToken)
  })

  test('sign-in and sign-up errors have AWS types and messages', async () => {
    const signIn = (USERNAME: string, PASSWORD: string) =>
      pool.anonymous.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: clientId,
          AuthParameters: { USERNAME, PASSWORD },
        }),
      )
    await rejectsWith(
      signIn('alice@example.com', 'Wrong-passw0rd'),
      'NotAuthorizedException',
      'Incorrect username or password.',
    )
    await rejectsWith(signIn('nobody@example.com', PASSWORD), 'UserNotFoundException', 'User does not exist.')
    await rejectsWith(
      pool.anonymous.send(
        new SignUpCommand({ ClientId: clientId, Username: 'ALICE@example.COM', Password: PASSWORD }),
      ),
      'UsernameExistsException',
      'An account with the given email already exists.',
    )
    await rejectsWith(
      pool.anonymous.send(
        new SignUpCommand({ ClientId: clientId, Username: 'weak@example.com', Password: 'short' }),
      ),
      'InvalidPasswordException',
      'Password did not conform with policy: Password not long enough',
    )
    await rejectsWith(
      pool.anonymous.send(
        new SignUpCommand({ ClientId: clientId, Username: 'weak@example.com', Password: 'password1!' }),
      ),
      'InvalidPasswordException',
      'Password did not conform with policy: Password must have uppercase characters',
    )
    await rejectsWith(
      pool.anonymous.send(
        new SignUpCommand({ ClientId: clientId, Username: 'not-an-email', Password: PASSWORD }),
      ),
      'InvalidParameterException',
      'Username should be an email.',
    )
    await rejectsWith(
      pool.anonymous.send(
        new SignUpCommand({
          ClientId: 'abcdefghijklmnopqrstuvwxyz',
          Username: 'x@example.com',
          Password: PASSWORD,
        }),
      ),
      'ResourceNotFoundException',
      'User pool client abcdefghijklmnopqrstuvwxyz does not exist.',
    )
    await rejectsWith(
      pool.anonymous.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_SRP_AUTH',
          ClientId: clientId,
          AuthParameters: { USERNAME: 'a', SRP_A: '1' },
        }),
      ),
      'InvalidParameterException',
    )
    await rejectsWith(
      pool.anonymous.send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: clientId,
          AuthParameters: { REFRESH_TOKEN: 'not-a-token' },
        }),
      ),
      'NotAuthorizedException',
      'Invalid Refresh Token.',
    )
    await rejectsWith(
      signIn('', PASSWORD),
      'InvalidParameterException',
      'Missing required parameter USERNAME',
    )
  })

  test('resend and admin confirm', async () => {
    await pool.anonymous.send(
      new SignUpCommand({ ClientId: clientId, Username: 'bob@example.com', Password: PASSWORD }),
    )
    const first = pool.lastCode('bob@example.com')
    const resent = await pool.anonymous.send(
      new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'bob@example.com' }),
    )
    assert.equal(resent.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL')
    const second = pool.lastCode('bob@example.com')
    if (first !== second)
      await rejectsWith(
        pool.anonymous.send(
          new ConfirmSignUpCommand({
            ClientId: clientId,
            Username: 'bob@example.com',
            ConfirmationCode: first,
          }),
        ),
        'CodeMismatchException',
      )
    await pool.admin.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'bob@example.com' }))
    const bob = await pool.admin.send(
      new AdminGetUserCommand({ UserPoolId: poolId, Username: 'bob@example.com' }),
    )
    assert.equal(bob.UserStatus, 'CONFIRMED')
    assert.equal(bob.UserAttributes?.find((a) => a.Name === 'email_verified')?.Value, 'false')
    await rejectsWith(
      pool.anonymous.send(
        new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'bob@example.com' }),
      ),
      'InvalidParameterException',
      'User is already confirmed.',
    )
    await rejectsWith(
      pool.admin.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'nobody@example.com' })),
      'UserNotFoundException',
    )
  })

  test('a client with a secret requires a correct SECRET_HASH', async () => {
    const { UserPoolClient } = await pool.admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'server',
        GenerateSecret: true,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    )
    const id = UserPoolClient!.ClientId!
    const secret = UserPoolClient!.ClientSecret!
    assert.match(secret, /^[a-z0-9]{52}$/)
    const { createHmac } = await import('node:crypto')
    const hash = (u: string) =>
      createHmac('sha256', secret)
        .update(u + id)
        .digest('base64')
    const signIn = (params: Record<string, string>) =>
      pool.anonymous.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: id,
          AuthParameters: { USERNAME: 'alice@example.com', PASSWORD, ...params },
        }),
      )
    await rejectsWith(
      signIn({}),
      'NotAuthorizedException',
      `Client ${id} is configured for secret but secret was not received`,
    )
    await rejectsWith(
      signIn({ SECRET_HASH: hash('someone-else') }),
      'NotAuthorizedException',
      `Unable to verify secret hash for client ${id}`,
    )
    await rejectsWith(
      signIn({ SECRET_HASH: 'x' }),
      'NotAuthorizedException',
      `Unable to verify secret hash for client ${id}`,
    )
    const ok = await signIn({ SECRET_HASH: hash('alice@example.com') })
    assert.ok(ok.AuthenticationResult?.IdToken)
    await pool.admin.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: id }))
    await rejectsWith(signIn({ SECRET_HASH: hash('alice@example.com') }), 'ResourceNotFoundException')
  })

  test('flows the client does not allow are refused', async () => {
    const { UserPoolClient } = await pool.admin.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'srp-only' }),
    )
    const id = UserPoolClient!.ClientId!
    assert.deepEqual(UserPoolClient?.ExplicitAuthFlows, [
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_CUSTOM_AUTH',
    ])
    await rejectsWith(
      pool.anonymous.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: id,
          AuthParameters: { USERNAME: 'alice@example.com', PASSWORD },
        }),
      ),
      'InvalidParameterException',
      'USER_PASSWORD_AUTH flow not enabled for this client',
    )
    await rejectsWith(
      pool.admin.send(
        new AdminInitiateAuthCommand({
          UserPoolId: poolId,
          ClientId: id,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'alice@example.com', PASSWORD },
        }),
      ),
      'InvalidParameterException',
      'Auth flow not enabled for this client',
    )
  })

  test('a pool can be deleted, and then it is gone', async () => {
    const { UserPool } = await pool.admin.send(new CreateUserPoolCommand({ PoolName: 'temporary' }))
    await pool.admin.send(new DeleteUserPoolCommand({ UserPoolId: UserPool!.Id! }))
    await rejectsWith(
      pool.admin.send(new DescribeUserPoolCommand({ UserPoolId: UserPool!.Id! })),
      'ResourceNotFoundException',
      `User pool ${UserPool!.Id!} does not exist.`,
    )
  })
})
