// GlobalSignOut, AdminUserGlobalSignOut, RevokeToken, GetTokensFromRefreshToken, disabled and
// deleted users, through the AWS SDK v3.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  AdminConfirmSignUpCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminUserGlobalSignOutCommand,
  DeleteUserCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { decodeJwt } from 'jose'
import { startTestUserPool, type TestUserPool } from '../support/userpool.js'
import {
  confirmedUser,
  createPool,
  PASSWORD,
  passwordSignIn,
  refreshWith,
  rejectsWith,
  secretHash,
  srpSignIn,
} from './userpool-helpers.js'

let pool: TestUserPool
before(async () => {
  pool = await startTestUserPool()
})
after(() => pool.stop())

describe('sign-out, revocation, disabling and deleting users', () => {
  let ids: { poolId: string; clientId: string }
  before(async () => {
    ids = await createPool(pool, { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] })
  })

  test('GlobalSignOut revokes every refresh token and the access tokens issued before', async () => {
    await confirmedUser(pool, ids, 'global@example.com')
    const a = (await passwordSignIn(pool, ids.clientId, 'global@example.com', PASSWORD)).AuthenticationResult!
    const b = (await passwordSignIn(pool, ids.clientId, 'global@example.com', PASSWORD)).AuthenticationResult!
    await pool.anonymous.send(new GlobalSignOutCommand({ AccessToken: a.AccessToken! }))
    for (const tokens of [a, b]) {
      await rejectsWith(
        refreshWith(pool, ids.clientId, tokens.RefreshToken!),
        'NotAuthorizedException',
        'Refresh Token has been revoked',
      )
      await rejectsWith(
        pool.anonymous.send(new GetUserCommand({ AccessToken: tokens.AccessToken! })),
        'NotAuthorizedException',
        'Access Token has been revoked',
      )
    }
    const fresh = (await passwordSignIn(pool, ids.clientId, 'global@example.com', PASSWORD))
      .AuthenticationResult!
    await pool.anonymous.send(new GetUserCommand({ AccessToken: fresh.AccessToken! }))
    await pool.admin.send(
      new AdminUserGlobalSignOutCommand({ UserPoolId: ids.poolId, Username: 'global@example.com' }),
    )
    await rejectsWith(
      pool.anonymous.send(new GetUserCommand({ AccessToken: fresh.AccessToken! })),
      'NotAuthorizedException',
      'Access Token has been revoked',
    )
  })

  test('RevokeToken revokes one refresh token and the access tokens descended from it', async () => {
    await confirmedUser(pool, ids, 'revoke@example.com')
    const a = (await passwordSignIn(pool, ids.clientId, 'revoke@example.com', PASSWORD)).AuthenticationResult!
    const b = (await passwordSignIn(pool, ids.clientId, 'revoke@example.com', PASSWORD)).AuthenticationResult!
    const refreshed = (await refreshWith(pool, ids.clientId, a.RefreshToken!)).AuthenticationResult!
    await pool.anonymous.send(new RevokeTokenCommand({ ClientId: ids.clientId, Token: a.RefreshToken! }))
    await rejectsWith(
      refreshWith(pool, ids.clientId, a.RefreshToken!),
      'NotAuthorizedException',
      'Refresh Token has been revoked',
    )
    for (const token of [a.AccessToken!, refreshed.AccessToken!])
      await rejectsWith(
        pool.anonymous.send(new GetUserCommand({ AccessToken: token })),
        'NotAuthorizedException',
        'Access Token has been revoked',
      )
    await pool.anonymous.send(new GetUserCommand({ AccessToken: b.AccessToken! }))
    await refreshWith(pool, ids.clientId, b.RefreshToken!)
    // Unknown and already-revoked tokens succeed silently; access tokens are not refresh tokens.
    await pool.anonymous.send(new RevokeTokenCommand({ ClientId: ids.clientId, Token: a.RefreshToken! }))
    await pool.anonymous.send(new RevokeTokenCommand({ ClientId: ids.clientId, Token: 'unknown-token' }))
    await rejectsWith(
      pool.anonymous.send(new RevokeTokenCommand({ ClientId: ids.clientId, Token: b.AccessToken! })),
      'UnsupportedTokenTypeException',
    )
    await rejectsWith(
      pool.anonymous.send(
        new RevokeTokenCommand({ ClientId: 'abcdefghijklmnopqrstuvwxyz', Token: b.RefreshToken! }),
      ),
      'UnauthorizedException',
    )
  })

  test('GetTokensFromRefreshToken refreshes like REFRESH_TOKEN_AUTH; revocation can be disabled per client', async () => {
    const noRevocation = await createPool(
      pool,
      { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] },
      { EnableTokenRevocation: false },
    )
    await confirmedUser(pool, noRevocation, 'gtfrt@example.com')
    const tokens = (await passwordSignIn(pool, noRevocation.clientId, 'gtfrt@example.com', PASSWORD))
      .AuthenticationResult!
    const { AuthenticationResult } = await pool.anonymous.send(
      new GetTokensFromRefreshTokenCommand({
        ClientId: noRevocation.clientId,
        RefreshToken: tokens.RefreshToken!,
      }),
    )
    assert.equal(AuthenticationResult?.RefreshToken, undefined)
    assert.equal(
      decodeJwt(AuthenticationResult!.AccessToken!).origin_jti,
      decodeJwt(tokens.AccessToken!).origin_jti,
    )
    await rejectsWith(
      pool.anonymous.send(
        new GetTokensFromRefreshTokenCommand({ ClientId: noRevocation.clientId, RefreshToken: 'nope' }),
      ),
      'NotAuthorizedException',
      'Invalid Refresh Token.',
    )
    await rejectsWith(
      pool.anonymous.send(
        new RevokeTokenCommand({ ClientId: noRevocation.clientId, Token: tokens.RefreshToken! }),
      ),
      'UnsupportedOperationException',
    )
  })

  test('RevokeToken for a client with a secret needs the secret', async () => {
    const secretive = await createPool(
      pool,
      { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] },
      { GenerateSecret: true },
    )
    await pool.anonymous.send(
      new SignUpCommand({
        ClientId: secretive.clientId,
        Username: 's@example.com',
        Password: PASSWORD,
        SecretHash: secretHash(secretive, 's@example.com'),
      }),
    )
    await pool.admin.send(
      new AdminConfirmSignUpCommand({ UserPoolId: secretive.poolId, Username: 's@example.com' }),
    )
    const { AuthenticationResult } = await pool.anonymous.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: secretive.clientId,
        AuthParameters: {
          USERNAME: 's@example.com',
          PASSWORD,
          SECRET_HASH: secretHash(secretive, 's@example.com'),
        },
      }),
    )
    const revoke = (ClientSecret?: string) =>
      pool.anonymous.send(
        new RevokeTokenCommand({
          ClientId: secretive.clientId,
          Token: AuthenticationResult!.RefreshToken!,
          ...(ClientSecret ? { ClientSecret } : {}),
        }),
      )
    await rejectsWith(revoke(), 'UnauthorizedException')
    await rejectsWith(revoke('wrong'), 'UnauthorizedException')
    await revoke(secretive.clientSecret)
  })

  test('a disabled user cannot sign in, refresh or use their tokens; enabling restores sign-in', async () => {
    await confirmedUser(pool, ids, 'disabled@example.com')
    const tokens = (await passwordSignIn(pool, ids.clientId, 'disabled@example.com', PASSWORD))
      .AuthenticationResult!
    await pool.admin.send(
      new AdminDisableUserCommand({ UserPoolId: ids.poolId, Username: 'disabled@example.com' }),
    )
    assert.equal(
      (
        await pool.admin.send(
          new AdminGetUserCommand({ UserPoolId: ids.poolId, Username: 'disabled@example.com' }),
        )
      ).Enabled,
      false,
    )
    await rejectsWith(
      passwordSignIn(pool, ids.clientId, 'disabled@example.com', PASSWORD),
      'NotAuthorizedException',
      'User is disabled.',
    )
    await rejectsWith(
      (await srpSignIn(pool, ids, 'disabled@example.com', PASSWORD)).respond(),
      'NotAuthorizedException',
      'User is disabled.',
    )
    await rejectsWith(refreshWith(pool, ids.clientId, tokens.RefreshToken!), 'NotAuthorizedException')
    await rejectsWith(
      pool.anonymous.send(new GetUserCommand({ AccessToken: tokens.AccessToken! })),
      'NotAuthorizedException',
    )
    await pool.admin.send(
      new AdminEnableUserCommand({ UserPoolId: ids.poolId, Username: 'disabled@example.com' }),
    )
    await passwordSignIn(pool, ids.clientId, 'disabled@example.com', PASSWORD)
  })

  test('DeleteUser and AdminDeleteUser remove the user and their sign-in', async () => {
    await confirmedUser(pool, ids, 'self-delete@example.com')
    const { AccessToken } = (await passwordSignIn(pool, ids.clientId, 'self-delete@example.com', PASSWORD))
      .AuthenticationResult!
    await pool.anonymous.send(new DeleteUserCommand({ AccessToken }))
    await rejectsWith(
      passwordSignIn(pool, ids.clientId, 'self-delete@example.com', PASSWORD),
      'UserNotFoundException',
    )
    await rejectsWith(pool.anonymous.send(new GetUserCommand({ AccessToken })), 'UserNotFoundException')
    await confirmedUser(pool, ids, 'admin-delete@example.com')
    await pool.admin.send(
      new AdminDeleteUserCommand({ UserPoolId: ids.poolId, Username: 'admin-delete@example.com' }),
    )
    await rejectsWith(
      pool.admin.send(
        new AdminGetUserCommand({ UserPoolId: ids.poolId, Username: 'admin-delete@example.com' }),
      ),
      'UserNotFoundException',
    )
    await rejectsWith(
      pool.admin.send(
        new AdminDeleteUserCommand({ UserPoolId: ids.poolId, Username: 'admin-delete@example.com' }),
      ),
      'UserNotFoundException',
    )
    // The email is free again.
    await confirmedUser(pool, ids, 'admin-delete@example.com')
  })
})
