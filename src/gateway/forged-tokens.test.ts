// security.md §3 A: every forged or malformed token of the committed vectors is answered 401 by the
// gateway, through a real node:http server, with a local OIDC issuer on 127.0.0.1 — and the
// handler never runs, and the issuer is contacted only for tokens whose header is sound.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startGateway } from '../../test/vectors/gateway/support/harness.js'
import { header } from '../../test/vectors/gateway/support/http.js'
import { type LocalIssuer, startIssuer } from '../../test/vectors/gateway/support/issuer.js'
import {
  api,
  ISSUER,
  issuerKeys,
  keys,
  NOW_MS,
  otherIssuerKeys,
  tokens,
} from '../../test/vectors/gateway/support/vectors.js'
import { ManualClock } from '../core/index.js'

let issuer: LocalIssuer
before(async () => {
  issuer = await startIssuer([
    { issuer: ISSUER, keys: issuerKeys() },
    { issuer: keys.otherIssuer, keys: otherIssuerKeys() },
  ])
})
after(() => issuer.close())

async function call(token: string, target = '/private') {
  const gateway = await startGateway(api(), { clock: new ManualClock(NOW_MS), fetch: issuer.fetch })
  const fetchedBefore = issuer.fetches.length
  try {
    const response = await gateway.request({ target, headers: [['Authorization', `Bearer ${token}`]] })
    return { response, gateway, fetched: issuer.fetches.slice(fetchedBefore) }
  } finally {
    await gateway.close()
  }
}

describe('control: the committed valid token passes', () => {
  test('200, handler ran once, keys fetched through discovery', async () => {
    const { response, gateway, fetched } = await call(tokens.valid)
    assert.equal(response.status, 200)
    assert.equal(gateway.calls.length, 1)
    assert.deepEqual(fetched, [
      `${ISSUER}/.well-known/openid-configuration`,
      `${ISSUER}/.well-known/jwks.json`,
    ])
  })
})

describe('forged tokens (security.md §3 A)', () => {
  for (const vector of tokens.cases)
    test(`A${vector.item} ${vector.id}: ${vector.title}`, async () => {
      const { response, gateway, fetched } = await call(vector.token)
      assert.equal(response.status, 401)
      assert.equal(response.body, '{"message":"Unauthorized"}')
      const challenge = header(response, 'www-authenticate') ?? ''
      assert.match(challenge, /^Bearer scope="" error="invalid_token" error_description="[^"]+"$/)
      assert.equal(gateway.calls.length, 0, 'the handler must not run')
      const line = gateway.logs.find((l) => l.msg === 'request')
      assert.equal(line?.auth, `401 ${vector.reason}`)
      assert.equal(line?.status, 401)
      assert.ok(
        !JSON.stringify(gateway.logs).includes(vector.token.slice(0, 40)),
        'the token is never logged',
      )
      if (!vector.fetch) assert.deepEqual(fetched, [], 'refused before any key lookup: no fetch at all')
      for (const url of fetched)
        assert.ok(url.startsWith(`${ISSUER}/`), `only the configured issuer is contacted: ${url}`)
    })

  test('A34: a bad signature is reported as such even when the token has also expired', async () => {
    const vector = tokens.cases.find((c) => c.id === 'bad-sig-expired')!
    const { response } = await call(vector.token)
    assert.doesNotMatch(header(response, 'www-authenticate') ?? '', /expired/)
  })
})
