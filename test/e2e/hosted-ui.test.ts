// Seed 003 in a real browser (Debian's Chromium through playwright-core): sign up on the hosted
// UI, confirm with the code from the outbox, sign in, take the tokens from the redirect to
// http://localhost:3000/ (intercepted: nothing listens there) and call the API with each; the
// same with the code flow and PKCE; a second authorize skips the form; framing is refused.
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { copyExample, type RunningApp, startCli } from '../support/app.js'

const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts/hosted-ui')
const CALLBACK = 'http://localhost:3000/'
const PASSWORD = 'Passw0rd!'

describe('hosted UI in a browser (seed 003)', () => {
  let example: ReturnType<typeof copyExample>
  let app: RunningApp
  let browser: Browser
  let hostedUi: string
  let api: string
  let clientId: string

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    example = copyExample('http-api-cognito')
    app = await startCli(example.dir, ['dev', '--port', '0'])
    const outputs = app.outputs
    api = String(outputs.HttpApiStack?.ApiEndpoint)
    clientId = String(outputs.HttpApiStack?.UserPoolClientId)
    hostedUi = Object.values(outputs.portcullis.userPools)[0]!.hostedUiUrl
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
  })
  after(async () => {
    await browser?.close()
    await app?.stop()
    example?.remove()
  })

  /** A fresh browser profile whose navigations to the callback are answered here. */
  async function newContext(): Promise<BrowserContext> {
    const context = await browser.newContext()
    // Every request is routed, so that redirects to the callback are intercepted too.
    await context.route('**', (route) =>
      route.request().url().startsWith(CALLBACK)
        ? route.fulfill({ status: 200, contentType: 'text/html', body: '<p>callback</p>' })
        : route.fallback(),
    )
    return context
  }

  const authorizeUrl = (params: Record<string, string>) =>
    `${hostedUi}/oauth2/authorize?${new URLSearchParams({ client_id: clientId, redirect_uri: CALLBACK, ...params })}`

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true })

  function lastCode(recipient: string): string {
    const lines = readFileSync(join(example.dir, '.portcullis/dev/outbox.jsonl'), 'utf8').trim().split('\n')
    const entry = lines
      .map((l) => JSON.parse(l))
      .filter((l) => l.recipient === recipient)
      .at(-1)
    assert.ok(entry, `a message to ${recipient}`)
    return entry.code
  }

  /**
   * The next redirect to the callback, read off the 302 itself: the browser's navigation there is
   * answered by the route above, but the Location header is the ground truth either way.
   */
  function nextCallback(page: Page): Promise<URL> {
    return page
      .waitForResponse((r) => r.status() === 302 && (r.headers().location ?? '').startsWith(CALLBACK))
      .then((r) => new URL(r.headers().location!))
  }

  async function claimsWith(token: string, path = '/user/profile') {
    const res = await fetch(`${api}${path}`, { headers: { Authorization: `Bearer ${token}` } })
    if (res.status !== 200) return { status: res.status, claims: {} as Record<string, string> }
    const body = (await res.json()) as {
      message: { requestContext: { authorizer: { jwt: { claims: Record<string, string> } } } }
    }
    return { status: 200, claims: body.message.requestContext.authorizer.jwt.claims }
  }

  test('implicit flow: sign up, confirm, sign in, tokens in the fragment, the API with each token', async () => {
    const context = await newContext()
    const page = await context.newPage()
    const email = 'ana@example.com'
    await page.goto(
      authorizeUrl({ response_type: 'token', scope: 'openid email profile', state: 'st-1', nonce: 'n-1' }),
    )
    assert.match(page.url(), /\/login\?/)
    assert.equal(await page.locator('h1').textContent(), 'UserPool')
    await shot(page, 'login')
    await page.getByRole('link', { name: /sign up/i }).click()
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(PASSWORD)
    await shot(page, 'signup')
    await page.getByRole('button', { name: 'Sign up' }).click()
    await page.getByLabel('Verification code').waitFor()
    await shot(page, 'confirm')
    await page.getByLabel('Verification code').fill(lastCode(email))
    await page.getByRole('button', { name: 'Confirm' }).click()
    await page.locator('[data-message-id="confirmed"]').waitFor()
    assert.equal(await page.getByLabel('Email').inputValue(), email)
    await page.getByLabel('Password').fill(PASSWORD)
    const redirected = nextCallback(page)
    await page.getByRole('button', { name: 'Sign in' }).click()
    const url = await redirected
    const fragment = new URLSearchParams(url.hash.slice(1))
    assert.deepEqual([...fragment.keys()], ['id_token', 'access_token', 'expires_in', 'token_type', 'state'])
    assert.equal(fragment.get('expires_in'), '3600')
    assert.equal(fragment.get('token_type'), 'Bearer')
    assert.equal(fragment.get('state'), 'st-1')
    assert.equal(url.search, '')

    const id = await claimsWith(fragment.get('id_token')!)
    const access = await claimsWith(fragment.get('access_token')!)
    assert.equal(id.status, 200)
    assert.equal(id.claims.token_use, 'id')
    assert.equal(id.claims.email, email)
    assert.equal(id.claims.nonce, 'n-1')
    assert.equal(id.claims.aud, clientId)
    assert.equal(access.claims.token_use, 'access')
    assert.equal(access.claims.scope, 'openid email profile')
    assert.equal(access.claims.client_id, clientId)
    assert.equal(access.claims.email, undefined)
    assert.equal(id.claims.sub, access.claims.sub)
    // The route that needs the custom scope refuses a token without it.
    assert.equal((await claimsWith(fragment.get('access_token')!, '/admin/profiles')).status, 403)

    // A second authorize in the same browser skips the sign-in form.
    const second = nextCallback(page)
    await page.goto(authorizeUrl({ response_type: 'token', scope: 'openid profiles/admin' })).catch(() => {})
    const again = new URLSearchParams((await second).hash.slice(1))
    const scoped = await claimsWith(again.get('access_token')!, '/admin/profiles')
    assert.equal(scoped.status, 200)
    assert.equal(scoped.claims.scope, 'openid profiles/admin')
    await context.close()
  })

  test('code flow with PKCE: the code is exchanged at /oauth2/token', async () => {
    const context = await newContext()
    const page = await context.newPage()
    const verifier = randomBytes(32).toString('base64url')
    const challenge = createHash('sha256').update(verifier).digest('base64url')
    await page.goto(
      authorizeUrl({
        response_type: 'code',
        scope: 'openid email aws.cognito.signin.user.admin',
        state: 'st-2',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }),
    )
    await page.getByLabel('Email').fill('ana@example.com')
    await page.getByLabel('Password').fill('wrong-Passw0rd!')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.locator('[data-message-id="invalid-credentials"]').waitFor()
    await shot(page, 'login-error')
    await page.getByLabel('Password').fill(PASSWORD)
    const redirected = nextCallback(page)
    await page.getByRole('button', { name: 'Sign in' }).click()
    const url = await redirected
    assert.equal(url.searchParams.get('state'), 'st-2')
    const res = await fetch(`${hostedUi}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: clientId,
        code: url.searchParams.get('code')!,
        redirect_uri: CALLBACK,
        code_verifier: verifier,
      }),
    })
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('cache-control'), 'no-store')
    const tokens = (await res.json()) as Record<string, string | number>
    assert.deepEqual(Object.keys(tokens).sort(), [
      'access_token',
      'expires_in',
      'id_token',
      'refresh_token',
      'token_type',
    ])
    const id = await claimsWith(String(tokens.id_token))
    const access = await claimsWith(String(tokens.access_token))
    assert.equal(id.claims.email, 'ana@example.com')
    assert.equal(access.claims.scope, 'openid email aws.cognito.signin.user.admin')
    assert.equal(access.claims.version, '2')
    await context.close()
  })

  test('forgot password and error pages render; framing by another origin is refused', async () => {
    const context = await newContext()
    const page = await context.newPage()
    await page.goto(
      authorizeUrl({
        response_type: 'code',
        scope: 'openid',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      }),
    )
    await page.getByRole('link', { name: /forgot/i }).click()
    await shot(page, 'forgot-password')
    await page.getByLabel('Email').fill('ana@example.com')
    await page.getByRole('button', { name: 'Send code' }).click()
    await page.getByLabel('New password again').waitFor()
    await shot(page, 'reset-password')
    const error = await page.goto(
      `${hostedUi}/oauth2/authorize?${new URLSearchParams({ client_id: clientId, response_type: 'code', redirect_uri: 'https://evil.test/' })}`,
    )
    assert.equal(error?.status(), 400)
    await page.locator('[data-message-id="unregistered-redirect"]').waitFor()
    await shot(page, 'error')

    const login = `${hostedUi}/login?${new URLSearchParams({ client_id: clientId, response_type: 'token', redirect_uri: CALLBACK })}`
    await context.route('http://embedder.test/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: `<iframe src="${login}"></iframe>` }),
    )
    await page.goto('http://embedder.test/')
    const frame = page.frames().find((f) => f !== page.mainFrame())
    assert.ok(frame)
    await page.waitForTimeout(0)
    assert.equal(await frame.$('input[name="password"]'), null)
    await shot(page, 'framed')
    await context.close()
  })
})
