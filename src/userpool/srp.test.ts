import assert from 'node:assert/strict'
import { getDiffieHellman, randomBytes, randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js'
import { Amplify } from 'aws-amplify'
import { signIn } from 'aws-amplify/auth'
import {
  aliceAccounts,
  CLIENT_ID,
  type FakeCognito,
  fakeCognito,
  POOL_ID,
} from '../../test/vectors/srp/fake-cognito.js'
import {
  generateSrpVectors,
  type SrpVector,
  serializeSrpVectors,
  VECTORS_FILE,
} from '../../test/vectors/srp/generate.js'
import {
  clientGroup,
  clientNowString,
  clientPadHex,
  clientSignature,
  SrpClient,
} from '../../test/vectors/srp/oracle.js'
import {
  createSrpVerifier,
  fakeSrpVerifier,
  formatSrpTimestamp,
  type PasswordClaim,
  padHex,
  parseSrpTimestamp,
  SRP_N,
  SrpPublicValueError,
  type SrpVerifier,
  startSrpSession,
  verifyPasswordClaim,
} from './srp.js'

const fixedRandom = (hex: string) => ({ bytes: () => Buffer.from(hex, 'hex') })

/** A claim made by the real client against a fresh server session. */
function clientClaim(
  poolName: string,
  userIdForSrp: string,
  password: string,
  verifier: SrpVerifier,
  timestamp = formatSrpTimestamp(new Date()),
): PasswordClaim {
  const client = new SrpClient(poolName)
  const session = startSrpSession(verifier, client.A)
  const secretBlock = randomBytes(64).toString('base64')
  const key = client.passwordKey(userIdForSrp, password, session.B, verifier.salt)
  const signature = clientSignature(poolName, userIdForSrp, secretBlock, timestamp, key)
  return { poolName, userIdForSrp, verifier, session, secretBlock, timestamp, signature }
}

describe('group and encoding', () => {
  test('N is the RFC 5054 3072-bit group (RFC 3526 modp15) the client hard-codes', () => {
    assert.equal(SRP_N, BigInt(`0x${getDiffieHellman('modp15').getPrime('hex')}`))
    assert.equal(SRP_N.toString(16), clientGroup.N.toString(16))
  })

  test('padHex matches the client for positive and negative values', () => {
    const values = [0n, 1n, 0x14n, 0x7fn, 0x80n, 0xecn, 0xffn, 0x100n, 0x8000n, 0x7f80n, SRP_N, SRP_N - 1n]
    for (let i = 0; i < 20; i++) values.push(BigInt(`0x${randomBytes(1 + i).toString('hex')}`))
    for (const value of [...values, ...values.filter((v) => v > 0n).map((v) => -v)]) {
      const hex = value < 0n ? `-${(-value).toString(16)}` : value.toString(16)
      assert.equal(padHex(value), clientPadHex(hex).toLowerCase(), `padHex(${hex})`)
    }
  })
})

describe('committed vectors (test/vectors/srp/vectors.json)', () => {
  const vectors = JSON.parse(readFileSync(VECTORS_FILE, 'utf8')) as SrpVector[]

  test('the file is what generate.ts produces', () => {
    assert.equal(readFileSync(VECTORS_FILE, 'utf8'), serializeSrpVectors(generateSrpVectors()))
  })

  for (const vector of vectors) {
    test(`reproduces: ${vector.name}`, () => {
      const { poolName, userIdForSrp, password } = vector
      const verifier = createSrpVerifier(poolName, userIdForSrp, password, Buffer.from(vector.salt, 'hex'))
      assert.deepEqual(verifier, { salt: vector.salt, verifier: vector.verifier })
      const session = startSrpSession(verifier, vector.A, fixedRandom(vector.b))
      assert.equal(session.b, vector.b)
      assert.equal(session.B, vector.B)
      const claim = { poolName, userIdForSrp, verifier, session, secretBlock: vector.secretBlock }
      assert.equal(
        verifyPasswordClaim({ ...claim, timestamp: vector.timestamp, signature: vector.signature }),
        true,
      )
      const forged = `${vector.signature.startsWith('A') ? 'B' : 'A'}${vector.signature.slice(1)}`
      assert.equal(verifyPasswordClaim({ ...claim, timestamp: vector.timestamp, signature: forged }), false)
    })
  }
})

describe('round trip with the client math', () => {
  const accounts = [
    { poolName: 'AbC123xyZ', userIdForSrp: 'alice', password: 'Passw0rd!' },
    { poolName: 'Local01', userIdForSrp: 'ñandú-用户', password: 'pässwörd-密码-🔑' },
    { poolName: 'ZZ9plural', userIdForSrp: randomUUID(), password: 'x'.repeat(1000) },
    { poolName: 'p1', userIdForSrp: 'carol@example.com', password: ' with: colons and spaces ' },
  ]

  for (const { poolName, userIdForSrp, password } of accounts) {
    test(`accepts the right password: ${userIdForSrp.slice(0, 20)}`, () => {
      const verifier = createSrpVerifier(poolName, userIdForSrp, password)
      assert.match(verifier.salt, /^[0-9a-f]{32}$/)
      assert.equal(verifyPasswordClaim(clientClaim(poolName, userIdForSrp, password, verifier)), true)
    })
  }

  test('rejects a wrong password', () => {
    const verifier = createSrpVerifier('AbC123xyZ', 'alice', 'Passw0rd!')
    for (const wrong of ['Passw0rd', 'passw0rd!', 'Passw0rd! ', ''])
      assert.equal(verifyPasswordClaim(clientClaim('AbC123xyZ', 'alice', wrong, verifier)), false, wrong)
  })

  test('rejects any tampered field of an otherwise valid claim', () => {
    const verifier = createSrpVerifier('AbC123xyZ', 'alice', 'Passw0rd!')
    const claim = clientClaim('AbC123xyZ', 'alice', 'Passw0rd!', verifier, 'Sat Sep 5 09:03:07 UTC 2026')
    assert.equal(verifyPasswordClaim(claim), true)
    const other = clientClaim('AbC123xyZ', 'alice', 'Passw0rd!', verifier)
    const flip = (base64: string) => {
      const bytes = Buffer.from(base64, 'base64')
      bytes[0] = (bytes[0] ?? 0) ^ 1
      return bytes.toString('base64')
    }
    const tampered: Record<string, Partial<PasswordClaim>> = {
      'secret block': { secretBlock: flip(claim.secretBlock) },
      timestamp: { timestamp: 'Sat Sep 5 09:03:08 UTC 2026' },
      'zero-padded timestamp': { timestamp: 'Sat Sep 05 09:03:07 UTC 2026' },
      signature: { signature: flip(claim.signature) },
      'empty signature': { signature: '' },
      'pool name': { poolName: 'AbC123xyz' },
      'user id': { userIdForSrp: 'alice ' },
      "another exchange's session": { session: other.session },
      "another exchange's signature": { signature: other.signature },
      'another verifier': { verifier: createSrpVerifier('AbC123xyZ', 'alice', 'Passw0rd!') },
    }
    for (const [field, change] of Object.entries(tampered))
      assert.equal(verifyPasswordClaim({ ...claim, ...change }), false, field)
  })

  test('SRP_A in upper case or with leading zeros is the same A', () => {
    const verifier = createSrpVerifier('p1', 'dave', 'secret-1')
    const client = new SrpClient('p1')
    for (const A of [client.A.toUpperCase(), `0000${client.A}`]) {
      const session = startSrpSession(verifier, A)
      const key = client.passwordKey('dave', 'secret-1', session.B, verifier.salt)
      const timestamp = formatSrpTimestamp(new Date())
      const signature = clientSignature('p1', 'dave', 'AAAA', timestamp, key)
      const claim = {
        poolName: 'p1',
        userIdForSrp: 'dave',
        verifier,
        session,
        secretBlock: 'AAAA',
        timestamp,
      }
      assert.equal(verifyPasswordClaim({ ...claim, signature }), true)
    }
  })
})

describe('SRP_A the server must refuse', () => {
  const verifier = createSrpVerifier('p1', 'erin', 'secret-1')
  const N = SRP_N.toString(16)
  const refused: Record<string, string> = {
    zero: '0',
    'A = N (A % N = 0, RFC 5054 §2.5.4)': N,
    'A = 2N': (2n * SRP_N).toString(16),
    'A = N + 1 (not reduced)': (SRP_N + 1n).toString(16),
    empty: '',
    'not hex': 'xyz',
    negative: '-1',
    '0x prefix': '0x10',
    'too long': `1${'0'.repeat(1024)}`,
  }
  for (const [name, A] of Object.entries(refused))
    test(name, () => assert.throws(() => startSrpSession(verifier, A), SrpPublicValueError))
})

describe('fakeSrpVerifier', () => {
  const key = Buffer.from('test-key-for-fake-verifiers-0123')

  test('is stable per key, pool and username, and different across them', () => {
    const fake = fakeSrpVerifier(key, 'p1', 'nobody')
    assert.deepEqual(fakeSrpVerifier(key, 'p1', 'nobody'), fake)
    assert.match(fake.salt, /^[0-9a-f]{32}$/)
    const others = [
      fakeSrpVerifier(key, 'p1', 'nobody2'),
      fakeSrpVerifier(key, 'p2', 'nobody'),
      fakeSrpVerifier(Buffer.from('another-key'), 'p1', 'nobody'),
    ]
    for (const other of others) {
      assert.notEqual(other.salt, fake.salt)
      assert.notEqual(other.verifier, fake.verifier)
    }
    assert.match(fakeSrpVerifier(key, 'p1', 'ü'.repeat(5000)).salt, /^[0-9a-f]{32}$/)
  })

  test('no password passes it', () => {
    const fake = fakeSrpVerifier(key, 'p1', 'nobody')
    for (const password of ['', 'nobody', 'Passw0rd!'])
      assert.equal(verifyPasswordClaim(clientClaim('p1', 'nobody', password, fake)), false)
  })
})

describe('TIMESTAMP', () => {
  const dates = [
    '2026-09-05T09:03:07Z',
    '2026-01-01T00:00:00Z',
    '2025-12-31T23:59:59Z',
    '2028-02-29T12:05:09Z',
    '2026-10-10T10:10:10Z',
  ]

  test('formats a single-digit day without padding', () => {
    assert.equal(formatSrpTimestamp(new Date('2026-09-05T09:03:07Z')), 'Sat Sep 5 09:03:07 UTC 2026')
  })

  test("matches the client's DateHelper", (t) => {
    for (const iso of dates) {
      t.mock.timers.enable({ apis: ['Date'], now: new Date(iso) })
      assert.equal(formatSrpTimestamp(new Date(iso)), clientNowString(), iso)
      t.mock.timers.reset()
    }
  })

  test('parses what it formats, and a zero-padded day', () => {
    for (const iso of dates)
      assert.equal(
        parseSrpTimestamp(formatSrpTimestamp(new Date(iso)))?.toISOString(),
        new Date(iso).toISOString(),
      )
    assert.equal(parseSrpTimestamp('Sat Sep 05 09:03:07 UTC 2026')?.toISOString(), '2026-09-05T09:03:07.000Z')
  })

  test('refuses anything else', () => {
    for (const value of [
      '',
      'Fri Sep 5 09:03:07 UTC 2026',
      'Wed Sep 31 09:03:07 UTC 2026',
      'Sat Sep 5 9:03:07 UTC 2026',
      'Sat Sep 5 24:00:00 UTC 2026',
      'Sat Sep 5 09:60:07 UTC 2026',
      'Sat Sep 5 09:03:07 GMT 2026',
      'Sat Sep 5 09:03:07 UTC 2026 ',
      'sat sep 5 09:03:07 UTC 2026',
      'Sat Sept 5 09:03:07 UTC 2026',
      '2026-09-05T09:03:07Z',
    ])
      assert.equal(parseSrpTimestamp(value), undefined, value)
  })
})

function assertWireShapes(cognito: FakeCognito): void {
  const [initiate, respond] = cognito.requests
  const authParameters = initiate?.body.AuthParameters as Record<string, string>
  assert.match(authParameters.SRP_A ?? '', /^[0-9a-f]+$/)
  const responses = respond?.body.ChallengeResponses as Record<string, string>
  const challenge = cognito.challenges[0]
  assert.equal(respond?.body.ChallengeName, 'PASSWORD_VERIFIER')
  assert.equal(responses.USERNAME, challenge?.USER_ID_FOR_SRP)
  assert.equal(responses.PASSWORD_CLAIM_SECRET_BLOCK, challenge?.SECRET_BLOCK)
  assert.match(
    responses.TIMESTAMP ?? '',
    /^[A-Z][a-z]{2} [A-Z][a-z]{2} [1-9]\d? \d{2}:\d{2}:\d{2} UTC \d{4}$/,
  )
  assert.match(responses.PASSWORD_CLAIM_SIGNATURE ?? '', /^[A-Za-z0-9+/]{43}=$/)
}

describe('amazon-cognito-identity-js CognitoUser.authenticateUser over the wire', () => {
  const pool = new CognitoUserPool({
    UserPoolId: POOL_ID,
    ClientId: CLIENT_ID,
    endpoint: 'http://cognito.invalid/',
  })
  const authenticate = (username: string, password: string) =>
    new Promise<{ ok: true } | { ok: false; code: string }>((resolve) => {
      new CognitoUser({ Username: username, Pool: pool }).authenticateUser(
        new AuthenticationDetails({ Username: username, Password: password }),
        {
          onSuccess: () => resolve({ ok: true }),
          onFailure: (error: { code?: string }) => resolve({ ok: false, code: error.code ?? String(error) }),
        },
      )
    })

  test('signs in with the right password; the wire parameters have the expected shapes', async (t) => {
    const cognito = fakeCognito(aliceAccounts())
    t.mock.method(globalThis, 'fetch', cognito.fetchStub)
    assert.deepEqual(await authenticate('alice', 'Passw0rd!'), { ok: true })
    assertWireShapes(cognito)
  })

  test('a wrong password and an unknown user fail alike at the proof, with a stable SALT', async (t) => {
    const cognito = fakeCognito(aliceAccounts())
    t.mock.method(globalThis, 'fetch', cognito.fetchStub)
    assert.deepEqual(await authenticate('alice', 'Passw0rd?'), { ok: false, code: 'NotAuthorizedException' })
    assert.deepEqual(await authenticate('mallory', 'Passw0rd!'), {
      ok: false,
      code: 'NotAuthorizedException',
    })
    assert.deepEqual(await authenticate('mallory', 'other'), { ok: false, code: 'NotAuthorizedException' })
    assert.equal(cognito.challenges[1]?.SALT, cognito.challenges[2]?.SALT)
    assert.notEqual(cognito.challenges[1]?.SRP_B, cognito.challenges[2]?.SRP_B)
  })
})

describe('Amplify v6 signIn (default USER_SRP_AUTH) over the wire', () => {
  Amplify.configure({
    Auth: {
      Cognito: {
        userPoolId: POOL_ID,
        userPoolClientId: CLIENT_ID,
        userPoolEndpoint: 'http://cognito.invalid',
      },
    },
  })

  test('a wrong password is NotAuthorizedException, the right one signs in', async (t) => {
    const cognito = fakeCognito(aliceAccounts())
    t.mock.method(globalThis, 'fetch', cognito.fetchStub)
    await assert.rejects(signIn({ username: 'alice', password: 'wrong' }), { name: 'NotAuthorizedException' })
    const result = await signIn({ username: 'alice', password: 'Passw0rd!' })
    assert.equal(result.isSignedIn, true)
    assert.equal(result.nextStep.signInStep, 'DONE')
    cognito.requests.splice(0, 2)
    cognito.challenges.splice(0, 1)
    assertWireShapes(cognito)
  })
})
