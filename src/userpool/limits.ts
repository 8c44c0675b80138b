import type { UserPoolDeps } from './deps.js'
import { errors } from './errors.js'

export interface Rate {
  /** Tokens added per second. */
  perSecond: number
  /** Bucket size: how many may be spent at once. */
  burst: number
}

/**
 * Request limits that answer TooManyRequestsException at once instead of queueing (security.md
 * §3 E100–E101, §4 FL13). Keys are the listener's peer address and the ClientId; forwarded
 * headers are never trusted (security.md §3 B45).
 */
export interface RateLimits {
  /** Unauthenticated operations per source address. */
  perIp: Rate
  /** Unauthenticated operations per app client. */
  perClient: Rate
  /** Wrong passwords per source address: password spraying across many accounts. */
  failuresPerIp: Rate
}

/**
 * Above what one 2-core machine can hash (about 150 argon2id verifications a second), so honest
 * load meets the bounded argon2 queue first; a sprayer meets `failuresPerIp` within a minute.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  perIp: { perSecond: 1000, burst: 2000 },
  perClient: { perSecond: 2000, burst: 4000 },
  failuresPerIp: { perSecond: 100 / 60, burst: 100 },
}

/** The most keys a bucket table tracks; the least recently refilled are forgotten first. */
const MAX_KEYS = 10_000

class Buckets {
  readonly #rate: Rate
  readonly #buckets = new Map<string, { tokens: number; at: number }>()

  constructor(rate: Rate) {
    this.#rate = rate
  }

  #refill(key: string, now: number) {
    const bucket = this.#buckets.get(key) ?? { tokens: this.#rate.burst, at: now }
    const elapsed = Math.max(0, now - bucket.at) / 1000
    bucket.tokens = Math.min(this.#rate.burst, bucket.tokens + elapsed * this.#rate.perSecond)
    bucket.at = now
    this.#buckets.delete(key)
    this.#buckets.set(key, bucket)
    if (this.#buckets.size > MAX_KEYS) this.#buckets.delete(this.#buckets.keys().next().value!)
    return bucket
  }

  /** Spends one token; false when none is left. */
  take(key: string, now: number): boolean {
    const bucket = this.#refill(key, now)
    if (bucket.tokens < 1) return false
    bucket.tokens -= 1
    return true
  }

  /** Returns a token spent in advance (never above the burst). */
  give(key: string, now: number): void {
    const bucket = this.#refill(key, now)
    bucket.tokens = Math.min(this.#rate.burst, bucket.tokens + 1)
  }
}

export class RateLimiter {
  readonly #perIp: Buckets
  readonly #perClient: Buckets
  readonly #failures: Buckets

  constructor(limits: RateLimits) {
    this.#perIp = new Buckets(limits.perIp)
    this.#perClient = new Buckets(limits.perClient)
    this.#failures = new Buckets(limits.failuresPerIp)
  }

  admitRequest(now: number, sourceIp: string | undefined, clientId: string | undefined): void {
    if (!this.#perIp.take(sourceIp ?? '', now)) throw errors.tooManyRequests()
    if (clientId !== undefined && !this.#perClient.take(clientId, now)) throw errors.tooManyRequests()
  }

  /**
   * Reserves one failure from the address's budget before a password is checked, so a burst of
   * concurrent guesses cannot check more passwords than the budget holds; refused when it is spent.
   */
  admitPasswordCheck(now: number, sourceIp: string | undefined): void {
    if (!this.#failures.take(sourceIp ?? '', now)) throw errors.tooManyRequests()
  }

  /** The password was right: the reserved failure goes back. */
  refundPasswordCheck(now: number, sourceIp: string | undefined): void {
    this.#failures.give(sourceIp ?? '', now)
  }
}

const limiters = new WeakMap<UserPoolDeps, RateLimiter>()

/** One limiter per service instance, made on first use from `deps.limits` or the defaults. */
export function limiterOf(deps: UserPoolDeps): RateLimiter {
  let limiter = limiters.get(deps)
  if (!limiter) {
    limiter = new RateLimiter({ ...DEFAULT_RATE_LIMITS, ...deps.limits })
    limiters.set(deps, limiter)
  }
  return limiter
}
