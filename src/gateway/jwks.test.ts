// Keys come from the issuer by discovery, are cached, reloaded for an unknown kid at most once per
// cooldown, and a load failure is a 401 for that request (rule R5; security.md A8, B47).
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, beforeEach, describe, test } from 'node:test'
import { type Harness, startGateway } from '../../test/vectors/gateway/support/harness.js'
import { type LocalIssuer, startIssuer } from '../../test/vectors/gateway/support/issuer.js'
import { compact, privateKey, rs256 } from '../../test/vectors/gateway/support/jws.js'
import {
  accessClaims,
  api,
  authorizer,
  ISSUER,
  issuerKeys,
  keys,
  mint,
  NOW,
  NOW_MS,
} from '../../test/vectors/gateway/support/vectors.js'
import { ManualClock } from '../core/index.js'
import type { ApiConfig } from './index.js'

const DISCOVERY = `${ISSUER}/.well-known/openid-configuration`
const JWKS = `${ISSUER}/.well-known/jwks.json`
const PATH = new URL(ISSUER).pathname
const attacker = rs256(privateKey(keys.attacker.private))
const spare = rs256(privateKey(keys.spare.private))

let issuer: LocalIssuer
let clock: ManualClock
let gateway: Harness

before(async () => {
  issuer = await startIssuer([{ issuer: ISSUER, keys: issuerKeys() }])
})
after(() => issuer.close())
beforeEach(() => {
  issuer.fetches.length = 0
  issuer.setKeys(PATH, issuerKeys())
  issuer.failWith(0)
  clock = new ManualClock(NOW_MS)
})

async function withGateway(
  config: ApiConfig,
  run: () => Promise<void>,
  fetchImpl?: typeof fetch,
): Promise<void> {
  gateway = await startGateway(config, { clock, fetch: fetchImpl ?? issuer.fetch })
  try {
    await run()
  } finally {
    await gateway.close()
  }
}

const get = (token: string, target = '/private') =>
  gateway.request({ target, headers: [['Authorization', `Bearer ${token}`]] })
const lastAuth = () => gateway.logs.filter((l) => l.msg === 'request').at(-1)?.auth

describe('loading keys', () => {
  test('one discovery and one JWKS fetch serve many requests and many tokens', () =>
    withGateway(api(), async () => {
      for (let i = 0; i < 20; i++) assert.equal((await get(mint(accessClaims({ jti: `t${i}` })))).status, 200)
      assert.deepEqual(issuer.fetches, [DISCOVERY, JWKS])
    }))

  test('concurrent first requests share one load', () =>
    withGateway(api(), async () => {
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) => get(mint(accessClaims({ jti: `c${i}` })))),
      )
      assert.deepEqual(
        responses.map((r) => r.status),
        Array(10).fill(200),
      )
      assert.deepEqual(issuer.fetches, [DISCOVERY, JWKS])
    }))

  test('jwksUri skips discovery', () =>
    withGateway(api({ authorizers: [authorizer({ jwksUri: JWKS })] }), async () => {
      assert.equal((await get(mint(accessClaims()))).status, 200)
      assert.deepEqual(issuer.fetches, [JWKS])
    }))

  test('a discovery document naming another issuer is refused (OIDC Discovery §4.3)', async () => {
    const local = await startIssuer([])
    try {
      local.setKeys('/pool', issuerKeys())
      const config = api({ authorizers: [authorizer({ issuer: `${local.origin}/pool/` })] })
      await withGateway(
        config,
        async () => {
          assert.equal((await get(mint(accessClaims({ iss: `${local.origin}/pool/` })))).status, 401)
          assert.equal(lastAuth(), '401 jwks')
          assert.match(String(gateway.logs.find((l) => l.msg === 'jwks unavailable')?.reason), /names issuer/)
        },
        globalThis.fetch,
      )
    } finally {
      await local.close()
    }
  })
})

describe('unknown kid', () => {
  test('a flood of random kids causes no reload within the cooldown (A8)', () =>
    withGateway(api(), async () => {
      assert.equal((await get(mint(accessClaims()))).status, 200)
      for (let i = 0; i < 300; i++) {
        const response = await get(compact({ alg: 'RS256', kid: randomUUID() }, accessClaims(), attacker))
        assert.equal(response.status, 401)
      }
      assert.deepEqual(issuer.fetches, [DISCOVERY, JWKS])
      clock.advance(30_000)
      await get(compact({ alg: 'RS256', kid: randomUUID() }, accessClaims(), attacker))
      await get(compact({ alg: 'RS256', kid: randomUUID() }, accessClaims(), attacker))
      assert.deepEqual(issuer.fetches, [DISCOVERY, JWKS, JWKS])
    }))

  test('a new signing key is picked up by the first reload after the cooldown', () =>
    withGateway(api(), async () => {
      assert.equal((await get(mint(accessClaims()))).status, 200)
      issuer.setKeys(PATH, [...issuerKeys(), { ...keys.spare.public, kid: 'k3' }])
      const rotated = compact({ alg: 'RS256', kid: 'k3' }, accessClaims(), spare)
      assert.equal((await get(rotated)).status, 401)
      assert.equal(lastAuth(), '401 kid')
      clock.advance(29_999)
      assert.equal((await get(rotated)).status, 401)
      clock.advance(1)
      assert.equal((await get(rotated)).status, 200)
    }))
})

describe('the verified-token cache', () => {
  test('a cached token keeps working while the issuer is down', () =>
    withGateway(api(), async () => {
      const token = mint(accessClaims())
      assert.equal((await get(token)).status, 200)
      issuer.failWith(500)
      clock.advance(60_000)
      assert.equal((await get(token)).status, 200)
      assert.deepEqual(issuer.fetches, [DISCOVERY, JWKS])
    }))

  test('is never served at or past exp (B47)', () =>
    withGateway(api(), async () => {
      const token = mint(accessClaims({ exp: NOW + 60 }))
      assert.equal((await get(token)).status, 200)
      clock.set((NOW + 59) * 1000)
      assert.equal((await get(token)).status, 200)
      clock.set((NOW + 60) * 1000)
      assert.equal((await get(token)).status, 401)
      assert.equal(lastAuth(), '401 expired')
      clock.set((NOW + 61) * 1000)
      assert.equal((await get(token)).status, 401)
      assert.equal(gateway.calls.length, 2)
    }))

  test('drops tokens whose key left the JWKS', () =>
    withGateway(api(), async () => {
      const token = mint(accessClaims())
      assert.equal((await get(token)).status, 200)
      issuer.setKeys(
        PATH,
        issuerKeys().filter((k) => k.kid !== 'k1'),
      )
      clock.advance(30_000)
      assert.equal((await get(compact({ alg: 'RS256', kid: 'k9' }, accessClaims(), attacker))).status, 401)
      assert.equal((await get(token)).status, 401)
      assert.equal(lastAuth(), '401 kid')
      assert.equal((await get(mint(accessClaims(), { kid: 'k2' }))).status, 200)
    }))

  test('keys older than two hours are reloaded in the background', () =>
    withGateway(api(), async () => {
      const token = mint(accessClaims({ exp: NOW + 3 * 3600 }))
      assert.equal((await get(token)).status, 200)
      issuer.setKeys(
        PATH,
        issuerKeys().filter((k) => k.kid !== 'k1'),
      )
      clock.advance(2 * 3600 * 1000 + 1)
      assert.equal((await get(token)).status, 200, 'served while the reload runs')
      await new Promise((resolve) => setTimeout(resolve, 100))
      assert.equal((await get(token)).status, 401)
      assert.deepEqual(issuer.fetches, [DISCOVERY, JWKS, JWKS])
    }))

  test('route scopes are checked on every request, cached or not (A48)', () =>
    withGateway(api(), async () => {
      const token = mint(accessClaims({ scope: 'orders/read' }))
      assert.equal((await get(token)).status, 200)
      const response = await gateway.request({
        method: 'POST',
        target: '/orders',
        headers: [['Authorization', `Bearer ${token}`]],
      })
      assert.equal(response.status, 403)
    }))
})

describe('issuer failures are 401 for the request, never 500', () => {
  test('HTTP 500 from the issuer, then recovery after the retry interval', () =>
    withGateway(api(), async () => {
      issuer.failWith(500)
      const token = mint(accessClaims())
      assert.equal((await get(token)).status, 401)
      assert.equal(lastAuth(), '401 jwks')
      assert.match(String(gateway.logs.find((l) => l.msg === 'jwks unavailable')?.reason), /HTTP 500/)
      issuer.failWith(0)
      assert.equal((await get(token)).status, 401, 'no new attempt within a second')
      assert.equal(issuer.fetches.length, 1)
      clock.advance(1_000)
      assert.equal((await get(token)).status, 200)
    }))

  test('a JWKS over 150 000 bytes is refused', () =>
    withGateway(api(), async () => {
      const padding = Array.from({ length: 400 }, (_, i) => ({
        kty: 'oct',
        kid: `pad${i}`,
        k: 'x'.repeat(400),
      }))
      issuer.setKeys(PATH, [...issuerKeys(), ...padding])
      assert.equal((await get(mint(accessClaims()))).status, 401)
      assert.match(
        String(gateway.logs.find((l) => l.msg === 'jwks unavailable')?.reason),
        /larger than 150000 bytes/,
      )
    }))

  test('an issuer that never answers costs one bounded wait, then 401', () => {
    const signals: AbortSignal[] = []
    const hanging: typeof fetch = (_url, init) =>
      new Promise((_, reject) => {
        if (init?.signal) signals.push(init.signal)
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))
      })
    return withGateway(
      api(),
      async () => {
        assert.equal((await get(mint(accessClaims()))).status, 401)
        // The wait ended because the fetch's own deadline aborted it, not because it answered.
        assert.ok(
          signals.length > 0 && signals.every((s) => s.aborted),
          'every fetch carried a deadline that fired',
        )
        assert.equal(lastAuth(), '401 jwks')
      },
      hanging,
    )
  })
})
