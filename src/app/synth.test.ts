import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  Api,
  defineApp,
  JwtAuthorizer,
  type Stack,
  UserPool,
  UserPoolAuthorizer,
  UserPoolClient,
} from './index.js'
import { definitionJsonSchema } from './schema.js'
import { synthesize } from './synth.js'
import { resolveTokens } from './tokens.js'

function MyStack(stack: Stack) {
  const userPool = new UserPool(stack, 'UserPool', {
    selfSignUpEnabled: true,
    signInAliases: { email: true },
    signInCaseSensitive: false,
  })
  const userPoolClient = new UserPoolClient(stack, 'UserPoolClient', {
    userPool,
    authFlows: { userPassword: true },
  })
  const api = new Api(stack, 'Api', {
    defaultAuthorizer: new UserPoolAuthorizer('Authorizer', userPool, { userPoolClients: [userPoolClient] }),
    defaultAuthorizationType: 'JWT',
    routes: {
      'GET /private': 'src/private.main',
      'GET /public': { function: 'src/public.main', authorizationType: 'NONE' },
    },
  })
  stack.addOutputs({
    ApiEndpoint: api.url,
    UserPoolId: userPool.userPoolId,
    UserPoolClientId: userPoolClient.userPoolClientId,
  })
}

test('seed 000 stack synthesizes to the pool, client and API the seed deploys', () => {
  const result = synthesize(
    defineApp({ name: 'api-auth-jwt-cognito-user-pool', region: 'us-east-1', stacks: [MyStack] }),
    'dev',
  )
  assert.ok(result.ok, result.ok ? '' : result.problems.join('\n'))
  const { model } = result
  assert.equal(model.userPools[0]?.path, 'MyStack/UserPool')
  assert.deepEqual(model.userPools[0]?.settings.UsernameAttributes, ['email'])
  assert.deepEqual(model.userPools[0]?.settings.AutoVerifiedAttributes, ['email'])
  assert.deepEqual(model.userPools[0]?.settings.UsernameConfiguration, { CaseSensitive: false })
  assert.deepEqual(model.userPools[0]?.settings.AdminCreateUserConfig, { AllowAdminCreateUserOnly: false })
  assert.deepEqual(model.clients[0]?.settings.ExplicitAuthFlows, [
    'ALLOW_USER_PASSWORD_AUTH',
    'ALLOW_REFRESH_TOKEN_AUTH',
  ])
  const api = model.apis[0]!
  assert.deepEqual(
    api.routes.map((r) => [r.routeKey, r.function.handler, r.authorizer ?? 'NONE']),
    [
      ['GET /private', 'src/private.main', 'Authorizer'],
      ['GET /public', 'src/public.main', 'NONE'],
    ],
  )
  assert.equal(api.authorizers[0]?.identitySource, '$request.header.Authorization')
  const values: Record<string, string> = {
    'MyStack/UserPool.issuer': 'http://127.0.0.1:1/us-east-1_abc',
    'MyStack/UserPoolClient.userPoolClientId': 'client123',
    'MyStack/Api.url': 'http://127.0.0.1:2',
    'MyStack/UserPool.userPoolId': 'us-east-1_abc',
  }
  assert.equal(
    resolveTokens(api.authorizers[0]!.issuer, (r) => values[r]),
    'http://127.0.0.1:1/us-east-1_abc',
  )
  assert.deepEqual(
    api.authorizers[0]!.audience.map((a) => resolveTokens(a, (r) => values[r])),
    ['client123'],
  )
  assert.deepEqual(
    Object.fromEntries(
      Object.entries(model.stacks[0]!.outputs).map(([k, v]) => [k, resolveTokens(v, (r) => values[r])]),
    ),
    { ApiEndpoint: 'http://127.0.0.1:2', UserPoolId: 'us-east-1_abc', UserPoolClientId: 'client123' },
  )
})

test('problems are reported with their paths, all at once', () => {
  function Bad(stack: Stack) {
    const pool = new UserPool(stack, 'Pool', { signInAliases: { email: true }, unknownKey: 1 } as never)
    new UserPoolClient(stack, 'Client', { userPool: 'not a pool' } as never)
    new Api(stack, 'Api', {
      routes: { 'GET /x': 'no-export', 'GET /y': { function: 42 } as never },
      defaultAuthorizer: new JwtAuthorizer('Ext', { issuer: 'https://issuer.example', audience: [] }),
      cors: 'yes' as never,
    })
    void pool
  }
  const result = synthesize(defineApp({ name: 'bad', stacks: [Bad] }), 'dev')
  assert.equal(result.ok, false)
  const problems = result.ok ? [] : result.problems
  const expected = [
    /^stacks\[0\]\.Bad\.Pool: Unrecognized key: "unknownKey"/,
    /^stacks\[0\]\.Bad\.Client\.userPool: expected a UserPool/,
    /^stacks\[0\]\.Bad\.Api\.routes\["GET \/x"\]: .*path\/to\/file\.export/,
    /^stacks\[0\]\.Bad\.Api\.routes\["GET \/y"\]/,
    /^stacks\[0\]\.Bad\.Api\.cors/,
    /^stacks\[0\]\.Bad\.Api\.authorizers\.Ext\.audience: /,
  ]
  for (const pattern of expected)
    assert.ok(
      problems.some((p) => pattern.test(p)),
      `${pattern} not in\n${problems.join('\n')}`,
    )
})

test('a JWT route without any authorizer and a duplicate id are definition errors', () => {
  const noAuthorizer = synthesize(
    defineApp({
      name: 'a',
      stacks: [
        function S(stack: Stack) {
          new Api(stack, 'Api', {
            routes: { 'GET /x': { function: 'src/x.main', authorizationType: 'JWT' } },
          })
        },
      ],
    }),
    'dev',
  )
  assert.deepEqual(noAuthorizer.ok ? [] : noAuthorizer.problems, [
    'stacks[0].S.Api.routes["GET /x"]: authorizationType JWT needs an authorizer or a defaultAuthorizer',
  ])
  const duplicate = synthesize(
    defineApp({
      name: 'a',
      stacks: [
        function S(stack: Stack) {
          new UserPool(stack, 'Same')
          new UserPool(stack, 'Same')
        },
      ],
    }),
    'dev',
  )
  assert.match(duplicate.ok ? '' : duplicate.problems[0]!, /two resources share the id "Same"/)
})

test('the app itself is validated', () => {
  const result = synthesize({ kind: 'portcullis-app', name: 'has space', stacks: [] }, 'dev')
  assert.equal(result.ok, false)
  assert.ok(!result.ok && result.problems.some((p) => p.startsWith('app.name:')))
  assert.ok(!result.ok && result.problems.some((p) => p.startsWith('app.stacks:')))
})

test('a JSON Schema of the props is available', () => {
  const schema = definitionJsonSchema() as { $defs: Record<string, { properties?: Record<string, unknown> }> }
  assert.ok(schema.$defs.UserPoolProps?.properties?.signInAliases)
  assert.ok(schema.$defs.ApiProps?.properties?.routes)
})
