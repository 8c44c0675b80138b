// CORS as HTTP APIs do it (AG-CORS; aws-semantics.md §3.3).
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { startGateway } from '../../test/vectors/gateway/support/harness.js'
import { header, type RequestSpec } from '../../test/vectors/gateway/support/http.js'
import { api, NOW_MS } from '../../test/vectors/gateway/support/vectors.js'
import { ManualClock } from '../core/index.js'
import type { ApiConfig, CorsConfig } from './index.js'

const cors: CorsConfig = {
  allowOrigins: ['https://app.test'],
  allowMethods: ['GET', 'POST'],
  allowHeaders: ['authorization', 'content-type'],
  exposeHeaders: ['x-request-id'],
  maxAge: 600,
}

async function send(spec: RequestSpec, config: ApiConfig = api({ cors })) {
  const gateway = await startGateway(config, {
    clock: new ManualClock(NOW_MS),
    handlers: {
      public: () => ({
        ok: true,
        result: {
          statusCode: 200,
          headers: { 'access-control-allow-origin': 'https://evil.test', 'x-a': '1' },
          body: 'ok',
        },
      }),
    },
  })
  try {
    const response = await gateway.request(spec)
    return {
      response,
      ran: gateway.calls.length > 0,
      auth: gateway.logs.find((l) => l.msg === 'request')?.auth,
    }
  } finally {
    await gateway.close()
  }
}

const preflight = (origin: string, target = '/private', extra: [string, string][] = []): RequestSpec => ({
  method: 'OPTIONS',
  target,
  headers: [['Origin', origin], ['Access-Control-Request-Method', 'POST'], ...extra],
})

describe('preflight is answered by the gateway', () => {
  test('on a protected route, without a token, the handler never runs', async () => {
    const { response, ran, auth } = await send(
      preflight('https://app.test', '/private', [['Access-Control-Request-Headers', 'authorization']]),
    )
    assert.equal(response.status, 204)
    assert.equal(ran, false)
    assert.equal(auth, 'cors')
    assert.equal(header(response, 'access-control-allow-origin'), 'https://app.test')
    assert.equal(header(response, 'access-control-allow-methods'), 'GET,POST')
    assert.equal(header(response, 'access-control-allow-headers'), 'authorization,content-type')
    assert.equal(header(response, 'access-control-max-age'), '600')
    assert.equal(header(response, 'vary'), 'origin')
    assert.equal(response.body, '')
  })

  test('even where no route exists, and before a $default route with an authorizer', async () => {
    const config = api({ cors, routes: [{ routeKey: '$default', functionId: 'x', authorizer: 'cognito' }] })
    const { response, ran } = await send(preflight('https://app.test', '/anything'), config)
    assert.equal(response.status, 204)
    assert.equal(ran, false)
  })

  test('an origin that is not allowed gets 204 without CORS headers', async () => {
    const { response } = await send(preflight('https://evil.test'))
    assert.equal(response.status, 204)
    assert.equal(header(response, 'access-control-allow-origin'), undefined)
  })

  test('OPTIONS without Access-Control-Request-Method is routed like any request', async () => {
    const { response } = await send({
      method: 'OPTIONS',
      target: '/public',
      headers: [['Origin', 'https://app.test']],
    })
    assert.equal(response.status, 404)
  })

  test('without a CORS configuration OPTIONS is routed', async () => {
    const { response, ran } = await send(preflight('https://app.test', '/public/x'), api())
    assert.equal(response.status, 200)
    assert.equal(ran, true)
  })

  test('allowHeaders * echoes the requested headers', async () => {
    const config = api({ cors: { ...cors, allowHeaders: ['*'] } })
    const { response } = await send(
      preflight('https://app.test', '/x', [['Access-Control-Request-Headers', 'x-custom,authorization']]),
      config,
    )
    assert.equal(header(response, 'access-control-allow-headers'), 'x-custom,authorization')
  })
})

describe('CORS headers on responses', () => {
  test('added for an allowed Origin; backend CORS headers are dropped', async () => {
    const { response } = await send({ target: '/public', headers: [['Origin', 'https://app.test']] })
    assert.equal(response.status, 200)
    assert.deepEqual(response.headers['access-control-allow-origin'], ['https://app.test'])
    assert.equal(header(response, 'access-control-expose-headers'), 'x-request-id')
    assert.equal(header(response, 'x-a'), '1')
  })

  test('absent without an Origin header', async () => {
    const { response } = await send({ target: '/public' })
    assert.equal(header(response, 'access-control-allow-origin'), undefined)
  })

  test('absent for an origin that is not allowed', async () => {
    const { response } = await send({ target: '/public', headers: [['Origin', 'https://evil.test']] })
    assert.equal(header(response, 'access-control-allow-origin'), undefined)
  })

  test('also on the gateway’s own 401, so browsers can read it', async () => {
    const { response } = await send({ target: '/private', headers: [['Origin', 'https://app.test']] })
    assert.equal(response.status, 401)
    assert.equal(header(response, 'access-control-allow-origin'), 'https://app.test')
  })

  const origins: [string[], boolean, string, string | undefined][] = [
    [['*'], false, 'https://any.test', '*'],
    [['https://*'], false, 'https://any.test', 'https://any.test'],
    [['https://*'], false, 'http://any.test', undefined],
    [['http://*'], false, 'http://any.test', 'http://any.test'],
    [['https://app.test'], true, 'https://app.test', 'https://app.test'],
    [['https://app.test'], false, 'https://APP.test', undefined],
  ]
  for (const [allowOrigins, allowCredentials, origin, expected] of origins)
    test(`allowOrigins ${JSON.stringify(allowOrigins)}${allowCredentials ? ' with credentials' : ''}, Origin ${origin}`, async () => {
      const config = api({ cors: { ...cors, allowOrigins, allowCredentials } })
      const { response } = await send({ target: '/public', headers: [['Origin', origin]] }, config)
      assert.equal(header(response, 'access-control-allow-origin'), expected)
      assert.equal(
        header(response, 'access-control-allow-credentials'),
        allowCredentials && expected ? 'true' : undefined,
      )
    })
})
