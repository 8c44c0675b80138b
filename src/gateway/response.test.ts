// Response mapping, payload format 2.0 (aws-semantics.md §2.2) and the error outcomes (§2.3).
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { type FakeHandler, startGateway } from '../../test/vectors/gateway/support/harness.js'
import { header, type RawResponse } from '../../test/vectors/gateway/support/http.js'
import { api, NOW_MS } from '../../test/vectors/gateway/support/vectors.js'
import { ManualClock } from '../core/index.js'
import type { ApiConfig, InvokeOutcome } from './index.js'
import { mapResult } from './response.js'

async function respond(handler: FakeHandler, options: { method?: string; config?: ApiConfig } = {}) {
  const gateway = await startGateway(options.config ?? api(), {
    clock: new ManualClock(NOW_MS),
    handlers: { public: handler },
  })
  try {
    const response = await gateway.request({ method: options.method ?? 'GET', target: '/public' })
    return { response, logs: gateway.logs }
  } finally {
    await gateway.close()
  }
}

const returning =
  (result: unknown): FakeHandler =>
  () => ({ ok: true, result })

function expectGatewayError(response: RawResponse, status: number, message: string): void {
  assert.equal(response.status, status)
  assert.equal(response.body, JSON.stringify({ message }))
  assert.equal(header(response, 'content-type'), 'application/json')
  assert.equal(header(response, 'content-length'), String(response.body.length))
  assert.ok(header(response, 'apigw-requestid'))
}

describe('inferred responses: a result without statusCode', () => {
  const table: [string, unknown, string][] = [
    ['a string is sent as it is (AG-LAMBDA example)', 'Hello from Lambda!', 'Hello from Lambda!'],
    ['an object becomes its JSON', { message: 'Hello' }, '{"message":"Hello"}'],
    ['an array', [1, 2], '[1,2]'],
    ['a number', 42, '42'],
    ['null', null, 'null'],
    ['undefined, as the Lambda runtime sends null', undefined, 'null'],
    ['an object with body but no statusCode is still inferred', { body: 'x' }, '{"body":"x"}'],
  ]
  for (const [name, result, body] of table)
    test(name, async () => {
      const { response } = await respond(returning(result))
      assert.equal(response.status, 200)
      assert.equal(header(response, 'content-type'), 'application/json')
      assert.equal(response.body, body)
    })
})

describe('structured responses', () => {
  test('statusCode, headers, cookies as separate set-cookie fields, body', async () => {
    const { response } = await respond(
      returning({
        statusCode: 201,
        headers: { 'Content-Type': 'application/json', 'x-count': 3, 'x-flag': true },
        cookies: ['a=1; Path=/', 'b=2; HttpOnly'],
        body: '{"ok":true}',
      }),
    )
    assert.equal(response.status, 201)
    assert.equal(header(response, 'content-type'), 'application/json')
    assert.equal(header(response, 'x-count'), '3')
    assert.equal(header(response, 'x-flag'), 'true')
    assert.deepEqual(response.headers['set-cookie'], ['a=1; Path=/', 'b=2; HttpOnly'])
    assert.equal(response.body, '{"ok":true}')
  })

  test('no content-type given: text/plain; charset=utf-8', async () => {
    const { response } = await respond(returning({ statusCode: 200, body: 'hi' }))
    assert.equal(header(response, 'content-type'), 'text/plain; charset=utf-8')
  })

  test('isBase64Encoded bodies are decoded', async () => {
    const { response } = await respond(
      returning({ statusCode: 200, isBase64Encoded: true, body: Buffer.from('binary ✓').toString('base64') }),
    )
    assert.equal(response.body, 'binary ✓')
    assert.equal(header(response, 'content-length'), String(Buffer.byteLength('binary ✓')))
  })

  test('framing headers from the handler are replaced by the gateway’s own', async () => {
    const { response } = await respond(
      returning({
        statusCode: 200,
        headers: { 'Content-Length': '999', Connection: 'upgrade', 'apigw-requestid': 'x' },
        body: 'ok',
      }),
    )
    assert.equal(header(response, 'content-length'), '2')
    assert.notEqual(header(response, 'apigw-requestid'), 'x')
    assert.equal(response.body, 'ok')
  })

  test('204 has no body and no content-length', async () => {
    const { response } = await respond(returning({ statusCode: 204 }))
    assert.equal(response.status, 204)
    assert.equal(header(response, 'content-length'), undefined)
  })

  test('HEAD gets the headers without the body', async () => {
    const config = api({ routes: [{ routeKey: 'ANY /public', functionId: 'public' }] })
    const { response } = await respond(returning({ statusCode: 200, body: 'hello' }), {
      method: 'HEAD',
      config,
    })
    assert.equal(response.status, 200)
    assert.equal(header(response, 'content-length'), '5')
    assert.equal(response.body, '')
  })
})

describe('malformed structured responses are 500 {"message":"Internal Server Error"} (AG-LAMBDA-TS)', () => {
  const table: [string, unknown][] = [
    ['statusCode as a string', { statusCode: '200' }],
    ['statusCode not an integer', { statusCode: 200.5 }],
    ['statusCode out of range', { statusCode: 99 }],
    ['statusCode 1xx', { statusCode: 101 }],
    ['body as an object', { statusCode: 200, body: { a: 1 } }],
    ['headers as a list', { statusCode: 200, headers: [['a', 'b']] }],
    ['a header value that is an object', { statusCode: 200, headers: { a: { b: 1 } } }],
    ['a header value with CRLF', { statusCode: 200, headers: { a: 'x\r\nset-cookie: evil=1' } }],
    ['a header name with a space', { statusCode: 200, headers: { 'a b': 'x' } }],
    // Node's writeHead throws on these; they must cost the request, never the process.
    ['a header value beyond Latin-1', { statusCode: 200, headers: { 'x-price': 'price €5' } }],
    ['a header value with a control character', { statusCode: 200, headers: { a: 'x\u0001y' } }],
    ['a cookie beyond Latin-1', { statusCode: 200, cookies: ['a=€'] }],
    ['cookies not a list', { statusCode: 200, cookies: 'a=1' }],
    ['a cookie with a newline', { statusCode: 200, cookies: ['a=1\nb=2'] }],
    ['isBase64Encoded as a string', { statusCode: 200, isBase64Encoded: 'true', body: 'eA==' }],
  ]
  for (const [name, result] of table)
    test(name, async () => {
      const { response, logs } = await respond(returning(result))
      expectGatewayError(response, 500, 'Internal Server Error')
      assert.ok(logs.some((l) => l.msg === 'handler returned a malformed response'))
    })
})

describe('invoke outcomes', () => {
  const table: [string, InvokeOutcome | 'reject', number, string, string][] = [
    [
      'error → 500, logged with its stack',
      {
        ok: false,
        reason: 'error',
        error: { name: 'TypeError', message: 'boom', stack: 'TypeError: boom\n    at main' },
      },
      500,
      'Internal Server Error',
      'handler failed',
    ],
    ['timeout → 503', { ok: false, reason: 'timeout' }, 503, 'Service Unavailable', 'handler timed out'],
    [
      'crash → 500',
      { ok: false, reason: 'crash', detail: 'worker exited with code 1' },
      500,
      'Internal Server Error',
      'handler crashed',
    ],
    ['an Invoke that rejects → 500', 'reject', 500, 'Internal Server Error', 'handler crashed'],
  ]
  for (const [name, outcome, status, message, logged] of table)
    test(name, async () => {
      const handler: FakeHandler = () =>
        outcome === 'reject' ? Promise.reject(new Error('port broke')) : outcome
      const { response, logs } = await respond(handler)
      expectGatewayError(response, status, message)
      const entry = logs.find((l) => l.msg === logged)
      assert.ok(entry, `logged "${logged}"`)
      if (outcome !== 'reject' && !outcome.ok && outcome.reason === 'error')
        assert.deepEqual(entry.error, outcome.error)
      assert.equal(logs.find((l) => l.msg === 'request')?.status, status)
    })

  test('an Invoke that never settles is answered 503 after its timeout and a grace second', async () => {
    const gateway = await startGateway(api(), {
      clock: new ManualClock(NOW_MS),
      handlers: { public: () => new Promise<InvokeOutcome>(() => {}) },
      functionTimeoutMs: () => 50,
    })
    try {
      const response = await gateway.request('/public')
      expectGatewayError(response, 503, 'Service Unavailable')
      assert.equal(gateway.calls[0]?.timeoutMs, 50)
    } finally {
      await gateway.close()
    }
  })
})

describe('the request log line', () => {
  test('method, path without query, route key, status, ms, auth, requestId — never the token', async () => {
    const gateway = await startGateway(api(), { clock: new ManualClock(NOW_MS) })
    try {
      await gateway.request({
        target: '/public?secret=1',
        headers: [['Authorization', 'Bearer abc.def.ghi']],
      })
      await gateway.request({
        target: '/private?token=xyz',
        headers: [['Authorization', 'Bearer abc.def.ghi']],
      })
      const lines = gateway.logs.filter((l) => l.msg === 'request')
      assert.deepEqual(
        lines.map(({ ms, requestId, ...rest }) => {
          assert.equal(typeof ms, 'number')
          assert.match(String(requestId), /=$/)
          return rest
        }),
        [
          {
            method: 'GET',
            path: '/public',
            routeKey: 'GET /public',
            status: 200,
            auth: 'none',
            level: 'info',
            msg: 'request',
          },
          {
            method: 'GET',
            path: '/private',
            routeKey: 'GET /private',
            status: 401,
            auth: '401 malformed',
            level: 'info',
            msg: 'request',
          },
        ],
      )
      assert.doesNotMatch(JSON.stringify(gateway.logs), /abc\.def|secret|xyz/)
    } finally {
      await gateway.close()
    }
  })

  test('requestLog: false drops the request lines and keeps warnings and errors', async () => {
    const gateway = await startGateway(api(), {
      clock: new ManualClock(NOW_MS),
      requestLog: false,
      handlers: {
        public: () => {
          throw new Error('the runtime broke')
        },
      },
    })
    try {
      assert.equal((await gateway.request({ target: '/public' })).status, 500)
      assert.equal((await gateway.request({ target: '/private' })).status, 401)
      assert.deepEqual(
        gateway.logs.map((l) => [l.level, l.msg]),
        [['error', 'handler crashed']],
      )
    } finally {
      await gateway.close()
    }
  })
})

test('mapResult drops backend CORS headers only when asked', () => {
  const result = { statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*', 'x-a': '1' } }
  assert.deepEqual(mapResult(result, true)?.headers, [
    'x-a',
    '1',
    'content-type',
    'text/plain; charset=utf-8',
  ])
  assert.deepEqual(mapResult(result, false)?.headers, [
    'Access-Control-Allow-Origin',
    '*',
    'x-a',
    '1',
    'content-type',
    'text/plain; charset=utf-8',
  ])
})
