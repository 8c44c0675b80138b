// Resource servers and custom scopes through the AWS SDK, and the OAuth settings of clients
// checked at create and update (security.md §3 D70).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import {
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteResourceServerCommand,
  DescribeResourceServerCommand,
  ListResourceServersCommand,
  UpdateResourceServerCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { startTestUserPool, type TestUserPool } from '../support/userpool.js'
import { rejectsWith } from './userpool-helpers.js'

let pool: TestUserPool
let poolId: string
before(async () => {
  pool = await startTestUserPool()
  poolId = (await pool.admin.send(new CreateUserPoolCommand({ PoolName: 'rs' }))).UserPool!.Id!
})
after(() => pool.stop())

test('create, describe, list with pages, update and delete a resource server', async () => {
  const scopes = [{ ScopeName: 'read', ScopeDescription: 'Read' }]
  const created = await pool.admin.send(
    new CreateResourceServerCommand({
      UserPoolId: poolId,
      Identifier: 'orders',
      Name: 'Orders',
      Scopes: scopes,
    }),
  )
  assert.deepEqual(created.ResourceServer, {
    UserPoolId: poolId,
    Identifier: 'orders',
    Name: 'Orders',
    Scopes: scopes,
  })
  await rejectsWith(
    pool.admin.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'orders', Name: 'x' })),
    'InvalidParameterException',
  )
  await rejectsWith(
    pool.admin.send(
      new CreateResourceServerCommand({
        UserPoolId: poolId,
        Identifier: 'bad',
        Name: 'x',
        Scopes: [{ ScopeName: 'a/b', ScopeDescription: 'slash' }],
      }),
    ),
    'InvalidParameterException',
    /scopeName/,
  )
  await pool.admin.send(
    new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'users', Name: 'Users' }),
  )
  const first = await pool.admin.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 1 }))
  assert.deepEqual(
    first.ResourceServers?.map((s) => s.Identifier),
    ['orders'],
  )
  const second = await pool.admin.send(
    new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 1, NextToken: first.NextToken! }),
  )
  assert.deepEqual(
    second.ResourceServers?.map((s) => s.Identifier),
    ['users'],
  )
  assert.equal(second.NextToken, undefined)
  await pool.admin.send(
    new UpdateResourceServerCommand({
      UserPoolId: poolId,
      Identifier: 'users',
      Name: 'People',
      Scopes: [{ ScopeName: 'write', ScopeDescription: 'Write' }],
    }),
  )
  const described = await pool.admin.send(
    new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: 'users' }),
  )
  assert.equal(described.ResourceServer?.Name, 'People')
  assert.deepEqual(described.ResourceServer?.Scopes, [{ ScopeName: 'write', ScopeDescription: 'Write' }])
  await pool.admin.send(new DeleteResourceServerCommand({ UserPoolId: poolId, Identifier: 'users' }))
  await rejectsWith(
    pool.admin.send(new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: 'users' })),
    'ResourceNotFoundException',
  )
})

test('resource server actions need the admin signature', async () => {
  await assert.rejects(
    pool.anonymous.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 5 })),
  )
})

test('clients may allow only scopes that exist', async () => {
  await pool.admin.send(
    new CreateResourceServerCommand({
      UserPoolId: poolId,
      Identifier: 'https://api.example.com',
      Name: 'api',
      Scopes: [{ ScopeName: 'read', ScopeDescription: 'Read' }],
    }),
  )
  const { UserPoolClient } = await pool.admin.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'scoped',
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'https://api.example.com/read'],
      CallbackURLs: ['https://app.example.com/cb'],
    }),
  )
  assert.deepEqual(UserPoolClient?.AllowedOAuthScopes, ['openid', 'https://api.example.com/read'])
  await rejectsWith(
    pool.admin.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientId: UserPoolClient!.ClientId!,
        AllowedOAuthScopes: ['https://api.example.com/write'],
      }),
    ),
    'ScopeDoesNotExistException',
  )
})

test('callback and sign-out URLs are checked when registered (security.md §3 D70)', async () => {
  const create = (urls: { CallbackURLs?: string[]; LogoutURLs?: string[] }) =>
    pool.admin.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'urls', ...urls }))
  for (const ok of [
    'https://app.example.com/cb',
    'http://localhost:3000/',
    'http://127.0.0.1/cb',
    'myapp://callback',
  ])
    await create({ CallbackURLs: [ok], LogoutURLs: [ok] })
  for (const bad of [
    'javascript:alert(1)',
    'data:text/html,hi',
    'http://app.example.com/cb',
    'https://app.example.com/cb#x',
    'https://user:pw@app.example.com/cb',
    '/relative',
  ]) {
    await rejectsWith(create({ CallbackURLs: [bad] }), 'InvalidParameterException', /CallbackURLs/)
    await rejectsWith(create({ LogoutURLs: [bad] }), 'InvalidParameterException', /LogoutURLs/)
  }
})

test('client_credentials needs a secret and goes alone', async () => {
  await rejectsWith(
    pool.admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'm2m',
        AllowedOAuthFlows: ['client_credentials'],
      }),
    ),
    'InvalidOAuthFlowException',
  )
  await rejectsWith(
    pool.admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'm2m',
        GenerateSecret: true,
        AllowedOAuthFlows: ['client_credentials', 'code'],
      }),
    ),
    'InvalidOAuthFlowException',
  )
})
