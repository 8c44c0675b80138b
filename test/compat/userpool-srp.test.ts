// USER_SRP_AUTH through the AWS SDK v3: InitiateAuth and AdminInitiateAuth, PASSWORD_VERIFIER,
// simulated challenges for unknown users, refused claims, and the sealed verifier.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider'
import { decodeJwt } from 'jose'
import { startTestUserPool, type TestUserPool } from '../support/userpool.js'
import {
  confirmedUser,
  createPool,
  PASSWORD,
  passwordSignIn,
  rejectsWith,
  srpSignIn,
} from './userpool-helpers.js'

let pool: TestUserPool
before(async () => {
  pool = await startTestUserPool()
})
after(() => pool.stop())

describe('USER_SRP_AUTH', () => {
  let ids: { poolId: string; clientId: string }
  before(async () => {
    ids = await createPool(pool, { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] })
  })

  test('signs in through InitiateAuth and through AdminInitiateAuth; USER_ID_FOR_SRP is the UUID username', async () => {
    const sub = await confirmedUser(pool, ids, 'srp@example.com')
    for (const admin of [false, true]) {
      const { challenge, respond } = await srpSignIn(pool, ids, 'srp@example.com', PASSWORD, { admin })
      const params = challenge.ChallengeParameters!
      assert.deepEqual(Object.keys(params).sort(), [
        'SALT',
        'SECRET_BLOCK',
        'SRP_B',
        'USERNAME',
        'USER_ID_FOR_SRP',
      ])
      assert.equal(params.USER_ID_FOR_SRP, sub)
      assert.equal(params.USERNAME, sub)
      assert.match(params.SRP_B!, /^[0-9a-f]+$/)
      const { AuthenticationResult } = await respond()
      assert.equal(decodeJwt(AuthenticationResult!.IdToken!)['cognito:username'], sub)
      assert.ok(AuthenticationResult?.RefreshToken)
    }
  })

  test('a wrong password is NotAuthorizedException at the challenge; the SALT is stable', async () => {
    await confirmedUser(pool, ids, 'srp-wrong@example.com')
    const first = await srpSignIn(pool, ids, 'srp-wrong@example.com', 'Wrong-passw0rd')
    await rejectsWith(first.respond(), 'NotAuthorizedException', 'Incorrect username or password.')
    const second = await srpSignIn(pool, ids, 'srp-wrong@example.com', PASSWORD)
    assert.equal(second.challenge.ChallengeParameters!.SALT, first.challenge.ChallengeParameters!.SALT)
    assert.notEqual(second.challenge.ChallengeParameters!.SRP_B, first.challenge.ChallengeParameters!.SRP_B)
    await second.respond()
  })

  test('LEGACY: an unknown user is UserNotFoundException at InitiateAuth', async () => {
    await rejectsWith(
      srpSignIn(pool, ids, 'nobody@example.com', PASSWORD),
      'UserNotFoundException',
      'User does not exist.',
    )
  })

  test('ENABLED: an unknown user gets a stable simulated challenge and fails at the claim', async () => {
    const hidden = await createPool(
      pool,
      { UsernameAttributes: ['email'], UsernameConfiguration: { CaseSensitive: false } },
      { PreventUserExistenceErrors: 'ENABLED' },
    )
    const a = await srpSignIn(pool, hidden, 'ghost@example.com', PASSWORD)
    const b = await srpSignIn(pool, hidden, 'GHOST@example.com', 'other')
    for (const attempt of [a, b])
      await rejectsWith(attempt.respond(), 'NotAuthorizedException', 'Incorrect username or password.')
    const [pa, pb] = [a.challenge.ChallengeParameters!, b.challenge.ChallengeParameters!]
    assert.equal(pa.SALT, pb.SALT)
    assert.match(pa.USER_ID_FOR_SRP!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  test('claims that do not match the challenge are refused', async () => {
    await confirmedUser(pool, ids, 'srp-claims@example.com')
    const edits: Record<string, (r: Record<string, string>) => void> = {
      'another SECRET_BLOCK': (r) => {
        r.PASSWORD_CLAIM_SECRET_BLOCK = Buffer.from('forged').toString('base64')
      },
      'another USERNAME': (r) => {
        r.USERNAME = 'someone-else'
      },
      'a malformed TIMESTAMP': (r) => {
        r.TIMESTAMP = '2026-01-01T00:00:00Z'
      },
      'a forged signature': (r) => {
        r.PASSWORD_CLAIM_SIGNATURE = Buffer.alloc(32).toString('base64')
      },
    }
    for (const [name, edit] of Object.entries(edits)) {
      const attempt = await srpSignIn(pool, ids, 'srp-claims@example.com', PASSWORD, { edit })
      await rejectsWith(attempt.respond(), 'NotAuthorizedException', 'Incorrect username or password.').catch(
        (error) => assert.fail(`${name}: ${error}`),
      )
    }
  })

  test('the flow must be allowed on the client; SRP_A must be a valid public value', async () => {
    const passwordOnly = await createPool(
      pool,
      {},
      { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
    )
    await rejectsWith(
      srpSignIn(pool, passwordOnly, 'x', PASSWORD),
      'InvalidParameterException',
      'USER_SRP_AUTH flow not enabled for this client',
    )
    await rejectsWith(
      srpSignIn(pool, passwordOnly, 'x', PASSWORD, { admin: true }),
      'InvalidParameterException',
      'Auth flow not enabled for this client',
    )
    for (const SRP_A of ['0', 'zz', (2n ** 3072n).toString(16)])
      await rejectsWith(
        pool.anonymous.send(
          new InitiateAuthCommand({
            ClientId: ids.clientId,
            AuthFlow: 'USER_SRP_AUTH',
            AuthParameters: { USERNAME: 'srp@example.com', SRP_A },
          }),
        ),
        'InvalidParameterException',
      )
    await rejectsWith(
      pool.anonymous.send(
        new InitiateAuthCommand({
          ClientId: ids.clientId,
          AuthFlow: 'USER_SRP_AUTH',
          AuthParameters: { USERNAME: 'a' },
        }),
      ),
      'InvalidParameterException',
      'Missing required parameter SRP_A',
    )
  })

  test('a user whose password predates stored verifiers gets one at the next password sign-in', async () => {
    const sub = await confirmedUser(pool, ids, 'legacy@example.com')
    const user = (await pool.server.store.getUser(ids.poolId, sub))!
    await pool.server.store.saveUser({ ...user, srpVerifier: null })
    await rejectsWith(
      (await srpSignIn(pool, ids, 'legacy@example.com', PASSWORD)).respond(),
      'NotAuthorizedException',
    )
    await passwordSignIn(pool, ids.clientId, 'legacy@example.com', PASSWORD)
    assert.ok((await pool.server.store.getUser(ids.poolId, sub))?.srpVerifier)
    await (await srpSignIn(pool, ids, 'legacy@example.com', PASSWORD)).respond()
  })

  test('the verifier is stored sealed: nothing in the row is the hex verifier', async () => {
    const sub = await confirmedUser(pool, ids, 'sealed@example.com')
    const user = (await pool.server.store.getUser(ids.poolId, sub))!
    assert.match(user.srpVerifier!, /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
    const moved = {
      ...(await pool.server.store.getUser(ids.poolId, await confirmedUser(pool, ids, 'other@example.com')))!,
    }
    // A sealed verifier copied to another user's row does not open there.
    await pool.server.store.saveUser({ ...moved, srpVerifier: user.srpVerifier })
    await rejectsWith(
      (await srpSignIn(pool, ids, 'other@example.com', PASSWORD)).respond(),
      'NotAuthorizedException',
    )
  })
})
