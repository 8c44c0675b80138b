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
  readonly #now: () => number

  constructor(refreshMs: number, now: () => number = Date.now) {
    this.#refreshMs = refreshMs
    this.#now = now
  }

  async get(key: string, read: () => Promise<T>): Promise<T> {
    const known = this.#values.get(key)
    if (known && this.#now() - known.at < this.#refreshMs) return known.value
    try {
      const value = await read()
      this.#values.set(key, { value, at: this.#now() })
      return value
    } catch (error) {
      if (known && error instanceof StoreUnavailableError) return known.value
      throw error
    }
  }
}
