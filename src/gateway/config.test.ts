import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { type ApiConfig, validateApiConfig } from './config.js'

const valid: ApiConfig = {
  apiId: 'abc123',
  name: 'api',
  region: 'us-east-1',
  routes: [
    { routeKey: 'GET /public', functionId: 'src/public.main' },
    {
      routeKey: 'GET /private',
      functionId: 'src/private.main',
      authorizer: 'jwt',
      authorizationScopes: ['a/b'],
    },
    { routeKey: '$default', functionId: 'src/fallback.main' },
  ],
  authorizers: [{ name: 'jwt', issuer: 'https://issuer.test/pool', audience: ['client'] }],
  cors: { allowOrigins: ['https://app.test'], allowMethods: ['GET'], allowHeaders: ['authorization'] },
}

describe('validateApiConfig', () => {
  test('a valid definition has no problems', () => {
    assert.deepEqual(validateApiConfig(valid), [])
  })

  const table: [string, (c: ApiConfig) => unknown, string][] = [
    [
      'trailing slash',
      (c) => c.routes.push({ routeKey: 'GET /x/', functionId: 'f' }),
      'routes["GET /x/"]: route keys may not end in /',
    ],
    [
      'duplicate route',
      (c) => c.routes.push({ routeKey: 'GET /public', functionId: 'f' }),
      'routes["GET /public"]: duplicate route key',
    ],
    [
      'unknown authorizer',
      (c) => c.routes.push({ routeKey: 'GET /y', functionId: 'f', authorizer: 'nope' }),
      'routes["GET /y"].authorizer: no authorizer named "nope"',
    ],
    [
      'scopes without authorizer',
      (c) => c.routes.push({ routeKey: 'GET /y', functionId: 'f', authorizationScopes: ['s'] }),
      'routes["GET /y"].authorizationScopes: scopes are valid only on routes with a JWT authorizer',
    ],
    [
      'scope with a quote',
      (c) =>
        c.routes.push({
          routeKey: 'GET /y',
          functionId: 'f',
          authorizer: 'jwt',
          authorizationScopes: ['a"b'],
        }),
      'routes["GET /y"].authorizationScopes: must be a list of scope strings without spaces, quotes or backslashes',
    ],
    [
      'empty functionId',
      (c) => c.routes.push({ routeKey: 'GET /y', functionId: '' }),
      'routes["GET /y"].functionId: must be a non-empty string',
    ],
    [
      'conflicting variables',
      (c) =>
        c.routes.push(
          { routeKey: 'GET /i/{a}', functionId: 'f' },
          { routeKey: 'POST /i/{b}', functionId: 'f' },
        ),
      'routes["POST /i/{b}"]: path variable {b} conflicts with {a} at the same position',
    ],
    [
      'unknown route key field',
      (c) => c.routes.push({ routeKey: 'GET /z', functionId: 'f', auth: 'x' } as never),
      'routes["GET /z"].auth: unknown key',
    ],
    [
      'issuer not a URL',
      (c) => (c.authorizers[0]!.issuer = 'issuer'),
      'authorizers["jwt"].issuer: must be an http(s) URL without query or fragment',
    ],
    [
      'empty audience',
      (c) => (c.authorizers[0]!.audience = []),
      'authorizers["jwt"].audience: must be a non-empty list of non-empty strings',
    ],
    [
      'identity source',
      (c) => (c.authorizers[0]!.identitySource = '$request.cookie.x'),
      'authorizers["jwt"].identitySource: must be $request.header.<Name> or $request.querystring.<name>',
    ],
    [
      'tokenUse',
      (c) => (c.authorizers[0]!.tokenUse = 'refresh' as never),
      'authorizers["jwt"].tokenUse: must be "any", "access" or "id"',
    ],
    [
      'duplicate authorizer',
      (c) => c.authorizers.push({ ...c.authorizers[0]! }),
      'authorizers["jwt"]: duplicate authorizer name',
    ],
    [
      'credentials with *',
      (c) => (c.cors = { ...c.cors!, allowOrigins: ['*'], allowCredentials: true }),
      'cors.allowCredentials: cannot be true when allowOrigins contains "*"',
    ],
    [
      'cors method',
      (c) => (c.cors = { ...c.cors!, allowMethods: ['FETCH'] }),
      'cors.allowMethods: unknown method "FETCH"',
    ],
    [
      'cors maxAge',
      (c) => (c.cors = { ...c.cors!, maxAge: -1 }),
      'cors.maxAge: must be an integer number of seconds from 0 to 86400',
    ],
    [
      'cors origin',
      (c) => (c.cors = { ...c.cors!, allowOrigins: ['app.test'] }),
      'cors.allowOrigins: "app.test" must be "*", "http://*", "https://*" or an origin',
    ],
    ['stage', (c) => (c.stage = 'dev/x'), 'stage: must be "$default" or letters, digits, "-" and "_"'],
    ['accountId', (c) => (c.accountId = '123'), 'accountId: must be 12 digits'],
    [
      'unknown top-level key',
      (c) => ((c as unknown as Record<string, unknown>).rotues = []),
      'rotues: unknown key',
    ],
  ]
  for (const [name, change, problem] of table)
    test(name, () => {
      const config = structuredClone(valid)
      change(config)
      assert.deepEqual(validateApiConfig(config), [problem])
    })
})
