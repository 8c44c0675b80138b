// A signing key and Cognito-ID-token-shaped RS256 tokens (~1 KB, as perf-baselines.md uses).
import { generateKeyPairSync, sign } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface BenchSetup {
  setupFile: string
  /** One valid token, reused: the "already seen" case. */
  token: string
  /** A token signed by another key: every verifying server must answer 401. */
  forged: string
  /** One token per line, all valid and distinct: the "first seen" case. */
  tokensFile: string
}

export const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_BenchPool'
export const CLIENT_ID = 'benchclient000000000000000'

export function createSetup(dir: string, firstSeenTokens: number): BenchSetup {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const forger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
  const now = Math.floor(Date.now() / 1000)
  const claims = (jti: string) => ({
    sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    aud: CLIENT_ID,
    email_verified: true,
    'cognito:groups': ['admin'],
    iss: ISSUER,
    'cognito:username': 'alice',
    origin_jti: '2c496ec9-8d59-4e03-913f-ca934fb3e078',
    token_use: 'id',
    auth_time: now - 60,
    exp: now + 6 * 3600,
    iat: now - 60,
    jti,
    email: 'alice@example.com',
    'custom:tenant': 'tenant-0001',
  })
  const jws = (payload: object, key = privateKey) => {
    const input = `${b64({ kid: 'bench-key', alg: 'RS256' })}.${b64(payload)}`
    return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`
  }
  const setupFile = join(dir, 'setup.json')
  writeFileSync(
    setupFile,
    JSON.stringify({
      issuer: ISSUER,
      clientId: CLIENT_ID,
      kid: 'bench-key',
      publicJwk: publicKey.export({ format: 'jwk' }),
    }),
  )
  const tokensFile = join(dir, 'tokens.txt')
  const lines: string[] = []
  for (let i = 0; i < firstSeenTokens; i++) lines.push(jws(claims(`first-seen-${i}`)))
  writeFileSync(tokensFile, `${lines.join('\n')}\n`)
  return { setupFile, token: jws(claims('reused')), forged: jws(claims('forged'), forger), tokensFile }
}

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}
