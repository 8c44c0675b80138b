import type { APIGatewayEventRequestContextJWTAuthorizer } from 'aws-lambda'
import type { VerificationKey } from './jwks.js'

/** A token that passed every check except the route's scopes, with what the event needs of it. */
export interface VerifiedToken {
  /** The exact token string; a lookup matches only this string. */
  token: string
  kid: string
  key: VerificationKey
  /** `exp` in milliseconds: the entry is dead from this instant on. */
  expMs: number
  scopes: readonly string[]
  /** `requestContext.authorizer` for a route without scopes (`scopes: null`, aws-semantics.md §1.4). */
  withoutScopes: APIGatewayEventRequestContextJWTAuthorizer
  /** `requestContext.authorizer` for a route with scopes (the token's full scope list). */
  withScopes: APIGatewayEventRequestContextJWTAuthorizer
}

/**
 * Verified tokens by their exact string, so an RS256 verification is done once per token rather
 * than once per request (perf-baselines.md §3). Bounded: the oldest entry goes when full. An
 * entry is never served at or past its `exp`, nor once its key has left the issuer's key set;
 * the caller checks the route's scopes on every request. A token spelled differently (e.g. a
 * non-canonical signature) is a different key and is verified, and refused, on its own.
 *
 * Entries are found by the last 16 characters of the token (signature bytes, which only the issuer
 * can choose) and then compared in full, so a lookup never hashes a whole 1 KB token. Two tokens
 * sharing a tail only evict each other.
 */
export class VerifiedTokenCache {
  readonly #entries = new Map<string, VerifiedToken>()
  readonly #capacity: number

  constructor(capacity = 10_000) {
    this.#capacity = capacity
  }

  get size(): number {
    return this.#entries.size
  }

  /** The entry for `token` if still valid at `nowMs` and signed by a key `holds` still accepts. */
  get(
    token: string,
    nowMs: number,
    holds: (kid: string, key: VerificationKey) => boolean,
  ): VerifiedToken | undefined {
    const key = tail(token)
    const entry = this.#entries.get(key)
    if (entry === undefined || entry.token !== token) return undefined
    if (nowMs < entry.expMs && holds(entry.kid, entry.key)) return entry
    this.#entries.delete(key)
    return undefined
  }

  set(entry: VerifiedToken): void {
    const key = tail(entry.token)
    if (!this.#entries.has(key) && this.#entries.size >= this.#capacity) {
      const oldest = this.#entries.keys().next()
      if (!oldest.done) this.#entries.delete(oldest.value)
    }
    this.#entries.set(key, entry)
  }

  clear(): void {
    this.#entries.clear()
  }
}

function tail(token: string): string {
  return token.length > 16 ? token.slice(-16) : token
}
