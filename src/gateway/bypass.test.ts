// security.md §3 B: paths, headers, case and methods never let a request reach a protected
// handler without passing its authorizer; and the size limits (A15, R6, the 10 MB payload quota).
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { type Harness, startGateway } from '../../test/vectors/gateway/support/harness.js'
import { header, type RequestSpec, rawRequest, serialise } from '../../test/vectors/gateway/support/http.js'
import { type LocalIssuer, startIssuer } from '../../test/vectors/gateway/support/issuer.js'
import {
  accessClaims,
  api,
  ISSUER,
  issuerKeys,
  mint,
  NOW_MS,
} from '../../test/vectors/gateway/support/vectors.js'
import { ManualClock } from '../core/index.js'
import type { ApiConfig, GatewayEvent } from './index.js'

let issuer: LocalIssuer
before(async () => {
  issuer = await startIssuer([{ issuer: ISSUER, keys: issuerKeys() }])
})
after(() => issuer.close())

const token = mint(accessClaims())

async function withGateway<T>(
  config: ApiConfig,
  run: (g: Harness) => Promise<T>,
  serverOptions?: { maxHeaderSize?: number },
) {
  const gateway = await startGateway(config, {
    clock: new ManualClock(NOW_MS),
    fetch: issuer.fetch,
    serverOptions,
  })
  try {
    return await run(gateway)
  } finally {
    await gateway.close()
  }
}

async function outcome(spec: RequestSpec | Buffer, config: ApiConfig = api()) {
  return withGateway(config, async (gateway) => {
    const response = Buffer.isBuffer(spec)
      ? await rawRequest(gateway.port, spec)
      : await gateway.request(spec)
    return {
      status: response.status,
      body: response.body,
      functions: gateway.calls.map((c) => c.functionId),
      calls: gateway.calls,
    }
  })
}

describe('paths (B39–B43, rule R7)', () => {
  const strictAdmin = api({
    routes: [
      { routeKey: 'GET /admin/users', functionId: 'admin', authorizer: 'cognito' },
      { routeKey: 'ANY /public/{proxy+}', functionId: 'public' },
    ],
  })
  const table: [string, string, number, ApiConfig?][] = [
    ['/public/../admin/users', 'B39 dot-dot from a public prefix', 400],
    ['/public/%2e%2e/admin/users', 'B39 encoded dot-dot', 400],
    ['/public/.%2e/admin/users', 'B39 half-encoded dot-dot', 400],
    ['/public\\..\\admin/users', 'B39 backslashes', 400],
    ['/admin%2Fusers', 'B40 encoded slash', 400],
    ['/admin%2fusers', 'B40 encoded slash, lower case', 400],
    ['/admin%5Cusers', 'B40 encoded backslash', 400],
    ['/admin/users%00', 'B40 encoded NUL', 400],
    ['/admin%252Fusers', 'B40 double-encoded slash', 400],
    ['//admin/users', 'B41 // prefix', 400],
    ['http://evil.test/admin/users', 'B41 absolute form is routed by its path: no token', 401],
    ['/ADMIN/users', 'B42 case', 404, strictAdmin],
    ['/Admin/Users', 'B42 case', 404, strictAdmin],
    ['/admin/users/', 'B42 trailing slash', 404, strictAdmin],
    ['/admin;jsessionid=x/users', 'B43 matrix parameter', 404, strictAdmin],
    ['/admin/users;.css', 'B43 suffix', 404, strictAdmin],
    ['/admin/users.json', 'B43 extension', 404, strictAdmin],
    ['/%61dmin/users', 'an encoded unreserved character', 400],
    ['/admin/users', 'control: the protected route without a token', 401],
  ]
  for (const [target, name, status, config] of table)
    test(`${name}: ${target} → ${status}`, async () => {
      const result = await outcome({ target }, config)
      assert.equal(result.status, status)
      assert.deepEqual(result.functions, [])
      assert.equal(
        result.body,
        JSON.stringify({ message: { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found' }[status] }),
      )
    })

  test('B41 absolute form with a token: the handler receives exactly the routed path', async () => {
    const result = await outcome({
      target: 'http://evil.test/admin/users?x=1',
      headers: [['Authorization', token]],
    })
    assert.equal(result.status, 200)
    const event = result.calls[0]!.event as GatewayEvent
    assert.equal(event.rawPath, '/admin/users')
    assert.equal(event.requestContext.http.path, '/admin/users')
    assert.equal(event.rawQueryString, 'x=1')
    assert.equal(event.routeKey, 'GET /admin/users')
  })

  test('B42 a $default route with an authorizer never serves anonymously', async () => {
    const config = api({ routes: [{ routeKey: '$default', functionId: 'fallback', authorizer: 'cognito' }] })
    for (const target of ['/ADMIN/users', '/admin/users/', '/anything'])
      assert.equal((await outcome({ target }, config)).status, 401)
  })
})

describe('methods (B44)', () => {
  test('X-HTTP-Method-Override and ?_method are ignored: the real method routes', async () => {
    const config = api({
      routes: [
        { routeKey: 'POST /items', functionId: 'create' },
        { routeKey: 'DELETE /items', functionId: 'delete', authorizer: 'cognito' },
      ],
    })
    const viaHeader = await outcome(
      { method: 'POST', target: '/items', headers: [['X-HTTP-Method-Override', 'DELETE']], body: '' },
      config,
    )
    assert.deepEqual(viaHeader.functions, ['create'])
    const viaQuery = await outcome({ method: 'POST', target: '/items?_method=DELETE', body: '' }, config)
    assert.deepEqual(viaQuery.functions, ['create'])
  })

  test('HEAD on a protected resource without a token: 401 (ANY) or 404 (GET only), never the handler', async () => {
    assert.equal((await outcome({ method: 'HEAD', target: '/admin/x' })).status, 401)
    const getOnly = api({
      routes: [{ routeKey: 'GET /admin/users', functionId: 'admin', authorizer: 'cognito' }],
    })
    const head = await outcome({ method: 'HEAD', target: '/admin/users' }, getOnly)
    assert.equal(head.status, 404)
    assert.deepEqual(head.functions, [])
  })

  test('TRACE matches no GET route', async () => {
    const getOnly = api({
      routes: [{ routeKey: 'GET /admin/users', functionId: 'admin', authorizer: 'cognito' }],
    })
    assert.equal((await outcome({ method: 'TRACE', target: '/admin/users' }, getOnly)).status, 404)
  })
})

describe('client-supplied identity and routing headers (B45)', () => {
  test('X-Original-URL, X-Rewrite-URL and identity headers change nothing', async () => {
    const result = await outcome({
      target: '/public/x',
      headers: [
        ['X-Original-URL', '/admin/users'],
        ['X-Rewrite-URL', '/admin/users'],
        ['X-User-Id', 'admin'],
        ['X-Amzn-Oidc-Identity', 'admin'],
      ],
    })
    assert.deepEqual(result.functions, ['public'])
    const event = result.calls[0]!.event as GatewayEvent
    assert.equal(event.rawPath, '/public/x')
    assert.equal(event.requestContext.authorizer, undefined)
  })

  test('a spoofed X-Forwarded-For does not become sourceIp', async () => {
    const result = await outcome({ target: '/public/x', headers: [['X-Forwarded-For', '10.9.9.9']] })
    const event = result.calls[0]!.event as GatewayEvent
    assert.equal(event.requestContext.http.sourceIp, '127.0.0.1')
    assert.equal(event.headers['x-forwarded-for'], '10.9.9.9, 127.0.0.1')
  })
})

describe('HTTP parsing (B46): refused by node:http before the gateway', () => {
  const raw = (lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1')
  const table: [string, Buffer][] = [
    [
      'CR inside Authorization',
      raw([
        'GET /admin/users HTTP/1.1',
        'Host: a',
        `Authorization: Bearer ${token}\rX-User-Id: admin`,
        'Connection: close',
      ]),
    ],
    [
      'NUL inside Authorization',
      raw(['GET /admin/users HTTP/1.1', 'Host: a', `Authorization: Bearer ${token}\0`, 'Connection: close']),
    ],
    [
      'Content-Length with Transfer-Encoding',
      raw([
        'POST /public/x HTTP/1.1',
        'Host: a',
        'Content-Length: 3',
        'Transfer-Encoding: chunked',
        'Connection: close',
      ]),
    ],
    [
      'two Content-Length fields',
      raw([
        'POST /public/x HTTP/1.1',
        'Host: a',
        'Content-Length: 3',
        'Content-Length: 4',
        'Connection: close',
      ]),
    ],
  ]
  for (const [name, bytes] of table)
    test(name, async () => {
      const result = await outcome(bytes)
      assert.equal(result.status, 400)
      assert.deepEqual(result.functions, [])
    })

  test('a bare LF never smuggles a trusted header', async () => {
    const bytes = raw([
      'GET /admin/users HTTP/1.1',
      'Host: a',
      'Authorization: Bearer x\nX-User-Id: admin',
      'Connection: close',
    ])
    const result = await outcome(bytes)
    assert.notEqual(result.status, 200)
    assert.deepEqual(result.functions, [])
  })

  test('two Host fields are 400', async () => {
    const result = await outcome({
      target: '/public/x',
      headers: [
        ['Host', 'a.test'],
        ['Host', 'b.test'],
      ],
    })
    assert.equal(result.status, 400)
  })
})

describe('size limits', () => {
  test('A15: an Authorization field of 17 000 bytes is 431 (node:http cap), the handler never runs', async () => {
    const result = await outcome({
      target: '/admin/users',
      headers: [['Authorization', `Bearer ${'a'.repeat(17_000)}`]],
    })
    assert.equal(result.status, 431)
    assert.deepEqual(result.functions, [])
  })

  test('R6: a header block over 10 240 bytes is 431 from the gateway, before any JWT parsing', async () => {
    const result = await outcome({
      target: '/admin/users',
      headers: [['Authorization', `Bearer ${'a'.repeat(11_000)}`]],
    })
    assert.equal(result.status, 431)
    assert.equal(result.body, '{"message":"Request Header Fields Too Large"}')
  })

  test('a declared body over 10 MB is 413 without being read', () =>
    withGateway(api(), async (gateway) => {
      const spec = serialise({
        method: 'POST',
        target: '/public/x',
        headers: [['Content-Length', String(10 * 1024 * 1024 + 1)]],
      })
      const response = await rawRequest(gateway.port, spec)
      assert.equal(response.status, 413)
      assert.equal(header(response, 'connection'), 'close')
      assert.equal(gateway.calls.length, 0)
      const line = gateway.logs.find((l) => l.msg === 'request')
      assert.deepEqual(
        { method: line?.method, status: line?.status, auth: line?.auth, path: line?.path },
        { method: 'POST', status: 413, auth: 'none', path: undefined },
      )
    }))

  test('a chunked body that grows over 10 MB is 413', () =>
    withGateway(api(), async (gateway) => {
      const chunk = 'a'.repeat(1024 * 1024)
      const chunks = Array.from({ length: 11 }, () => `${(chunk.length).toString(16)}\r\n${chunk}\r\n`).join(
        '',
      )
      const spec = serialise({
        method: 'POST',
        target: '/public/x',
        headers: [['Transfer-Encoding', 'chunked']],
        body: `${chunks}0\r\n\r\n`,
      })
      const response = await rawRequest(gateway.port, spec)
      assert.equal(response.status, 413)
      assert.equal(gateway.calls.length, 0)
    }))

  test('a body of exactly 10 MB is accepted', () =>
    withGateway(api(), async (gateway) => {
      const body = Buffer.alloc(10 * 1024 * 1024, 0x61)
      const response = await rawRequest(
        gateway.port,
        serialise({ method: 'POST', target: '/public/x', headers: [['Content-Type', 'text/plain']], body }),
      )
      assert.equal(response.status, 200)
      assert.equal(gateway.calls[0]?.event.body?.length, body.length)
    }))
})
