// `portcullis dev --https`: the user pool and hosted UI over HTTPS with the stage's self-signed
// certificate; the browser's cookies are __Host- and Secure, and the API's authorizer reaches
// the pool's keys over HTTPS.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { type Browser, chromium } from 'playwright-core'
import { copyExample, type RunningApp, startCli } from '../support/app.js'

const CALLBACK = 'http://localhost:3000/'
let example: ReturnType<typeof copyExample>
let app: RunningApp
let browser: Browser

before(async () => {
  example = copyExample('http-api-cognito')
  app = await startCli(example.dir, ['dev', '--port', '0', '--https'])
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

test('sign up and in over HTTPS; __Host- Secure cookies; the API accepts the token', async () => {
  const hostedUi = Object.values(app.outputs.portcullis.userPools)[0]!.hostedUiUrl
  assert.match(hostedUi, /^https:\/\/127\.0\.0\.1:\d+\//)
  assert.doesNotMatch(app.output(), /plain HTTP/)
  const context = await browser.newContext({ ignoreHTTPSErrors: true })
  await context.route('**', (route) =>
    route.request().url().startsWith(CALLBACK)
      ? route.fulfill({ status: 200, body: 'callback' })
      : route.fallback(),
  )
  const page = await context.newPage()
  const clientId = String(app.outputs.HttpApiStack?.UserPoolClientId)
  const query = new URLSearchParams({
    client_id: clientId,
    response_type: 'token',
    scope: 'openid email',
    redirect_uri: CALLBACK,
  })
  await page.goto(`${hostedUi}/signup?${query}`)
  const email = 'tls@example.com'
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('Passw0rd!')
  await page.getByRole('button', { name: 'Sign up' }).click()
  const outbox = readFileSync(join(example.dir, '.portcullis/dev/outbox.jsonl'), 'utf8').trim().split('\n')
  await page.getByLabel('Verification code').fill(JSON.parse(outbox.at(-1)!).code)
  await page.getByRole('button', { name: 'Confirm' }).click()
  await page.getByLabel('Password').fill('Passw0rd!')
  const redirected = page.waitForResponse((r) => (r.headers().location ?? '').startsWith(CALLBACK))
  await page.getByRole('button', { name: 'Sign in' }).click()
  const fragment = new URLSearchParams(new URL((await redirected).headers().location!).hash.slice(1))
  const cookies = await context.cookies()
  assert.ok(cookies.length >= 2)
  for (const cookie of cookies) {
    assert.match(cookie.name, /^__Host-portcullis-/)
    assert.equal(cookie.secure, true)
    assert.equal(cookie.httpOnly, true)
    assert.equal(cookie.sameSite, 'Lax')
    assert.equal(cookie.path, '/')
  }
  const res = await fetch(`${app.outputs.HttpApiStack?.ApiEndpoint}/user/profile`, {
    headers: { Authorization: `Bearer ${fragment.get('access_token')}` },
  })
  assert.equal(res.status, 200)
  await context.close()
})
