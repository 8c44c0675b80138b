// The committed gateway vectors (generate.ts), and a minter for tokens a test needs at its own time.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ApiConfig, JwtAuthorizerConfig } from '../../../../src/gateway/index.js'
import { compact, type Part, privateKey, rs256 } from './jws.js'

const DIR = join(import.meta.dirname, '..')
const read = (name: string) => JSON.parse(readFileSync(join(DIR, name), 'utf8'))

type Jwk = Record<string, unknown>
interface KeyPair {
  kid: string
  private: Jwk
  public: Jwk
}
export const keys: {
  issuer: string
  otherIssuer: string
  clientId: string
  now: number
  trusted: KeyPair
  rotated: KeyPair
  attacker: KeyPair
  other: KeyPair
  weak: KeyPair
  spare: Omit<KeyPair, 'kid'>
} = read('keys.json')

export interface ForgedCase {
  id: string
  item: number
  title: string
  token: string
  status: number
  reason: string
  /** Whether the authorizer may contact the issuer for this token (only after a structurally sound header). */
  fetch: boolean
}
export const tokens: {
  now: number
  valid: string
  accepted: { duplicateSub: string; protoClaims: string; floatExp: string }
  cases: ForgedCase[]
} = read('tokens.json')

export const ISSUER = keys.issuer
export const CLIENT_ID = keys.clientId
/** Seconds; the clock every authorizer test pins (2026-01-01T00:00:00Z). */
export const NOW = keys.now
export const NOW_MS = NOW * 1000

const publicJwk = (pair: { public: Jwk }, kid: string, extra: Jwk = {}) => ({ ...pair.public, kid, ...extra })

/** What the issuer's JWKS serves: k1, k2, and the keys an authorizer must skip (security.md A31). */
export function issuerKeys(): Jwk[] {
  return [
    publicJwk(keys.trusted, 'k1', { alg: 'RS256', use: 'sig' }),
    publicJwk(keys.rotated, 'k2'),
    publicJwk(keys.weak, 'weak'),
    publicJwk(keys.spare, 'enc-use', { use: 'enc' }),
    publicJwk(keys.spare, 'rs384-alg', { alg: 'RS384' }),
    publicJwk(keys.spare, 'e-one', { e: 'AQ' }),
    {
      kty: 'EC',
      kid: 'ec-key',
      crv: 'P-256',
      x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
      y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
    },
  ]
}

export function otherIssuerKeys(): Jwk[] {
  return [publicJwk(keys.other, 'k1')]
}

const trustedKey = privateKey(keys.trusted.private)
const rotatedKey = privateKey(keys.rotated.private)

/** A Cognito access token's claims, valid at NOW. */
export function accessClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    iss: ISSUER,
    client_id: CLIENT_ID,
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    auth_time: NOW - 60,
    iat: NOW - 60,
    exp: NOW + 3600,
    jti: 'jti-1',
    username: 'alice',
    ...overrides,
  }
}

/** A Cognito ID token's claims, valid at NOW. */
export function idClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    aud: CLIENT_ID,
    email_verified: true,
    'cognito:groups': ['admin', 'poweruser'],
    iss: ISSUER,
    'cognito:username': 'alice',
    origin_jti: 'origin-jti',
    token_use: 'id',
    auth_time: NOW - 60,
    exp: NOW + 3600,
    iat: NOW - 60,
    email: 'alice@example.test',
    ...overrides,
  }
}

/** Signs `payload` with the trusted key (kid k1), or the rotated one (kid k2). */
export function mint(payload: Part, options: { kid?: 'k1' | 'k2'; header?: Part } = {}): string {
  const kid = options.kid ?? 'k1'
  return compact(
    options.header ?? { kid, alg: 'RS256' },
    payload,
    rs256(kid === 'k1' ? trustedKey : rotatedKey),
  )
}

export function authorizer(overrides: Partial<JwtAuthorizerConfig> = {}): JwtAuthorizerConfig {
  return { name: 'cognito', issuer: ISSUER, audience: [CLIENT_ID], ...overrides }
}

/** A public route, a protected route, a scoped route, and what security.md §3 B attacks aim at. */
export function api(overrides: Partial<ApiConfig> = {}): ApiConfig {
  return {
    apiId: 'abc123',
    name: 'vectors',
    region: 'us-east-1',
    accountId: '123456789012',
    authorizers: [authorizer()],
    routes: [
      { routeKey: 'GET /public', functionId: 'public' },
      { routeKey: 'ANY /public/{proxy+}', functionId: 'public' },
      { routeKey: 'GET /private', functionId: 'private', authorizer: 'cognito' },
      { routeKey: 'ANY /admin/{proxy+}', functionId: 'admin', authorizer: 'cognito' },
      { routeKey: 'GET /admin/users', functionId: 'admin', authorizer: 'cognito' },
      {
        routeKey: 'POST /orders',
        functionId: 'orders',
        authorizer: 'cognito',
        authorizationScopes: ['orders/write'],
      },
      {
        routeKey: 'GET /profile',
        functionId: 'profile',
        authorizer: 'cognito',
        authorizationScopes: ['aws.cognito.signin.user.admin'],
      },
    ],
    ...overrides,
  }
}
