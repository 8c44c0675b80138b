// The OAuth and hosted-UI negative catalogue (security.md §3 D67–D90, E102, F103–F110): each
// bad input gets its exact outcome, and nothing is issued or created on the way.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { get as httpsGet } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { ManualClock } from '../../src/core/index.js'
import { startUserPoolServer } from '../../src/server/index.js'
import { stageCertificate } from '../../src/server/tls.js'
import {
  Agent,
  CALLBACK,
  csrfOf,
  LOGOUT,
  type OidcFixture,
  PASSWORD,
  redirectParams,
  setUpOidc,
  signIn,
} from './oidc-helpers.js'

const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url')

let f: OidcFixture
let clock: ManualClock
before(async () => {
  clock = new ManualClock(Date.now())
  f = await setUpOidc({ clock })
})
after(() => f.pool.stop())

const codeParams = (extra: Record<string, string> = {}) => ({
  client_id: f.clientId,
  redirect_uri: CALLBACK,
  response_type: 'code',
  scope: 'openid email',
  code_challenge: CHALLENGE,
  code_challenge_method: 'S256',
  ...extra,
})

async function newCode(extra: Record<string, string> = {}, agent = new Agent()): Promise<string> {
  const res = await signIn(agent, f.issuer, codeParams(extra), { username: f.email, password: PASSWORD })
  assert.equal(res.status, 302)
  return redirectParams(res).get('code')!
}

function token(form: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${f.issuer}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  })
}

const redeem = (code: string, extra: Record<string, string> = {}) =>
  token({
    grant_type: 'authorization_code',
    client_id: f.clientId,
    code,
    redirect_uri: CALLBACK,
    code_verifier: VERIFIER,
    ...extra,
  })

async function oauthError(res: Response, error: string, status = 400) {
  assert.equal(res.status, status)
  assert.equal(res.headers.get('cache-control'), 'no-store')
  assert.equal(res.headers.get('pragma'), 'no-cache')
  assert.equal(((await res.json()) as { error: string }).error, error)
}

async function noRedirect(res: Response, messageId: string) {
  assert.equal(res.status, 400)
  assert.equal(res.headers.get('location'), null)
  assert.match(await res.text(), new RegExp(`data-message-id="${messageId}"`))
}

const authorize = (params: Record<string, string>) =>
  fetch(`${f.issuer}/oauth2/authorize?${new URLSearchParams(params)}`, { redirect: 'manual' })

describe('authorize', () => {
  test('an unregistered or near-miss redirect_uri is an error page, never a redirect (D67, D68)', async () => {
    for (const uri of [
      'https://evil.test/cb',
      'https://app.example.com/cb/',
      'https://app.example.com/cb?x=1',
      'https://app.example.com/cb#x',
      'https://app.example.com/cb/../evil',
      'https://app.example.com/CB',
      'https://APP.example.com/cb',
      'https://app.example.com:443/cb',
      'http://app.example.com/cb',
      'https://app.example.com.evil.test/cb',
      'https://app.example.com@evil.test/cb',
      'https://app.example.com/%63b',
      'https://app.example.com./cb',
      'http://127.0.0.1.evil.test:51234/cb',
    ])
      await noRedirect(await authorize(codeParams({ redirect_uri: uri })), 'unregistered-redirect')
    // A loopback callback may change only its port (D69).
    const loopback = await authorize(codeParams({ redirect_uri: 'http://127.0.0.1:51234/cb' }))
    assert.equal(loopback.status, 302)
    await noRedirect(await authorize(codeParams({ client_id: 'unknownclient' })), 'unknown-client')
    const twice = `${f.issuer}/oauth2/authorize?${new URLSearchParams(codeParams())}&redirect_uri=${encodeURIComponent(CALLBACK)}`
    await noRedirect(await fetch(twice, { redirect: 'manual' }), 'invalid-request')
  })

  test('PKCE problems and disallowed flows go back to the client as errors (D72, D81)', async () => {
    const errorOf = async (params: Record<string, string>, where: 'query' | 'fragment' = 'query') => {
      const res = await authorize(params)
      assert.equal(res.status, 302)
      const location = new URL(res.headers.get('location')!)
      assert.equal(location.origin + location.pathname, CALLBACK)
      const values = new URLSearchParams(where === 'query' ? location.search : location.hash.slice(1))
      assert.equal(values.get('state'), 's')
      return values.get('error')
    }
    const { code_challenge: _, code_challenge_method: __, ...noPkce } = codeParams({ state: 's' })
    assert.equal(await errorOf(noPkce), 'invalid_request')
    assert.equal(await errorOf(codeParams({ state: 's', code_challenge_method: 'plain' })), 'invalid_request')
    assert.equal(await errorOf({ ...noPkce, code_challenge: CHALLENGE }), 'invalid_request')
    assert.equal(await errorOf(codeParams({ state: 's', code_challenge: 'short' })), 'invalid_request')
    assert.equal(
      await errorOf(codeParams({ state: 's', response_type: 'id_token' })),
      'unsupported_response_type',
    )
    assert.equal(await errorOf(codeParams({ state: 's', scope: 'openid "x"' })), 'invalid_scope')
    assert.equal(
      await errorOf(
        { client_id: f.codeOnlyClientId, redirect_uri: CALLBACK, response_type: 'token', state: 's' },
        'fragment',
      ),
      'unauthorized_client',
    )
  })

  test('state with &, #, CR/LF and 2 KB is echoed exactly and encoded (D86)', async () => {
    for (const state of ['a&b=c#d', 'line\r\nSet-Cookie: x=1', 'x'.repeat(2048)]) {
      const agent = new Agent()
      const res = await signIn(agent, f.issuer, codeParams({ state }), {
        username: f.email,
        password: PASSWORD,
      })
      const location = res.headers.get('location')!
      assert.doesNotMatch(location, /[\r\n]/)
      assert.equal(redirectParams(res).get('state'), state)
      assert.equal(res.headers.get('set-cookie')?.includes('x=1'), false)
    }
  })

  test('unassigned scopes are dropped at authorize (D85)', async () => {
    const code = await newCode({ scope: 'openid api/write phone' })
    const tokens = (await (await redeem(code)).json()) as { access_token: string }
    const claims = JSON.parse(Buffer.from(tokens.access_token.split('.')[1]!, 'base64url').toString())
    assert.equal(claims.scope, 'openid')
  })
})

describe('token endpoint', () => {
  test('a wrong or missing verifier spends the code (D73, D74)', async () => {
    for (const first of [{ code_verifier: `${VERIFIER.slice(0, -1)}A` }, { code_verifier: '' }]) {
      const code = await newCode()
      const extra = first.code_verifier === '' ? {} : first
      const form = {
        grant_type: 'authorization_code',
        client_id: f.clientId,
        code,
        redirect_uri: CALLBACK,
        ...extra,
      }
      await oauthError(await token(form), 'invalid_grant')
      await oauthError(await redeem(code), 'invalid_grant')
    }
    await oauthError(await redeem(await newCode(), { code_verifier: 'a'.repeat(42) }), 'invalid_request')
    await oauthError(
      await redeem(await newCode(), { redirect_uri: 'http://localhost:3000/' }),
      'invalid_grant',
    )
    await oauthError(await redeem('AAAA'), 'invalid_grant')
  })

  test('a reused code fails and revokes what it issued (D76)', async () => {
    const code = await newCode({ scope: 'openid aws.cognito.signin.user.admin' })
    const first = await redeem(code)
    assert.equal(first.status, 200)
    const tokens = (await first.json()) as { access_token: string; refresh_token: string }
    await oauthError(await redeem(code), 'invalid_grant')
    await oauthError(
      await token({
        grant_type: 'refresh_token',
        client_id: f.clientId,
        refresh_token: tokens.refresh_token,
      }),
      'invalid_grant',
    )
    const info = await fetch(`${f.issuer}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    })
    assert.equal(info.status, 401)
  })

  test('20 parallel redemptions: exactly one success (D77)', async () => {
    const code = await newCode()
    const responses = await Promise.all(Array.from({ length: 20 }, () => redeem(code)))
    const statuses = responses.map((r) => r.status)
    assert.equal(statuses.filter((s) => s === 200).length, 1)
    assert.equal(statuses.filter((s) => s === 400).length, 19)
    // The other 19 were replays of a spent code: what the winner got is revoked (D76).
    const winner = (await responses.find((r) => r.status === 200)!.json()) as { refresh_token: string }
    const refreshed = await token({
      grant_type: 'refresh_token',
      client_id: f.clientId,
      refresh_token: winner.refresh_token,
    })
    await oauthError(refreshed, 'invalid_grant')
  })

  test('a replay that races the first redemption still revokes what it issued (D76)', async () => {
    const code = await newCode()
    // The winner stores its refresh token late, so the replay's revocation runs before it exists.
    const deps = f.pool.server.deps
    const store = deps.store
    deps.store = new Proxy(store, {
      get(target, name) {
        const value = Reflect.get(target, name)
        if (typeof value !== 'function') return value
        if (name !== 'insertRefreshToken') return value.bind(target)
        return async (...args: unknown[]) => {
          await new Promise((r) => setTimeout(r, 300))
          return value.apply(target, args)
        }
      },
    })
    try {
      const first = redeem(code)
      await new Promise((r) => setTimeout(r, 100))
      await oauthError(await redeem(code), 'invalid_grant')
      const won = await first
      assert.equal(won.status, 200)
      const { refresh_token } = (await won.json()) as { refresh_token: string }
      await oauthError(
        await token({ grant_type: 'refresh_token', client_id: f.clientId, refresh_token }),
        'invalid_grant',
      )
    } finally {
      deps.store = store
    }
  })

  test('codes expire after 5 minutes: one second either side (D78)', async () => {
    const fresh = await newCode()
    clock.advance(5 * 60_000 - 1000)
    assert.equal((await redeem(fresh)).status, 200)
    const stale = await newCode()
    clock.advance(5 * 60_000 + 1000)
    await oauthError(await redeem(stale), 'invalid_grant')
  })

  test('a refresh cannot widen the scope (D85)', async () => {
    const tokens = (await (await redeem(await newCode({ scope: 'openid' }))).json()) as {
      refresh_token: string
    }
    const refresh = (scope: string) =>
      token({
        grant_type: 'refresh_token',
        client_id: f.clientId,
        refresh_token: tokens.refresh_token,
        scope,
      })
    await oauthError(await refresh('openid email'), 'invalid_scope')
    assert.equal((await refresh('openid')).status, 200)
  })

  test('client authentication failures are invalid_client, never 500 (D80)', async () => {
    const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`
    const m2m = { grant_type: 'client_credentials', scope: 'api/read' }
    for (const secret of ['wrong', 'x', 'x'.repeat(10_240)]) {
      const res = await token(m2m, { authorization: basic(f.m2mClientId, secret) })
      await oauthError(res, 'invalid_client', 401)
      assert.match(res.headers.get('www-authenticate')!, /^Basic /)
      await oauthError(
        await token({ ...m2m, client_id: f.m2mClientId, client_secret: secret }),
        'invalid_client',
      )
    }
    await oauthError(
      await token(
        { ...m2m, client_secret: f.m2mSecret },
        { authorization: basic(f.m2mClientId, f.m2mSecret) },
      ),
      'invalid_request',
    )
    await oauthError(await token({ ...m2m, client_id: 'nobody', client_secret: 'x' }), 'invalid_client')
    assert.equal((await token(m2m, { authorization: basic(f.m2mClientId, f.m2mSecret) })).status, 200)
    await oauthError(await token({ ...m2m, client_id: f.clientId }), 'unauthorized_client')
  })

  test('method, body type and grant checks (D81, D82)', async () => {
    const get = await fetch(`${f.issuer}/oauth2/token`)
    assert.equal(get.status, 405)
    assert.equal(get.headers.get('allow'), 'POST')
    const jsonBody = await fetch(`${f.issuer}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    })
    await oauthError(jsonBody, 'invalid_request')
    await oauthError(await token({ grant_type: 'password', client_id: f.clientId }), 'unsupported_grant_type')
    await oauthError(await token({ client_id: f.clientId }), 'invalid_request')
    const cors = await authorize({ ...codeParams() })
    assert.equal(cors.headers.get('access-control-allow-origin'), null)
  })

  test('revocation answers 200 for unknown tokens and refuses JWTs', async () => {
    const revoke = (form: Record<string, string>) =>
      fetch(`${f.issuer}/oauth2/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form),
      })
    const unknown = await revoke({ client_id: f.clientId, token: 'not-a-token' })
    assert.equal(unknown.status, 200)
    assert.equal(await unknown.text(), '')
    await oauthError(await revoke({ client_id: f.clientId, token: 'a.b.c' }), 'unsupported_token_type')
    await oauthError(await revoke({ client_id: f.clientId }), 'invalid_request')
    await oauthError(await revoke({ client_id: 'nobody', token: 'x' }), 'invalid_client')
  })

  test('userInfo needs an access token with openid', async () => {
    const missing = await fetch(`${f.issuer}/oauth2/userInfo`)
    assert.equal(missing.status, 400)
    assert.match(missing.headers.get('www-authenticate')!, /error="invalid_request"/)
    const tokens = (await (
      await redeem(await newCode({ scope: 'aws.cognito.signin.user.admin' }))
    ).json()) as {
      access_token: string
      id_token?: string
    }
    assert.equal(tokens.id_token, undefined)
    const info = await fetch(`${f.issuer}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    })
    assert.equal(info.status, 401)
  })
})

describe('hosted pages', () => {
  test('CSRF: no token, another browser’s token, cross-site origin: 403 and no session (F106)', async () => {
    const query = new URLSearchParams(codeParams()).toString()
    const login = `${f.issuer}/login?${query}`
    const mine = new Agent()
    const theirs = new Agent()
    const myToken = csrfOf(await (await mine.get(login)).text())
    const theirToken = csrfOf(await (await theirs.get(login)).text())
    const credentials = { username: f.email, password: PASSWORD }
    const attempts: Array<[Record<string, string>, Record<string, string>]> = [
      [credentials, {}],
      [{ ...credentials, _csrf: theirToken }, {}],
      [{ ...credentials, _csrf: myToken }, { 'sec-fetch-site': 'cross-site' }],
      [{ ...credentials, _csrf: myToken }, { origin: 'https://evil.test' }],
    ]
    for (const [form, headers] of attempts) {
      const res = await mine.post(login, form, headers)
      assert.equal(res.status, 403)
      assert.match(await res.text(), /data-message-id="csrf"/)
      assert.equal(
        [...mine.cookies.keys()].some((k) => k.includes('session')),
        false,
      )
    }
    const ok = await mine.post(
      login,
      { ...credentials, _csrf: myToken },
      { origin: new URL(f.issuer).origin },
    )
    assert.equal(ok.status, 302)
  })

  test('a session id planted before login is never adopted (F107, session fixation)', async () => {
    const query = new URLSearchParams(codeParams()).toString()
    const login = async (agent: Agent) => {
      const page = await agent.get(`${f.issuer}/login?${query}`)
      return agent.post(`${f.issuer}/login?${query}`, {
        _csrf: csrfOf(await page.text()),
        username: f.email,
        password: PASSWORD,
      })
    }
    const sessionOf = (agent: Agent) =>
      [...agent.cookies].find(([name]) => name.startsWith('portcullis-session-'))
    const honest = new Agent()
    assert.equal((await login(honest)).status, 302)
    const [name] = sessionOf(honest)!
    const victim = new Agent()
    victim.cookies.set(name, 'attacker-chosen-session-id')
    assert.equal((await login(victim)).status, 302)
    const [, value] = sessionOf(victim)!
    assert.notEqual(value, 'attacker-chosen-session-id')
    // The attacker's copy of the planted id is not signed in.
    const attacker = new Agent()
    attacker.cookies.set(name, 'attacker-chosen-session-id')
    const res = await attacker.get(`${f.issuer}/oauth2/authorize?${query}`)
    assert.match(res.headers.get('location')!, /\/login\?/)
  })

  test('the session id changes on login; a second authorize skips the form; logout ends it (F107)', async () => {
    const agent = new Agent()
    const query = new URLSearchParams(codeParams()).toString()
    const page = await agent.get(`${f.issuer}/login?${query}`)
    const preCookies = new Map(agent.cookies)
    const res = await agent.post(`${f.issuer}/login?${query}`, {
      _csrf: csrfOf(await page.text()),
      username: f.email,
      password: PASSWORD,
    })
    assert.equal(res.status, 302)
    const cookies = res.headers.getSetCookie()
    assert.ok(
      cookies.some((c) =>
        /^portcullis-session-[^=]+=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=3600$/.test(c),
      ),
    )
    for (const [name, value] of preCookies) assert.notEqual(agent.cookies.get(name), value)
    const again = await agent.get(`${f.issuer}/oauth2/authorize?${query}`)
    assert.match(again.headers.get('location')!, /^https:\/\/app\.example\.com\/cb\?code=/)
    await noRedirect(
      await agent.get(`${f.issuer}/logout?client_id=${f.clientId}&logout_uri=https://evil.test/`),
      'logout-uri',
    )
    const out = await agent.get(
      `${f.issuer}/logout?${new URLSearchParams({ client_id: f.clientId, logout_uri: LOGOUT })}`,
    )
    assert.equal(out.status, 302)
    assert.equal(out.headers.get('location'), LOGOUT)
    const after = await agent.get(`${f.issuer}/oauth2/authorize?${query}`)
    assert.match(after.headers.get('location')!, /\/login\?/)
  })

  test('an unknown user and a wrong password get the same page and status (E102)', async () => {
    const attempt = async (username: string) => {
      const agent = new Agent()
      const res = await signIn(agent, f.issuer, codeParams(), { username, password: 'Wrong-Passw0rd!' })
      const body = await res.text()
      return { status: res.status, id: /data-message-id="([^"]+)"/.exec(body)?.[1] }
    }
    assert.deepEqual(await attempt('nobody@example.com'), await attempt(f.email))
    assert.deepEqual(await attempt(f.email), { status: 400, id: 'invalid-credentials' })
  })

  test('reflected input is escaped; pages carry the security headers (F103, F108)', async () => {
    const xss = '"><img src=x onerror=alert(1)><script>alert(1)</script>'
    const res = await fetch(`${f.issuer}/login?${new URLSearchParams(codeParams({ state: xss }))}`)
    const body = await res.text()
    assert.equal(res.status, 200)
    assert.equal(body.includes('<script>'), false)
    assert.equal(body.includes('<img src=x'), false)
    const csp = res.headers.get('content-security-policy')!
    assert.match(csp, /frame-ancestors 'none'/)
    assert.doesNotMatch(csp, /unsafe-inline/)
    assert.equal(res.headers.get('x-frame-options'), 'DENY')
    assert.equal(res.headers.get('cache-control'), 'no-store')
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer')
    const bad = await fetch(`${f.issuer}/login?client_id=${encodeURIComponent('<script>alert(1)</script>')}`)
    assert.equal(bad.status, 400)
    assert.equal((await bad.text()).includes('<script>alert'), false)
  })

  test('behind a TLS-terminating proxy (an https public URL) the cookies are __Host- and Secure too', async () => {
    const server = await startUserPoolServer({
      dataDir: f.pool.dataDir,
      port: 0,
      publicUrl: 'https://auth.example.test',
    })
    try {
      const res = await fetch(`${server.url}/${f.poolId}/login?${new URLSearchParams(codeParams())}`)
      assert.match(
        res.headers.get('set-cookie') ?? '',
        /^__Host-portcullis-csrf-[^=]+=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Secure$/,
      )
      assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=31536000/)
    } finally {
      await server.close()
    }
  })

  test('over HTTPS the cookies are __Host- and Secure, with HSTS (F105)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portcullis-tls-'))
    const tls = await stageCertificate(dir)
    const server = await startUserPoolServer({ dataDir: f.pool.dataDir, port: 0, https: tls })
    try {
      const url = `${server.url}/${f.poolId}/login?${new URLSearchParams(codeParams())}`
      const headers = await new Promise<Record<string, string | string[] | undefined>>((resolve, reject) =>
        httpsGet(url, { ca: tls.cert }, (res) => {
          res.resume()
          resolve(res.headers)
        }).on('error', reject),
      )
      const cookies = headers['set-cookie'] as string[]
      assert.match(
        cookies[0]!,
        /^__Host-portcullis-csrf-[^=]+=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Secure$/,
      )
      assert.match(String(headers['strict-transport-security']), /max-age=31536000/)
      assert.deepEqual(await stageCertificate(dir), tls)
    } finally {
      await server.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
