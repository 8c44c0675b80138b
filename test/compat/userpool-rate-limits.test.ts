// Rate limits answer TooManyRequestsException at once: per-address request and failure budgets,
// forged forwarding headers ignored.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { ManualClock } from '../../src/core/index.js'
import { ACTIONS, createCognitoHandler } from '../../src/userpool/index.js'
import { startTestUserPool, type TestUserPool } from '../support/userpool.js'
import { countVerifications, createPool } from './userpool-helpers.js'

const WRONG = 'Wrong-passw0rd'

describe('rate limits answer TooManyRequestsException at once', () => {
  let limited: TestUserPool
  let limitedIds: { poolId: string; clientId: string }
  const frozen = new ManualClock(Date.now())
  before(async () => {
    limited = await startTestUserPool({ clock: frozen })
    // Before the first unauthenticated call, which creates the limiter from these settings.
    limited.server.deps.limits = {
      perIp: { perSecond: 0, burst: 40 },
      perClient: { perSecond: 0, burst: 100 },
      failuresPerIp: { perSecond: 0, burst: 3 },
    }
    limitedIds = await createPool(
      limited,
      { UsernameAttributes: ['email'] },
      { PreventUserExistenceErrors: 'ENABLED' },
    )
  })
  after(() => limited.stop())

  const raw = (target: string, body: unknown, sourceIp: string, headers: Record<string, string> = {}) =>
    createCognitoHandler(limited.server.deps, ACTIONS)(
      new Request('http://127.0.0.1/', {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
          ...headers,
        },
        body: JSON.stringify(body),
      }),
      { sourceIp },
    ).then(async (r) => ({ status: r.status, body: (await r.json()) as { __type: string } }))

  test('password spraying from one address stops after its failures, without hashing; others go on', async () => {
    const verifications = countVerifications(limited)
    const spray = (i: number, sourceIp: string, headers: Record<string, string> = {}) =>
      raw(
        'InitiateAuth',
        {
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: limitedIds.clientId,
          AuthParameters: { USERNAME: `victim-${i}@example.com`, PASSWORD: WRONG },
        },
        sourceIp,
        headers,
      )
    const types: string[] = []
    for (let i = 0; i < 6; i++) types.push((await spray(i, '192.0.2.1')).body.__type)
    assert.deepEqual(types, [
      'NotAuthorizedException',
      'NotAuthorizedException',
      'NotAuthorizedException',
      'TooManyRequestsException',
      'TooManyRequestsException',
      'TooManyRequestsException',
    ])
    assert.equal(verifications.count, 3)
    // A forged X-Forwarded-For does not make the address someone else.
    assert.equal(
      (await spray(7, '192.0.2.1', { 'x-forwarded-for': '198.51.100.7' })).body.__type,
      'TooManyRequestsException',
    )
    assert.equal((await spray(8, '192.0.2.2')).body.__type, 'NotAuthorizedException')
  })

  test('a burst of concurrent wrong passwords from one address checks no more than its budget', async () => {
    const verifications = countVerifications(limited)
    const types = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        raw(
          'InitiateAuth',
          {
            AuthFlow: 'USER_PASSWORD_AUTH',
            ClientId: limitedIds.clientId,
            AuthParameters: { USERNAME: `burst-${i}@example.com`, PASSWORD: WRONG },
          },
          '192.0.2.9',
        ).then((r) => r.body.__type),
      ),
    )
    assert.equal(types.filter((t) => t === 'NotAuthorizedException').length, 3, types.join(' '))
    assert.equal(types.filter((t) => t === 'TooManyRequestsException').length, 9, types.join(' '))
    assert.equal(verifications.count, 3)
  })

  test('an address that sends too many requests is refused with 400 TooManyRequestsException', async () => {
    const statuses: Array<[number, string]> = []
    for (let i = 0; i < 41; i++) {
      const { status, body } = await raw(
        'SignUp',
        { ClientId: limitedIds.clientId, Username: 'x', Password: 'x' },
        '192.0.2.3',
      )
      statuses.push([status, body.__type])
    }
    assert.deepEqual(statuses.at(-2), [400, 'InvalidParameterException'])
    assert.deepEqual(statuses.at(-1), [400, 'TooManyRequestsException'])
    assert.notEqual(
      (await raw('SignUp', { ClientId: limitedIds.clientId, Username: 'x', Password: 'x' }, '192.0.2.4')).body
        .__type,
      'TooManyRequestsException',
    )
  })

  test('an app client that sends too many requests is refused, whatever the address; others go on', async () => {
    const other = await createPool(limited, { UsernameAttributes: ['email'] })
    const signUp = (clientId: string, i: number) =>
      raw('SignUp', { ClientId: clientId, Username: 'x', Password: 'x' }, `198.51.100.${i % 200}`)
    const types: string[] = []
    for (let i = 0; i < 101; i++) types.push((await signUp(other.clientId, i)).body.__type)
    assert.equal(types.filter((t) => t === 'InvalidParameterException').length, 100)
    assert.equal(types.at(-1), 'TooManyRequestsException')
    assert.equal((await signUp(limitedIds.clientId, 7)).body.__type, 'InvalidParameterException')
  })
})
