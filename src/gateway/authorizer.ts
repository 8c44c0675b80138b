import { constants, type KeyObject, verify } from 'node:crypto'
import type { Clock } from '../core/index.js'
import { type ClaimRules, checkClaims, renderClaims, tokenScopes } from './claims.js'
import { type IdentitySource, type JwtAuthorizerConfig, parseIdentitySource } from './config.js'
import { AUTH_FAILURES, type AuthFailure } from './errors.js'
import type { KeySet, VerificationKey } from './jwks.js'
import { decodePayload, parseCompactJws } from './jws.js'
import type { VerifiedToken, VerifiedTokenCache } from './token-cache.js'

/**
 * An API Gateway HTTP API JWT authorizer (AG-JWT). `verify` runs the checks in one fixed order:
 *   1. structure — strict compact JWS (jws.ts)
 *   2. header parameters — only `alg`, `kid`, `typ`
 *   3. `alg` — in the RSA allow-list, never chosen by the token
 *   4. `kid` — present and in the issuer's key set (reloaded once per cooldown when unknown)
 *   5. signature — node:crypto RSASSA-PKCS1-v1_5 with the key jose imported from the JWK
 *   6. claims — `iss`, `aud`/`client_id`, `exp`, `nbf`, `iat`, `token_use`, `scope` type (claims.ts)
 * so a forged token is refused before any claim is read (security.md A34). Route scopes are the
 * caller's business: they differ per route while a verified token is cached per authorizer.
 */
export class JwtAuthorizer {
  readonly name: string
  readonly source: IdentitySource
  readonly #rules: ClaimRules
  readonly #keys: KeySet
  readonly #cache: VerifiedTokenCache
  readonly #clock: Clock
  readonly #holds: (kid: string, key: VerificationKey) => boolean

  constructor(config: JwtAuthorizerConfig, keys: KeySet, cache: VerifiedTokenCache, clock: Clock) {
    this.name = config.name
    this.source = parseIdentitySource(config.identitySource)!
    this.#rules = {
      issuer: config.issuer,
      audience: new Set(config.audience),
      tokenUse: config.tokenUse ?? 'any',
    }
    this.#keys = keys
    this.#cache = cache
    this.#clock = clock
    this.#holds = (kid, key) => keys.holds(kid, key)
  }

  /** A token this authorizer already verified and that is still valid at `nowMs`; no I/O, no crypto. */
  cached(token: string, nowMs: number): VerifiedToken | undefined {
    const entry = this.#cache.get(token, nowMs, this.#holds)
    if (entry) this.#keys.current(entry.kid, nowMs)
    return entry
  }

  async verify(token: string): Promise<VerifiedToken | AuthFailure> {
    const jws = parseCompactJws(token)
    if (typeof jws === 'string') return AUTH_FAILURES[jws]
    let key = this.#keys.current(jws.kid, this.#clock.now())
    if (key === undefined) {
      const found = await this.#keys.resolve(jws.kid)
      if (typeof found === 'string') return AUTH_FAILURES[found]
      key = found
    }
    const signed =
      jws.signature.length === key.signatureBytes &&
      (await verifySignature(Buffer.from(jws.signingInput), key.key, jws.signature))
    if (!signed) return AUTH_FAILURES.signature
    const claims = decodePayload(jws.payload)
    if (claims === undefined) return AUTH_FAILURES.malformed
    const problem = checkClaims(claims, this.#rules, this.#clock.now())
    if (problem) return AUTH_FAILURES[problem]
    const entry = verified(token, jws.kid, key, claims)
    this.#cache.offer(entry)
    return entry
  }
}

/**
 * RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3) on libuv's thread pool, as WebCrypto does: the
 * event loop keeps parsing requests meanwhile, and an unpinned process spreads verifications over
 * its cores. A verification error (e.g. a malformed signature) is a failed check.
 */
function verifySignature(input: Buffer, key: KeyObject, signature: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    verify('sha256', input, { key, padding: constants.RSA_PKCS1_PADDING }, signature, (error, valid) =>
      resolve(error === null && valid),
    )
  })
}

function verified(
  token: string,
  kid: string,
  key: VerificationKey,
  claims: Record<string, unknown>,
): VerifiedToken {
  const rendered = Object.freeze(renderClaims(claims))
  const scopes = Object.freeze(tokenScopes(claims) ?? [])
  return {
    token,
    kid,
    key,
    expMs: (claims.exp as number) * 1000,
    scopes,
    withoutScopes: Object.freeze({ jwt: Object.freeze({ claims: rendered, scopes: null }) }),
    withScopes: Object.freeze({ jwt: Object.freeze({ claims: rendered, scopes: scopes as string[] }) }),
  }
}

export function isAuthFailure<T extends object>(result: T | AuthFailure): result is AuthFailure {
  return 'challenge' in result
}

/**
 * The token inside an identity-source value: bare, or after a case-insensitive `Bearer` and at
 * least one space (AG-JWT; RFC 6750 §2.1, RFC 9110 §11.1). Anything else is handed on as a bare
 * token and fails the structure check.
 */
export function extractToken(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined
  if (value.length >= 7 && value.charCodeAt(6) === 0x20 && value.slice(0, 6).toLowerCase() === 'bearer') {
    const token = value.slice(7).trimStart()
    return token === '' ? undefined : token
  }
  return value
}
