import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { test } from 'node:test'
import type { UserRecord } from '../userpool/index.js'
import type { OAuthError } from './errors.js'
import { accessTokenHash } from './issue.js'
import { isValidS256Challenge, isValidVerifier, verifierMatches } from './pkce.js'
import { isRegisteredRedirect, withParameters } from './redirect.js'
import { grantScopes, parseScope } from './scopes.js'
import { userInfoClaims } from './userinfo.js'

const REGISTERED = [
  'https://app.example.com/cb',
  'http://localhost:3000/',
  'http://127.0.0.1/cb',
  'myapp://callback',
]

test('redirect_uri matches exactly (security.md §3 D68)', () => {
  for (const ok of [
    'https://app.example.com/cb',
    'http://localhost:3000/',
    'myapp://callback',
    'http://127.0.0.1:51234/cb',
  ])
    assert.equal(isRegisteredRedirect(ok, REGISTERED), true, ok)
  for (const bad of [
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
    'http://127.0.0.1:51234/other',
    'http://localhost:3001/',
    '',
  ])
    assert.equal(isRegisteredRedirect(bad, REGISTERED), false, bad)
})

test('parameters go into the query or the fragment, percent-encoded', () => {
  assert.equal(
    withParameters('https://a/cb', { code: 'x', state: 'a&b#c\r\n' }, 'query'),
    'https://a/cb?code=x&state=a%26b%23c%0D%0A',
  )
  assert.equal(withParameters('https://a/cb?k=v', { code: 'x' }, 'query'), 'https://a/cb?k=v&code=x')
  assert.equal(
    withParameters('http://localhost:3000/', { id_token: 't', token_type: 'Bearer' }, 'fragment'),
    'http://localhost:3000/#id_token=t&token_type=Bearer',
  )
})

test('scopes: unknown ones are ignored, none means all allowed, openid gates profile scopes', () => {
  const allowed = ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin', 'api/read']
  assert.deepEqual(grantScopes(undefined, allowed), allowed)
  assert.deepEqual(grantScopes(['openid', 'email', 'api/write'], allowed), ['openid', 'email'])
  assert.deepEqual(grantScopes(['email', 'api/read'], allowed), ['api/read'])
  assert.throws(
    () => grantScopes(['api/write'], allowed),
    (e: OAuthError) => e.error === 'invalid_scope',
  )
  assert.deepEqual(parseScope('openid  email openid'), ['openid', 'email'])
  assert.throws(
    () => parseScope('openid "x"'),
    (e: OAuthError) => e.error === 'invalid_scope',
  )
})

test('PKCE S256 (RFC 7636 appendix B vector)', () => {
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
  const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
  assert.equal(verifierMatches(verifier, challenge), true)
  assert.equal(verifierMatches(`${verifier.slice(0, -1)}l`, challenge), false)
  assert.equal(isValidVerifier(verifier), true)
  assert.equal(isValidVerifier('a'.repeat(42)), false)
  assert.equal(isValidVerifier('a'.repeat(129)), false)
  assert.equal(isValidVerifier(`${'a'.repeat(42)}!`), false)
  assert.equal(isValidS256Challenge(challenge), true)
  assert.equal(isValidS256Challenge(createHash('sha256').update('x').digest('hex')), false)
})

test('at_hash is the left half of SHA-256 over the access token (OIDC Core appendix A.3 vector)', () => {
  assert.equal(accessTokenHash('jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y'), '77QmUPtjPfzWtF2AnpK9RQ')
})

test('userInfo claims follow the scopes and the client’s readable attributes', () => {
  const user = {
    sub: 's',
    username: 'u',
    attributes: {
      sub: 's',
      email: 'e@x',
      email_verified: 'true',
      name: 'N',
      'custom:team': 't',
      phone_number: '+1',
    },
  } as unknown as UserRecord
  assert.deepEqual(userInfoClaims(user, new Set(['openid']), undefined), { sub: 's', username: 'u' })
  assert.deepEqual(userInfoClaims(user, new Set(['openid', 'email']), undefined), {
    sub: 's',
    email: 'e@x',
    email_verified: 'true',
    username: 'u',
  })
  assert.deepEqual(userInfoClaims(user, new Set(['openid', 'profile', 'phone']), ['name', 'phone_number']), {
    sub: 's',
    name: 'N',
    phone_number: '+1',
    username: 'u',
  })
})
