import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import { accessTokenClaims, type Issuance, idTokenClaims } from './claims.js'
import { generateSigningKey, jwksDocument } from './keys.js'
import { pickKey, TokenSigner } from './signer.js'

const issuance: Issuance = {
  issuer: 'http://127.0.0.1:9229/us-east-1_AbCdEfGhI',
  clientId: 'abcdefghijklmnopqrstuvwxyz',
  now: 1_800_000_000,
  authTime: 1_799_999_000,
  originJti: '6b0d9f5e-0000-4000-8000-000000000001',
  eventId: '6b0d9f5e-0000-4000-8000-000000000002',
  idTokenValidity: 3600,
  accessTokenValidity: 900,
  scope: 'aws.cognito.signin.user.admin',
}
const subject = {
  sub: '9dce2676-e401-4613-976f-762018d4a933',
  username: '9dce2676-e401-4613-976f-762018d4a933',
  attributes: {
    sub: '9dce2676-e401-4613-976f-762018d4a933',
    email: 'a@example.com',
    email_verified: 'false',
    'custom:tier': '3',
  },
}

test('ID and access tokens carry Cognito claim sets and are signed by different keys', async () => {
  const keys = [await generateSigningKey('id', 1), await generateSigningKey('access', 1)]
  assert.match(keys[0]!.kid, /^[A-Za-z0-9+/]{43}=$/)
  const signer = new TokenSigner()
  const id = await signer.sign(pickKey(keys, 'id'), idTokenClaims(subject, issuance, 'j1'))
  const access = await signer.sign(pickKey(keys, 'access'), accessTokenClaims(subject, issuance, 'j2'))
  assert.notEqual(decodeProtectedHeader(id).kid, decodeProtectedHeader(access).kid)
  assert.deepEqual(Object.keys(decodeProtectedHeader(id)).sort(), ['alg', 'kid'])

  const jwks = createLocalJWKSet(jwksDocument(keys))
  const opts = { issuer: issuance.issuer, currentDate: new Date((issuance.now + 1) * 1000) }
  const { payload: idc } = await jwtVerify(id, jwks, { ...opts, audience: issuance.clientId })
  assert.equal(idc.token_use, 'id')
  assert.equal(idc.email_verified, false)
  assert.equal(idc['custom:tier'], '3')
  assert.equal(idc['cognito:username'], subject.username)
  assert.equal(idc.exp, issuance.now + 3600)
  assert.equal(idc['cognito:groups'], undefined)

  const { payload: acc } = await jwtVerify(access, jwks, opts)
  assert.equal(acc.aud, undefined)
  assert.equal(acc.client_id, issuance.clientId)
  assert.equal(acc.scope, 'aws.cognito.signin.user.admin')
  assert.equal(acc.username, subject.username)
  assert.equal(acc.exp, issuance.now + 900)
  assert.equal(acc.origin_jti, issuance.originJti)
})

test('JWKS exposes only public members', async () => {
  const doc = jwksDocument([await generateSigningKey('id', 1)])
  assert.deepEqual(Object.keys(doc.keys[0]!).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use'])
})

test('groups appear in both tokens, in the given order, only when present', async () => {
  const grouped = { ...subject, groups: ['admins', 'readers'] }
  assert.deepEqual(idTokenClaims(grouped, issuance, 'j')['cognito:groups'], ['admins', 'readers'])
  assert.deepEqual(accessTokenClaims(grouped, issuance, 'j')['cognito:groups'], ['admins', 'readers'])
  assert.equal('cognito:groups' in accessTokenClaims({ ...subject, groups: [] }, issuance, 'j'), false)
})

test('read attributes limit the ID token', () => {
  const claims = idTokenClaims(subject, { ...issuance, readAttributes: new Set(['email']) }, 'j')
  assert.equal(claims.email, 'a@example.com')
  assert.equal('custom:tier' in claims, false)
  assert.equal('email_verified' in claims, false)
})
