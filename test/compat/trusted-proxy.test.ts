// Behind a trusted proxy the per-address limits key on the address the proxy saw, and entries a
// client wrote into X-Forwarded-For itself are ignored (security.md §3 E100, B45).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { rawCognito, startTestUserPool, type TestUserPool } from '../support/userpool.js'
import { createPool } from './userpool-helpers.js'

let pool: TestUserPool
let clientId: string

before(async () => {
  pool = await startTestUserPool({ trustedProxies: 1 })
  pool.server.deps.limits = { failuresPerIp: { perSecond: 0, burst: 3 } }
  ;({ clientId } = await createPool(
    pool,
    { UsernameAttributes: ['email'] },
    { PreventUserExistenceErrors: 'ENABLED' },
  ))
})
after(() => pool.stop())

const wrongPassword = (forwardedFor: string) =>
  rawCognito(
    pool.server.url,
    'InitiateAuth',
    JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: 'someone@example.com', PASSWORD: 'Wrong-passw0rd' },
    }),
    { 'x-forwarded-for': forwardedFor },
  ).then((r) => r.body.__type)

test('one address behind the proxy is limited; another is not, whatever it claims to be', async () => {
  const sprayer = []
  for (let i = 0; i < 5; i++) sprayer.push(await wrongPassword('198.51.100.1'))
  assert.deepEqual(sprayer, [
    'NotAuthorizedException',
    'NotAuthorizedException',
    'NotAuthorizedException',
    'TooManyRequestsException',
    'TooManyRequestsException',
  ])
  // The proxy appended the real peer (.2); the client's own claim to be .1 changes nothing.
  assert.equal(await wrongPassword('198.51.100.1, 198.51.100.2'), 'NotAuthorizedException')
  assert.equal(await wrongPassword('198.51.100.3'), 'NotAuthorizedException')
})
