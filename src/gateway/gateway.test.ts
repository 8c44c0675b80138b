// The Gateway object: hot update without dropping requests in flight, configuration errors,
// and close.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startGateway } from '../../test/vectors/gateway/support/harness.js'
import { type LocalIssuer, startIssuer } from '../../test/vectors/gateway/support/issuer.js'
import {
  accessClaims,
  api,
  ISSUER,
  issuerKeys,
  mint,
  NOW_MS,
} from '../../test/vectors/gateway/support/vectors.js'
import { ManualClock, UserFacingError } from '../core/index.js'
import { createGateway, type InvokeOutcome } from './index.js'

let issuer: LocalIssuer
before(async () => {
  issuer = await startIssuer([{ issuer: ISSUER, keys: issuerKeys() }])
})
after(() => issuer.close())

describe('createGateway', () => {
  test('refuses an invalid definition with every problem listed', () => {
    const config = api({
      routes: [
        { routeKey: 'GET /x/', functionId: 'f' },
        { routeKey: 'GET /y', functionId: 'f', authorizer: 'nope' },
      ],
    })
    assert.throws(
      () => createGateway(config, { invoke: async () => ({ ok: true, result: null }) }),
      (error: unknown) =>
        error instanceof UserFacingError &&
        error.message.includes('routes["GET /x/"]: route keys may not end in /') &&
        error.message.includes('routes["GET /y"].authorizer: no authorizer named "nope"'),
    )
  })
})

describe('update', () => {
  test('swaps routes; a request in flight finishes on the definition it started with', async () => {
    let release: (outcome: InvokeOutcome) => void = () => {}
    const gateway = await startGateway(api(), {
      clock: new ManualClock(NOW_MS),
      handlers: { public: () => new Promise<InvokeOutcome>((resolve) => (release = resolve)) },
    })
    try {
      const inFlight = gateway.request('/public')
      while (gateway.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
      gateway.gateway.update(api({ routes: [{ routeKey: 'GET /new', functionId: 'new' }] }))
      assert.equal((await gateway.request('/new')).status, 200)
      assert.equal((await gateway.request('/public')).status, 404)
      release({ ok: true, result: { statusCode: 200, body: 'old' } })
      const response = await inFlight
      assert.equal(response.status, 200)
      assert.equal(response.body, 'old')
      assert.equal(gateway.logs.filter((l) => l.msg === 'request' && l.routeKey === 'GET /public').length, 1)
    } finally {
      await gateway.close()
    }
  })

  test('an invalid update throws and keeps the running definition', async () => {
    const gateway = await startGateway(api(), { clock: new ManualClock(NOW_MS) })
    try {
      assert.throws(
        () => gateway.gateway.update(api({ routes: [{ routeKey: 'GET /bad/', functionId: 'f' }] })),
        UserFacingError,
      )
      assert.equal((await gateway.request('/public')).status, 200)
    } finally {
      await gateway.close()
    }
  })

  test('an unchanged issuer keeps its keys and verified tokens across updates', async () => {
    const fetched = issuer.fetches.length
    const gateway = await startGateway(api(), { clock: new ManualClock(NOW_MS), fetch: issuer.fetch })
    try {
      const token = mint(accessClaims())
      const get = () =>
        gateway.request({ target: '/private', headers: [['Authorization', `Bearer ${token}`]] })
      assert.equal((await get()).status, 200)
      gateway.gateway.update(api({ cors: { allowOrigins: ['*'], allowMethods: ['GET'], allowHeaders: [] } }))
      assert.equal((await get()).status, 200)
      assert.equal(issuer.fetches.length - fetched, 2, 'discovery and JWKS once, not again after the update')
    } finally {
      await gateway.close()
    }
  })
})

describe('close', () => {
  test('later requests are answered 503 and no handler runs', async () => {
    const gateway = await startGateway(api(), { clock: new ManualClock(NOW_MS) })
    try {
      gateway.gateway.close()
      const response = await gateway.request('/public')
      assert.equal(response.status, 503)
      assert.equal(response.body, '{"message":"Service Unavailable"}')
      assert.equal(gateway.calls.length, 0)
    } finally {
      await gateway.close()
    }
  })
})
