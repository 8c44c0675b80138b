import assert from 'node:assert/strict'
import { test } from 'node:test'
import { errorPage, loginPage, type PageContext, signUpPage } from './pages.js'
import { isCrossSite, pageHeaders, readCookie, setCookie } from './security.js'

const ctx: PageContext = {
  poolName: 'Pool <script>alert(1)</script>',
  base: '/us-east-1_AbC123xyZ',
  query: 'client_id=abc&state=%22%3E%3Cimg%20src%3Dx%20onerror%3D1%3E',
  csrf: 'tok"en',
  usernameLabel: 'Email',
}

test('everything reflected is escaped (security.md §3 F108)', async () => {
  const page = await loginPage(ctx, { error: 'invalid-credentials', username: '"><script>x()</script>' })
  assert.equal(page.includes('<script>'), false)
  assert.match(page, /Pool &lt;script&gt;alert\(1\)&lt;\/script&gt;/)
  assert.match(page, /value="&quot;&gt;&lt;script&gt;x\(\)&lt;\/script&gt;"/)
  assert.match(page, /name="_csrf" value="tok&quot;en"/)
  assert.match(page, /action="\/us-east-1_AbC123xyZ\/login\?client_id=abc&amp;state=%22%3E%3Cimg/)
})

test('forms have labels tied to their inputs and errors carry stable ids', async () => {
  const page = await loginPage(ctx, { error: 'invalid-credentials' })
  for (const name of ['username', 'password']) {
    assert.match(page, new RegExp(`<label for="field-${name}">`))
    assert.match(page, new RegExp(`<input id="field-${name}" name="${name}"`))
  }
  assert.match(page, /role="alert" id="message" data-message-id="invalid-credentials"/)
  assert.match(page, /<html lang="en">/)
})

test('the sign-up page shows required attributes and the password policy', async () => {
  const page = await signUpPage(ctx, {
    attributes: [{ name: 'given_name', label: 'Given name' }],
    rules: { minLength: 10, uppercase: true, lowercase: false, numbers: true, symbols: false },
  })
  assert.match(page, /name="given_name"/)
  assert.match(page, /At least 10 characters/)
  assert.match(page, /an uppercase letter/)
  assert.doesNotMatch(page, /a lowercase letter/)
})

test('error pages say what went wrong without echoing input', async () => {
  const page = await errorPage('Pool', 'unregistered-redirect')
  assert.match(page, /data-message-id="unregistered-redirect"/)
})

test('security headers and cookies', () => {
  const headers = pageHeaders(true)
  assert.match(headers['content-security-policy']!, /frame-ancestors 'none'/)
  assert.match(headers['content-security-policy']!, /base-uri 'none'/)
  assert.match(headers['content-security-policy']!, /object-src 'none'/)
  assert.doesNotMatch(headers['content-security-policy']!, /unsafe-inline|script-src/)
  assert.equal(headers['x-frame-options'], 'DENY')
  assert.equal(headers['cache-control'], 'no-store')
  assert.equal(headers['referrer-policy'], 'no-referrer')
  assert.equal(
    setCookie('__Host-s', 'v', { secure: true }),
    '__Host-s=v; Path=/; HttpOnly; SameSite=Lax; Secure',
  )
  assert.equal(readCookie('a=1; __Host-s=v; b=2', '__Host-s'), 'v')
  const h = (init: Record<string, string>) => new Headers(init)
  assert.equal(isCrossSite(h({ 'sec-fetch-site': 'cross-site' }), 'http://x'), true)
  assert.equal(isCrossSite(h({ origin: 'https://evil.test' }), 'http://x'), true)
  assert.equal(isCrossSite(h({ origin: 'http://x', 'sec-fetch-site': 'same-origin' }), 'http://x'), false)
  assert.equal(isCrossSite(h({}), 'http://x'), false)
})
