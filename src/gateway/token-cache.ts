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
 * than once per request (perf-baselines.md §3). An entry is never served at or past its `exp`,
 * nor once its key has left the issuer's key set; the caller checks the route's scopes on every
 * request. A token spelled differently (e.g. a non-canonical signature) is a different key and
 * is verified, and refused, on its own.
 *
 * Bounded and LRU-ish in O(1): two generations of at most `capacity / 2` entries; when the
 * recent one is full it becomes the older one and the previous older one is dropped whole; a hit
 * in the older generation moves the entry back to the recent one. Nothing ever iterates the maps.
 *
 * Admission: a token is kept from its second verification on. The first one only leaves a
 * number (a hash of its last characters) in a bounded "seen" set, so a stream of tokens used once
 * each costs no retained memory; a token a client reuses is verified twice, then served from here.
 *
 * Entries are found by the last 16 characters of the token (signature bytes, which only the issuer
 * can choose) and then compared in full, so a lookup never hashes a whole 1 KB token. Two tokens
 * sharing a tail only evict each other.
 */
export class VerifiedTokenCache {
  #recent = new Map<string, VerifiedToken>()
  #older = new Map<string, VerifiedToken>()
  #seen = new Set<number>()
  #seenOlder = new Set<number>()
  readonly #generation: number

  constructor(capacity = 10_000) {
    this.#generation = Math.max(1, Math.floor(capacity / 2))
  }

  get size(): number {
    return this.#recent.size + this.#older.size
  }

  /** The entry for `token` if still valid at `nowMs` and signed by a key `holds` still accepts. */
  get(
    token: string,
    nowMs: number,
    holds: (kid: string, key: VerificationKey) => boolean,
  ): VerifiedToken | undefined {
    const key = tail(token)
    const recent = this.#recent.get(key)
    const entry = recent ?? this.#older.get(key)
    if (entry === undefined || entry.token !== token) return undefined
    const from = recent === undefined ? this.#older : this.#recent
    if (!(nowMs < entry.expMs && holds(entry.kid, entry.key))) {
      from.delete(key)
      return undefined
    }
    if (recent === undefined) {
      this.#older.delete(key)
      this.#insert(key, entry)
    }
    return entry
  }

  /** Keeps `entry` if its token was verified before (or is kept already); returns whether it was kept. */
  offer(entry: VerifiedToken): boolean {
    const key = tail(entry.token)
    const mark = fingerprint(entry.token)
    const known =
      this.#recent.has(key) || this.#older.has(key) || this.#seen.has(mark) || this.#seenOlder.has(mark)
    if (known) {
      this.#insert(key, entry)
      return true
    }
    if (this.#seen.size >= this.#generation) {
      this.#seenOlder = this.#seen
      this.#seen = new Set()
    }
    this.#seen.add(mark)
    return false
  }

  clear(): void {
    this.#recent.clear()
    this.#older.clear()
    this.#seen.clear()
    this.#seenOlder.clear()
  }

  #insert(key: string, entry: VerifiedToken): void {
    if (this.#recent.size >= this.#generation && !this.#recent.has(key)) {
      this.#older = this.#recent
      this.#recent = new Map()
    }
    this.#recent.set(key, entry)
  }
}

/** A small-integer hash of the token's last 12 characters; a collision only admits a token early. */
function fingerprint(token: string): number {
  let hash = token.length
  for (let i = Math.max(0, token.length - 12); i < token.length; i++)
    hash = (Math.imul(hash, 31) + token.charCodeAt(i)) | 0
  return hash & 0x3fffffff
}

function tail(token: string): string {
  return token.length > 16 ? token.slice(-16) : token
}
