import { StoreUnavailableError } from '../core/index.js'

/**
 * Public metadata (JWKS, discovery) served from memory when the store is down: the last value
 * read for each key is kept and answered while reads fail with StoreUnavailableError, so token
 * verifiers elsewhere keep working through a database outage (security.md FL8). Fresh values are
 * read at most every `refreshMs`.
 */
export class LastKnown<T> {
  readonly #values = new Map<string, { value: T; at: number }>()
  readonly #refreshMs: number
  readonly #maxEntries: number
  readonly #now: () => number

  /** `maxEntries` bounds memory: the oldest entry goes when a new one would exceed it. */
  constructor(refreshMs: number, maxEntries = 1000, now: () => number = Date.now) {
    this.#refreshMs = refreshMs
    this.#maxEntries = maxEntries
    this.#now = now
  }

  /** Only values that `keep` accepts are remembered (say, pools that exist), so misses cost nothing. */
  async get(key: string, read: () => Promise<T>, keep: (value: T) => boolean = () => true): Promise<T> {
    const known = this.#values.get(key)
    if (known && this.#now() - known.at < this.#refreshMs) return known.value
    try {
      const value = await read()
      if (keep(value)) {
        this.#values.delete(key)
        this.#values.set(key, { value, at: this.#now() })
        if (this.#values.size > this.#maxEntries) this.#values.delete(this.#values.keys().next().value!)
      }
      return value
    } catch (error) {
      if (known && error instanceof StoreUnavailableError) return known.value
      throw error
    }
  }
}
