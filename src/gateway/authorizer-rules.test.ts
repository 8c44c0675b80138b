// Every JWT authorizer rule (AG-JWT; aws-semantics.md §1.2), one second either side of each time
// boundary, through a real node:http server with a pinned clock and a local OIDC issuer.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startGateway } from '../../test/vectors/gateway/support/harness.js'
import { header, type RequestSpec } from '../../test/vectors/gateway/support/http.js'
import { type LocalIssuer, startIssuer } from '../../test/vectors/gateway/support/issuer.js'
import {
  accessClaims,
  api,
  authorizer,
  CLIENT_ID,
  ISSUER,
  idClaims,
  issuerKeys,
  mint,
  NOW,
  NOW_MS,
} from '../../test/vectors/gateway/support/vectors.js'
import { ManualClock } from '../core/index.js'
import type { ApiConfig } from './index.js'

let issuer: LocalIssuer
before(async () => {
  issuer = await startIssuer([{ issuer: ISSUER, keys: issuerKeys() }])
})
after(() => issuer.close())

interface Outcome {
  status: number
  auth: unknown
  ran: boolean
  challenge: string | undefined
  body: string
}

async function send(
  spec: RequestSpec | string,
  options: { clockMs?: number; config?: ApiConfig } = {},
): Promise<Outcome> {
  const gateway = await startGateway(options.config ?? api(), {
    clock: new ManualClock(options.clockMs ?? NOW_MS),
    fetch: issuer.fetch,
  })
  try {
    const response = await gateway.request(spec)
    return {
      status: response.status,
      auth: gateway.logs.find((l) => l.msg === 'request')?.auth,
      ran: gateway.calls.length > 0,
      challenge: header(response, 'www-authenticate'),
      body: response.body,
    }
  } finally {
    await gateway.close()
  }
}

const bearer = (token: string, target = '/private'): RequestSpec => ({
  target,
  headers: [['Authorization', `Bearer ${token}`]],
})

function expectAllowed(outcome: Outcome): void {
  assert.equal(outcome.status, 200)
  assert.equal(outcome.auth, 'allow')
  assert.equal(outcome.ran, true)
}

function expectRefused(outcome: Outcome, auth: string): void {
  assert.equal(outcome.auth, auth)
  assert.equal(outcome.ran, false, 'the handler must not run')
  if (auth.startsWith('401')) {
    assert.equal(outcome.status, 401)
    assert.equal(outcome.body, '{"message":"Unauthorized"}')
    assert.match(outcome.challenge ?? '', /^Bearer scope="" error="invalid_token" error_description=/)
  } else {
    assert.equal(outcome.status, 403)
    assert.equal(outcome.body, '{"message":"Forbidden"}')
    assert.match(outcome.challenge ?? '', /error="insufficient_scope"/)
  }
}

describe('time claims, one second either side (RFC 7519 §4.1.4–4.1.6, no leeway)', () => {
  const exp = NOW + 600
  const table: [string, Record<string, unknown>, number, string][] = [
    ['exp − 1 s', { exp }, exp - 1, 'allow'],
    ['exp exactly', { exp }, exp, '401 expired'],
    ['exp + 1 s', { exp }, exp + 1, '401 expired'],
    ['nbf − 1 s', { nbf: NOW + 10 }, NOW + 9, '401 nbf'],
    ['nbf exactly', { nbf: NOW + 10 }, NOW + 10, 'allow'],
    ['nbf + 1 s', { nbf: NOW + 10 }, NOW + 11, 'allow'],
    ['iat − 1 s (issued in the future)', { iat: NOW + 10 }, NOW + 9, '401 iat'],
    ['iat exactly', { iat: NOW + 10 }, NOW + 10, 'allow'],
    ['iat + 1 s', { iat: NOW + 10 }, NOW + 11, 'allow'],
    ['exp 1 ms away', { exp }, exp * 1000 - 1, 'allow'],
  ]
  for (const [name, claims, at, auth] of table)
    test(name, async () => {
      const clockMs = at > 1e11 ? at : at * 1000
      const outcome = await send(bearer(mint(accessClaims(claims))), { clockMs })
      if (auth === 'allow') expectAllowed(outcome)
      else expectRefused(outcome, auth)
    })
})

describe('issuer and audience (AG-JWT-TS: client_id only when there is no aud)', () => {
  const table: [string, Record<string, unknown>, string][] = [
    ['access token: no aud, client_id in audience', accessClaims(), 'allow'],
    ['ID token: aud in audience', idClaims(), 'allow'],
    ['aud list containing the audience', idClaims({ aud: ['other', CLIENT_ID] }), 'allow'],
    ['aud right, client_id wrong: only aud counts', idClaims({ client_id: 'wrong' }), 'allow'],
    ['aud wrong, client_id right', accessClaims({ aud: 'wrong' }), '401 audience'],
    ['neither aud nor client_id', accessClaims({ client_id: undefined }), '401 audience'],
    ['client_id as a list', accessClaims({ client_id: [CLIENT_ID] }), '401 audience'],
    ['aud list with a non-string', idClaims({ aud: [CLIENT_ID, 1] }), '401 audience'],
    ['iss exactly equal', accessClaims({ iss: ISSUER }), 'allow'],
    ['iss missing', accessClaims({ iss: undefined }), '401 issuer'],
  ]
  for (const [name, claims, auth] of table)
    test(name, async () => {
      const outcome = await send(bearer(mint(claims)))
      if (auth === 'allow') expectAllowed(outcome)
      else expectRefused(outcome, auth)
    })
})

describe('tokenUse option (security.md A22; the default is AWS parity)', () => {
  const scoped = (tokenUse: 'any' | 'access' | 'id') => api({ authorizers: [authorizer({ tokenUse })] })
  const table: [string, 'any' | 'access' | 'id', Record<string, unknown>, string, string][] = [
    ['any: ID token on a route without scopes', 'any', idClaims(), '/private', 'allow'],
    ['any: ID token on a route with scopes', 'any', idClaims(), '/profile', '403 scope'],
    ['any: access token on a route with scopes', 'any', accessClaims(), '/profile', 'allow'],
    ['access: ID token', 'access', idClaims(), '/private', '401 token_use'],
    ['access: access token', 'access', accessClaims(), '/private', 'allow'],
    ['id: access token', 'id', accessClaims(), '/private', '401 token_use'],
    ['id: ID token', 'id', idClaims(), '/private', 'allow'],
    [
      'access: token without token_use',
      'access',
      accessClaims({ token_use: undefined }),
      '/private',
      '401 token_use',
    ],
  ]
  for (const [name, tokenUse, claims, target, auth] of table)
    test(name, async () => {
      const outcome = await send(bearer(mint(claims), target), { config: scoped(tokenUse) })
      if (auth === 'allow') expectAllowed(outcome)
      else expectRefused(outcome, auth)
    })
})

describe('route scopes (security.md A23, A48): at least one, exact, scope or scp', () => {
  const table: [string, Record<string, unknown>, string][] = [
    ['scope "orders/write"', { scope: 'orders/write' }, 'allow'],
    ['scope among others', { scope: 'orders/read orders/write' }, 'allow'],
    ['scope with extra spaces', { scope: '  orders/write  ' }, 'allow'],
    ['scope "orders/read orders/writer"', { scope: 'orders/read orders/writer' }, '403 scope'],
    ['scope "ORDERS/WRITE" (case-sensitive)', { scope: 'ORDERS/WRITE' }, '403 scope'],
    ['scope as a list', { scope: ['orders/write'] }, '401 claims'],
    ['scope as a number', { scope: 7 }, '401 claims'],
    ['scp as a list', { scope: undefined, scp: ['orders/write'] }, 'allow'],
    ['scp as a string', { scope: undefined, scp: 'orders/read orders/write' }, 'allow'],
    ['scp list with a non-string', { scope: undefined, scp: ['orders/write', 1] }, '401 claims'],
    ['no scope at all', { scope: undefined }, '403 scope'],
    ['scope for another route (A48)', { scope: 'aws.cognito.signin.user.admin' }, '403 scope'],
  ]
  for (const [name, claims, auth] of table)
    test(name, async () => {
      const outcome = await send({ ...bearer(mint(accessClaims(claims)), '/orders'), method: 'POST' })
      if (auth === 'allow') expectAllowed(outcome)
      else expectRefused(outcome, auth)
    })

  test('403 names the route scopes in the challenge', async () => {
    const outcome = await send({ ...bearer(mint(accessClaims()), '/orders'), method: 'POST' })
    assert.equal(
      outcome.challenge,
      'Bearer scope="orders/write" error="insufficient_scope" error_description="the token does not have the required scope"',
    )
  })
})

describe('where the token is read from (security.md B35–B38)', () => {
  const token = mint(accessClaims())
  const table: [string, [string, string][], string, string][] = [
    ['no Authorization header (B35)', [], '/private', '401 missing'],
    ['"Bearer" alone', [['Authorization', 'Bearer']], '/private', '401 malformed'],
    ['"Bearer" and spaces only', [['Authorization', 'Bearer    ']], '/private', '401 malformed'],
    ['Basic credentials', [['Authorization', 'Basic YWxpY2U6c2VjcmV0']], '/private', '401 malformed'],
    ['token followed by junk', [['Authorization', `Bearer ${token} junk`]], '/private', '401 malformed'],
    ['"Bearer,<token>"', [['Authorization', `Bearer,${token}`]], '/private', '401 malformed'],
    ['"Token <token>"', [['Authorization', `Token ${token}`]], '/private', '401 malformed'],
    [
      'two tokens comma-joined',
      [['Authorization', `Bearer ${token}, Bearer ${token}`]],
      '/private',
      '401 malformed',
    ],
    ['token only in ?access_token= (B38)', [], `/private?access_token=${token}`, '401 missing'],
    ['token only in a cookie (B38)', [['Cookie', `access_token=${token}`]], '/private', '401 missing'],
    ['lower-case "bearer"', [['Authorization', `bearer ${token}`]], '/private', 'allow'],
    ['upper-case "BEARER"', [['Authorization', `BEARER ${token}`]], '/private', 'allow'],
    ['two spaces after Bearer', [['Authorization', `Bearer  ${token}`]], '/private', 'allow'],
    ['bare token', [['Authorization', token]], '/private', 'allow'],
    ['header name in any case', [['AUTHORIZATION', `Bearer ${token}`]], '/private', 'allow'],
  ]
  for (const [name, headers, target, auth] of table)
    test(name, async () => {
      const outcome = await send({ target, headers })
      if (auth === 'allow') expectAllowed(outcome)
      else expectRefused(outcome, auth)
    })

  test('two Authorization fields are 400 in either order, never 200 (B37)', async () => {
    const forged = mint(accessClaims(), { header: { kid: 'k2', alg: 'RS256' } }).replace(/.$/, 'A')
    for (const pair of [
      [token, forged],
      [forged, token],
      [token, token],
    ]) {
      const outcome = await send({
        target: '/private',
        headers: pair.map((t) => ['Authorization', `Bearer ${t}`]),
      })
      assert.equal(outcome.status, 400)
      assert.equal(outcome.body, '{"message":"Bad Request"}')
      assert.equal(outcome.ran, false)
    }
  })

  test('a duplicate Authorization field is refused on public routes too', async () => {
    const outcome = await send({
      target: '/public',
      headers: [
        ['Authorization', 'a'],
        ['authorization', 'b'],
      ],
    })
    assert.equal(outcome.status, 400)
  })

  test('identitySource $request.querystring.token', async () => {
    const config = api({ authorizers: [authorizer({ identitySource: '$request.querystring.token' })] })
    expectAllowed(await send(`/private?x=1&token=${token}`, { config }))
    expectRefused(await send(bearer(token), { config }), '401 missing')
  })

  test('identitySource on another header, and that header is a singleton', async () => {
    const config = api({ authorizers: [authorizer({ identitySource: '$request.header.X-Api-Token' })] })
    expectAllowed(await send({ target: '/private', headers: [['x-api-token', token]] }, { config }))
    const twice = await send(
      {
        target: '/private',
        headers: [
          ['X-Api-Token', token],
          ['X-Api-Token', token],
        ],
      },
      { config },
    )
    assert.equal(twice.status, 400)
  })
})

test('a token issued for another issuer discovered on real loopback fetch (no URL mapping)', async () => {
  const local = await startIssuer([])
  try {
    const iss = `${local.origin}/pool`
    local.setKeys('/pool', issuerKeys())
    const config = api({ authorizers: [authorizer({ issuer: iss })] })
    const gateway = await startGateway(config, { clock: new ManualClock(NOW_MS), fetch: globalThis.fetch })
    try {
      const ok = await gateway.request(bearer(mint(accessClaims({ iss }))))
      assert.equal(ok.status, 200)
      const wrong = await gateway.request(bearer(mint(accessClaims())))
      assert.equal(wrong.status, 401)
      assert.equal(gateway.calls.length, 1)
    } finally {
      await gateway.close()
    }
  } finally {
    await local.close()
  }
})
