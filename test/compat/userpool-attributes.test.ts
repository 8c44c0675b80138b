// Attributes through the AWS SDK v3: verified email changes, aliases, custom attributes in
// tokens, admin updates and deletes, WriteAttributes.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  AdminDeleteUserAttributesCommand,
  AdminUpdateUserAttributesCommand,
  ConfirmSignUpCommand,
  DeleteUserAttributesCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { decodeJwt } from 'jose'
import { startTestUserPool, type TestUserPool } from '../support/userpool.js'
import { confirmedUser, createPool, PASSWORD, passwordSignIn, rejectsWith } from './userpool-helpers.js'

let pool: TestUserPool
before(async () => {
  pool = await startTestUserPool()
})
after(() => pool.stop())

describe('attributes', () => {
  let ids: { poolId: string; clientId: string }
  let aliasIds: { poolId: string; clientId: string }
  before(async () => {
    ids = await createPool(pool, {
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      Schema: [{ Name: 'tier', AttributeDataType: 'Number', Mutable: true }],
    })
    aliasIds = await createPool(pool, { AliasAttributes: ['email'], AutoVerifiedAttributes: ['email'] })
  })

  const tokenFor = async (clientId: string, username: string, password = PASSWORD) =>
    (await passwordSignIn(pool, clientId, username, password)).AuthenticationResult!

  test('a changed verified email waits for its code; the old one signs in until then', async () => {
    await pool.anonymous.send(
      new SignUpCommand({
        ClientId: aliasIds.clientId,
        Username: 'mover',
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: 'old@example.com' }],
      }),
    )
    await pool.anonymous.send(
      new ConfirmSignUpCommand({
        ClientId: aliasIds.clientId,
        Username: 'mover',
        ConfirmationCode: pool.lastCode('old@example.com'),
      }),
    )
    const { AccessToken } = await tokenFor(aliasIds.clientId, 'old@example.com')
    const { CodeDeliveryDetailsList } = await pool.anonymous.send(
      new UpdateUserAttributesCommand({
        AccessToken,
        UserAttributes: [{ Name: 'email', Value: 'new@example.com' }],
      }),
    )
    assert.deepEqual(CodeDeliveryDetailsList, [
      { Destination: 'n***@e***.com', DeliveryMedium: 'EMAIL', AttributeName: 'email' },
    ])
    const attributes = async () =>
      Object.fromEntries(
        ((await pool.anonymous.send(new GetUserCommand({ AccessToken }))).UserAttributes ?? []).map((a) => [
          a.Name,
          a.Value,
        ]),
      )
    assert.equal((await attributes()).email, 'old@example.com')
    assert.equal((await attributes()).email_verified, 'true')
    await tokenFor(aliasIds.clientId, 'old@example.com')
    await rejectsWith(
      passwordSignIn(pool, aliasIds.clientId, 'new@example.com', PASSWORD),
      'UserNotFoundException',
    )
    // Asking again sends a fresh code to the pending address; the first one no longer works.
    const first = pool.lastCode('new@example.com')
    await pool.anonymous.send(
      new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }),
    )
    const second = pool.lastCode('new@example.com')
    const verify = (Code: string) =>
      pool.anonymous.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code }))
    if (first !== second) await rejectsWith(verify(first), 'CodeMismatchException')
    await verify(second)
    assert.equal((await attributes()).email, 'new@example.com')
    await tokenFor(aliasIds.clientId, 'new@example.com')
    await rejectsWith(
      passwordSignIn(pool, aliasIds.clientId, 'old@example.com', PASSWORD),
      'UserNotFoundException',
    )
    await rejectsWith(verify(second), 'ExpiredCodeException')
  })

  test('an alias verified by someone else cannot be taken: AliasExistsException', async () => {
    for (const [username, email] of [
      ['first', 'shared@example.com'],
      ['second', 'second@example.com'],
    ]) {
      await pool.anonymous.send(
        new SignUpCommand({
          ClientId: aliasIds.clientId,
          Username: username!,
          Password: PASSWORD,
          UserAttributes: [{ Name: 'email', Value: email! }],
        }),
      )
      await pool.anonymous.send(
        new ConfirmSignUpCommand({
          ClientId: aliasIds.clientId,
          Username: username!,
          ConfirmationCode: pool.lastCode(email!),
        }),
      )
    }
    const { AccessToken } = await tokenFor(aliasIds.clientId, 'second')
    await pool.anonymous.send(
      new UpdateUserAttributesCommand({
        AccessToken,
        UserAttributes: [{ Name: 'email', Value: 'shared@example.com' }],
      }),
    )
    await rejectsWith(
      pool.anonymous.send(
        new VerifyUserAttributeCommand({
          AccessToken,
          AttributeName: 'email',
          Code: pool.lastCode('shared@example.com'),
        }),
      ),
      'AliasExistsException',
      'An account with the email already exists.',
    )
  })

  test('custom attributes are strings in tokens; users and admins update and delete attributes', async () => {
    await confirmedUser(pool, ids, 'attrs@example.com', { 'custom:tier': '3', name: 'Ann' })
    const { IdToken, AccessToken } = await tokenFor(ids.clientId, 'attrs@example.com')
    assert.equal(decodeJwt(IdToken!)['custom:tier'], '3')
    await pool.anonymous.send(
      new UpdateUserAttributesCommand({
        AccessToken,
        UserAttributes: [{ Name: 'given_name', Value: 'Annie' }],
      }),
    )
    await rejectsWith(
      pool.anonymous.send(
        new UpdateUserAttributesCommand({
          AccessToken,
          UserAttributes: [{ Name: 'email_verified', Value: 'true' }],
        }),
      ),
      'InvalidParameterException',
    )
    await rejectsWith(
      pool.anonymous.send(
        new UpdateUserAttributesCommand({
          AccessToken,
          UserAttributes: [{ Name: 'custom:nope', Value: 'x' }],
        }),
      ),
      'InvalidParameterException',
    )
    await pool.anonymous.send(new DeleteUserAttributesCommand({ AccessToken, UserAttributeNames: ['name'] }))
    await rejectsWith(
      pool.anonymous.send(new DeleteUserAttributesCommand({ AccessToken, UserAttributeNames: ['email'] })),
      'InvalidParameterException',
    )
    await pool.admin.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: ids.poolId,
        Username: 'attrs@example.com',
        UserAttributes: [
          { Name: 'custom:tier', Value: '4' },
          { Name: 'phone_number', Value: '+15555550100' },
          { Name: 'phone_number_verified', Value: 'true' },
        ],
      }),
    )
    await pool.admin.send(
      new AdminDeleteUserAttributesCommand({
        UserPoolId: ids.poolId,
        Username: 'attrs@example.com',
        UserAttributeNames: ['given_name'],
      }),
    )
    const claims = decodeJwt((await tokenFor(ids.clientId, 'attrs@example.com')).IdToken!)
    assert.equal(claims['custom:tier'], '4')
    assert.equal(claims.phone_number_verified, true)
    assert.equal(claims.name, undefined)
    assert.equal(claims.given_name, undefined)
  })

  test('a client with WriteAttributes may write only those', async () => {
    const limited = await createPool(
      pool,
      { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] },
      {
        WriteAttributes: ['name', 'email'],
      },
    )
    await confirmedUser(pool, limited, 'limited@example.com')
    const { AccessToken } = await tokenFor(limited.clientId, 'limited@example.com')
    await rejectsWith(
      pool.anonymous.send(
        new UpdateUserAttributesCommand({
          AccessToken,
          UserAttributes: [{ Name: 'family_name', Value: 'X' }],
        }),
      ),
      'NotAuthorizedException',
      'A client attempted to write unauthorized attribute',
    )
  })
})
