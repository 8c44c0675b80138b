// The payload 2.0 event against the documented example (aws-semantics.md §2.1; AG-LAMBDA) and the
// @types/aws-lambda handler types users write.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyHandlerV2,
  APIGatewayProxyHandlerV2WithJWTAuthorizer,
  Context,
} from 'aws-lambda'
import { startGateway } from '../../test/vectors/gateway/support/harness.js'
import { header } from '../../test/vectors/gateway/support/http.js'
import { type LocalIssuer, startIssuer } from '../../test/vectors/gateway/support/issuer.js'
import {
  accessClaims,
  api,
  ISSUER,
  idClaims,
  issuerKeys,
  mint,
  NOW,
  NOW_MS,
  tokens,
} from '../../test/vectors/gateway/support/vectors.js'
import { ManualClock } from '../core/index.js'
import { AwsTime, buildEvent, type GatewayEvent, HostFacts, hasJwtAuthorizer } from './event.js'
import type { ApiConfig, InvokeRequest } from './index.js'

let issuer: LocalIssuer
before(async () => {
  issuer = await startIssuer([{ issuer: ISSUER, keys: issuerKeys() }])
})
after(() => issuer.close())

/** Sends one request and returns the event the handler received, after a JSON round trip. */
async function eventFor(
  spec: Parameters<Awaited<ReturnType<typeof startGateway>>['request']>[0],
  config?: ApiConfig,
) {
  const gateway = await startGateway(config ?? documentedApi(), {
    clock: new ManualClock(NOW_MS + 67),
    fetch: issuer.fetch,
  })
  try {
    const response = await gateway.request(spec)
    assert.equal(response.status, 200, response.body)
    const event = JSON.parse(response.body) as GatewayEvent
    assert.equal(gateway.calls.length, 1)
    assert.equal(header(response, 'apigw-requestid'), event.requestContext.requestId)
    return { event, call: gateway.calls[0]! }
  } finally {
    await gateway.close()
  }
}

function documentedApi(): ApiConfig {
  return api({
    apiId: 'abc123',
    routes: [
      { routeKey: 'GET /items/{id}', functionId: 'items' },
      { routeKey: 'POST /items', functionId: 'items' },
      { routeKey: 'GET /private', functionId: 'private', authorizer: 'cognito' },
      {
        routeKey: 'GET /profile',
        functionId: 'private',
        authorizer: 'cognito',
        authorizationScopes: ['openid', 'aws.cognito.signin.user.admin'],
      },
      { routeKey: 'ANY /files/{proxy+}', functionId: 'files' },
    ],
  })
}

describe('the documented example (aws-semantics.md §2.1)', () => {
  test('GET /items/42?a=1&a=2&b=x%20y with cookies and a repeated header', async () => {
    const { event, call } = await eventFor({
      target: '/items/42?a=1&a=2&b=x%20y',
      headers: [
        ['Host', 'abc123.execute-api.us-east-1.amazonaws.com'],
        ['User-Agent', 'curl/7.58.0'],
        ['Accept', '*/*'],
        ['Cookie', 'c1=v1'],
        ['Cookie', 'c2=v2'],
        ['X-Dup', 'v1'],
        ['x-dup', 'v2'],
      ],
    })
    const requestId = event.requestContext.requestId
    assert.match(requestId, /^[A-Za-z0-9_-]{15}=$/)
    assert.deepEqual(event, {
      version: '2.0',
      routeKey: 'GET /items/{id}',
      rawPath: '/items/42',
      rawQueryString: 'a=1&a=2&b=x%20y',
      cookies: ['c1=v1', 'c2=v2'],
      headers: {
        host: 'abc123.execute-api.us-east-1.amazonaws.com',
        'user-agent': 'curl/7.58.0',
        accept: '*/*',
        'x-dup': 'v1,v2',
        connection: 'close',
        'x-forwarded-for': '127.0.0.1',
        'x-forwarded-port': event.headers['x-forwarded-port'],
        'x-forwarded-proto': 'http',
      },
      queryStringParameters: { a: '1,2', b: 'x y' },
      pathParameters: { id: '42' },
      requestContext: {
        accountId: '123456789012',
        apiId: 'abc123',
        domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
        domainPrefix: 'abc123',
        http: {
          method: 'GET',
          path: '/items/42',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'curl/7.58.0',
        },
        requestId,
        routeKey: 'GET /items/{id}',
        stage: '$default',
        time: '01/Jan/2026:00:00:00 +0000',
        timeEpoch: NOW_MS + 67,
      },
      isBase64Encoded: false,
    })
    assert.equal(call.functionId, 'items')
    assert.equal(call.requestId, requestId)
    assert.equal(call.timeoutMs, 30_000)
  })

  test('optional keys are absent, not null, when there is nothing to put in them', async () => {
    const { event } = await eventFor({ target: '/items/1' })
    for (const key of ['cookies', 'queryStringParameters', 'body', 'stageVariables'])
      assert.equal(key in event, false, key)
    assert.equal('authorizer' in event.requestContext, false)
    assert.equal(event.rawQueryString, '')
  })

  test('greedy path variable, decoded, named proxy', async () => {
    const { event } = await eventFor({ method: 'DELETE', target: '/files/hello/w%C3%B6rld' })
    assert.equal(event.routeKey, 'ANY /files/{proxy+}')
    assert.equal(event.rawPath, '/files/hello/w%C3%B6rld')
    assert.deepEqual(event.pathParameters, { proxy: 'hello/wörld' })
  })

  test('query strings: + is a space, names decode too, empty values stay', async () => {
    const { event } = await eventFor({ target: '/items/1?q=a+b&%C3%A9=1&flag&x=%ZZ&&x=2' })
    assert.deepEqual(event.queryStringParameters, { q: 'a b', é: '1', flag: '', x: '%ZZ,2' })
  })

  test('the time format across a month boundary', () => {
    const time = new AwsTime()
    assert.equal(time.format(Date.UTC(2020, 3, 21, 15, 8, 21, 67)), '21/Apr/2020:15:08:21 +0000')
    assert.equal(time.format(Date.UTC(2026, 11, 31, 23, 59, 59, 999)), '31/Dec/2026:23:59:59 +0000')
  })
})

describe('bodies', () => {
  const table: [string | undefined, string | Buffer, string, boolean][] = [
    ['application/json', '{"a":1}', '{"a":1}', false],
    ['application/json; charset=utf-8', '{"é":1}', '{"é":1}', false],
    ['text/plain', 'héllo', 'héllo', false],
    ['application/xml', '<a/>', '<a/>', false],
    ['application/octet-stream', Buffer.from([0, 1, 2, 255]), 'AAEC/w==', true],
    ['application/x-www-form-urlencoded', 'a=1&b=2', Buffer.from('a=1&b=2').toString('base64'), true],
    ['image/png', Buffer.from([137, 80, 78, 71]), 'iVBORw==', true],
    [undefined, 'no type', Buffer.from('no type').toString('base64'), true],
  ]
  for (const [type, body, expected, base64] of table)
    test(`${type ?? 'no content-type'} → isBase64Encoded ${base64}`, async () => {
      const headers: [string, string][] = type ? [['Content-Type', type]] : []
      const { event } = await eventFor({ method: 'POST', target: '/items', headers, body })
      assert.equal(event.body, expected)
      assert.equal(event.isBase64Encoded, base64)
    })

  test('a chunked body is read whole', async () => {
    const chunked = '7\r\n{"a":1}\r\n0\r\n\r\n'
    const { event } = await eventFor({
      method: 'POST',
      target: '/items',
      headers: [
        ['Content-Type', 'application/json'],
        ['Transfer-Encoding', 'chunked'],
      ],
      body: chunked,
    })
    assert.equal(event.body, '{"a":1}')
  })
})

describe('requestContext.authorizer.jwt (aws-semantics.md §1.4)', () => {
  test('claims rendered as AWS does; scopes null on a route without scopes', async () => {
    const token = mint(
      idClaims({
        custom_obj: { a: 1 },
        custom_null: null,
        'custom:n': 1.5,
        nested: [1, 'x', true, { b: 2 }],
      }),
    )
    const { event } = await eventFor({ target: '/private', headers: [['Authorization', token]] })
    assert.deepEqual(event.requestContext.authorizer, {
      jwt: {
        claims: {
          sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
          aud: 'vectorsclient0000000000000',
          email_verified: 'true',
          'cognito:groups': '[admin poweruser]',
          iss: ISSUER,
          'cognito:username': 'alice',
          origin_jti: 'origin-jti',
          token_use: 'id',
          auth_time: String(NOW - 60),
          exp: String(NOW + 3600),
          iat: String(NOW - 60),
          email: 'alice@example.test',
          custom_obj: '{"a":1}',
          'custom:n': '1.5',
          nested: '[1 x true {"b":2}]',
        },
        scopes: null,
      },
    })
  })

  test('on a route with scopes, scopes is the token’s full list', async () => {
    const token = mint(accessClaims({ scope: 'openid aws.cognito.signin.user.admin email' }))
    const { event } = await eventFor({ target: '/profile', headers: [['Authorization', `Bearer ${token}`]] })
    assert.deepEqual(event.requestContext.authorizer?.jwt.scopes, [
      'openid',
      'aws.cognito.signin.user.admin',
      'email',
    ])
    assert.equal(
      event.requestContext.authorizer?.jwt.claims.scope,
      'openid aws.cognito.signin.user.admin email',
    )
  })

  test('duplicate claim names: the handler sees exactly what the authorizer validated (A28, B49)', async () => {
    const { event } = await eventFor({
      target: '/private',
      headers: [['Authorization', tokens.accepted.duplicateSub]],
    })
    const payload = JSON.parse(
      Buffer.from(tokens.accepted.duplicateSub.split('.')[1]!, 'base64url').toString(),
    )
    assert.equal(event.requestContext.authorizer?.jwt.claims.sub, payload.sub)
    assert.equal(payload.sub, 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee')
  })

  test('__proto__ and constructor claims stay inert data (A30, rule R8)', async () => {
    const gateway = await startGateway(documentedApi(), {
      clock: new ManualClock(NOW_MS),
      fetch: issuer.fetch,
    })
    try {
      const response = await gateway.request({
        target: '/private',
        headers: [['Authorization', tokens.accepted.protoClaims]],
      })
      assert.equal(response.status, 200)
      const claims = gateway.calls[0]!.event.requestContext as unknown as {
        authorizer: { jwt: { claims: Record<string, unknown> } }
      }
      const inProcess = claims.authorizer.jwt.claims
      assert.equal(Object.getPrototypeOf(inProcess), null)
      assert.equal(inProcess.admin, undefined)
      assert.equal(Object.getOwnPropertyDescriptor(inProcess, '__proto__')?.value, '{"admin":true}')
      assert.equal(inProcess.constructor, '{"prototype":{"x":1}}')
      assert.equal(({} as Record<string, unknown>).admin, undefined)
      assert.equal(Object.isFrozen(inProcess), true)
    } finally {
      await gateway.close()
    }
  })

  test('a finite float exp is valid and rendered as a decimal string', async () => {
    const { event } = await eventFor({
      target: '/private',
      headers: [['Authorization', tokens.accepted.floatExp]],
    })
    assert.equal(event.requestContext.authorizer?.jwt.claims.exp, String(NOW + 3600.5))
  })
})

describe('stages', () => {
  test('a named stage is served under its prefix, which stays in rawPath', async () => {
    const config = { ...documentedApi(), stage: 'dev' }
    const { event } = await eventFor({ target: '/dev/items/7' }, config)
    assert.equal(event.rawPath, '/dev/items/7')
    assert.equal(event.requestContext.http.path, '/dev/items/7')
    assert.equal(event.requestContext.stage, 'dev')
    assert.deepEqual(event.pathParameters, { id: '7' })
    const gateway = await startGateway(config, { clock: new ManualClock(NOW_MS) })
    try {
      assert.equal((await gateway.request('/items/7')).status, 404)
      assert.equal((await gateway.request('/development/items/7')).status, 404)
    } finally {
      await gateway.close()
    }
  })
})

describe('types: handlers typed with @types/aws-lambda accept the event', () => {
  test('APIGatewayProxyHandlerV2WithJWTAuthorizer and APIGatewayProxyHandlerV2', async () => {
    const event = buildEvent(
      { apiId: 'abc123', accountId: '123456789012', stage: '$default' },
      { method: 'GET', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', localPort: 3000, body: undefined },
      {
        routeKey: 'GET /private',
        target: { rawPath: '/private', segments: ['private'], path: '/private', rawQuery: '' },
        headers: { headers: { host: 'localhost:3000' }, cookies: undefined, duplicate: undefined, bytes: 0 },
        pathParameters: undefined,
        authorizer: { jwt: { claims: { sub: 'alice' }, scopes: null } },
        requestId: 'LV7fzho-PHcEJPw=',
        nowMs: NOW_MS,
      },
      new AwsTime(),
      new HostFacts(),
    )
    const withJwt: APIGatewayProxyHandlerV2WithJWTAuthorizer = async (e) => ({
      statusCode: 200,
      body: JSON.stringify({
        sub: e.requestContext.authorizer.jwt.claims.sub,
        scopes: e.requestContext.authorizer.jwt.scopes,
      }),
    })
    const plain: APIGatewayProxyHandlerV2 = async (e) => e.rawPath
    const asPort: InvokeRequest['event'] = event
    const asV2: APIGatewayProxyEventV2 = event
    assert.ok(hasJwtAuthorizer(event))
    const asJwt: APIGatewayProxyEventV2WithJWTAuthorizer = event
    const context = {} as Context
    assert.deepEqual(await withJwt(asJwt, context, () => {}), {
      statusCode: 200,
      body: '{"sub":"alice","scopes":null}',
    })
    assert.equal(await plain(asV2, context, () => {}), '/private')
    assert.equal(asPort.requestContext.domainName, 'localhost')
    assert.equal(asPort.requestContext.domainPrefix, 'localhost')
  })
})
