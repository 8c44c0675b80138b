import { KeyObject, type webcrypto } from 'node:crypto'
import { importJWK } from 'jose'
import type { Clock, Logger } from '../core/index.js'
import { errorMessage } from '../core/index.js'
import { fetchJson } from './fetch-json.js'

export interface KeySetOptions {
  issuer: string
  /** Skips discovery. */
  jwksUri?: string
  fetch: typeof fetch
  clock: Clock
  logger: Logger
  /** Least time between two reloads caused by an unknown `kid` (rule R5; jose uses 30 s). */
  cooldownMs?: number
  /** Least time between two attempts while no key set has ever loaded. */
  retryMs?: number
  /** Keys older than this are reloaded in the background (AG-JWT: cached "for up to 2 hours"). */
  maxAgeMs?: number
  timeoutMs?: number
  maxBytes?: number
}

export interface VerificationKey {
  key: KeyObject
  /** Signature length in bytes, for RS256 the modulus length (RFC 8017 §8.2.2). */
  signatureBytes: number
}

interface Loaded extends VerificationKey {
  jwk: string
}

/** Why `resolve` found no key: the `kid` is not in a loaded set, or no set could be loaded. */
export type KeyMiss = 'kid' | 'jwks'

/**
 * The verification keys of one issuer, by `kid` (rule R5: keys are looked up by issuer and kid).
 * Loaded through OIDC discovery (`{issuer}/.well-known/openid-configuration` → `jwks_uri`) on
 * first use; reloaded for an unknown `kid` at most once per cooldown, in the background when
 * older than `maxAgeMs`, and never once per request. Concurrent callers share one load.
 */
export class KeySet {
  readonly #options: Required<Omit<KeySetOptions, 'jwksUri'>> & { jwksUri: string | undefined }
  readonly #abort = new AbortController()
  #keys = new Map<string, Loaded>()
  #jwksUri: string | undefined
  #loaded = false
  #loadedAt = Number.NEGATIVE_INFINITY
  #attemptedAt = Number.NEGATIVE_INFINITY
  #loading: Promise<void> | undefined

  constructor(options: KeySetOptions) {
    this.#options = {
      cooldownMs: 30_000,
      retryMs: 1_000,
      maxAgeMs: 2 * 60 * 60 * 1000,
      timeoutMs: 1_500,
      maxBytes: 150_000,
      ...options,
      jwksUri: options.jwksUri,
    }
    this.#jwksUri = options.jwksUri
  }

  /** The current key for `kid`, without waiting; starts a background reload when the set is old. */
  current(kid: string, nowMs: number): VerificationKey | undefined {
    if (nowMs - this.#loadedAt > this.#options.maxAgeMs && this.#loaded)
      this.#reload(nowMs, this.#options.cooldownMs)
    return this.#keys.get(kid)
  }

  /** For a `kid` that `current` did not know: loads (or reloads, once per cooldown) and looks again. */
  async resolve(kid: string): Promise<VerificationKey | KeyMiss> {
    const now = this.#options.clock.now()
    await (this.#loading ??
      this.#reload(now, this.#loaded ? this.#options.cooldownMs : this.#options.retryMs))
    return this.#keys.get(kid) ?? (this.#loaded ? 'kid' : 'jwks')
  }

  /** True while `key` is still the set's key for `kid`: verified tokens die with their key. */
  holds(kid: string, key: VerificationKey): boolean {
    return this.#keys.get(kid) === key
  }

  close(): void {
    this.#abort.abort()
  }

  #reload(now: number, waitMs: number): Promise<void> | undefined {
    if (this.#loading) return this.#loading
    if (now - this.#attemptedAt < waitMs) return undefined
    this.#attemptedAt = now
    this.#loading = this.#load().finally(() => {
      this.#loading = undefined
    })
    return this.#loading
  }

  async #load(): Promise<void> {
    const { issuer, logger } = this.#options
    try {
      const jwksUri = this.#jwksUri ?? (await this.#discover())
      const document = await fetchJson(this.#options.fetch, jwksUri, this.#limits())
      this.#keys = await importKeySet(document, this.#keys, logger, issuer)
      this.#jwksUri = jwksUri
      this.#loaded = true
      this.#loadedAt = this.#options.clock.now()
      logger.debug({ issuer, jwksUri, kids: [...this.#keys.keys()] }, 'jwks loaded')
    } catch (error) {
      if (this.#options.jwksUri === undefined) this.#jwksUri = undefined
      logger.warn({ issuer, reason: errorMessage(error) }, 'jwks unavailable')
    }
  }

  /** OpenID Connect Discovery 1.0 §4: the document's `issuer` must be identical to the one configured. */
  async #discover(): Promise<string> {
    const { issuer } = this.#options
    const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`
    const document = await fetchJson(this.#options.fetch, url, this.#limits())
    if (typeof document !== 'object' || document === null) throw new Error(`${url} is not a JSON object`)
    const fields = document as Record<string, unknown>
    if (fields.issuer !== issuer) throw new Error(`${url} names issuer ${JSON.stringify(fields.issuer)}`)
    const jwksUri = fields.jwks_uri
    if (typeof jwksUri !== 'string' || !/^https?:\/\//.test(jwksUri))
      throw new Error(`${url} has no http(s) jwks_uri`)
    return jwksUri
  }

  #limits() {
    return {
      timeoutMs: this.#options.timeoutMs,
      maxBytes: this.#options.maxBytes,
      signal: this.#abort.signal,
    }
  }
}

/**
 * Imports the usable keys of a JWK Set (RFC 7517 §5): RSA signing keys for RS256 with a `kid`,
 * at least 2048 bits (RFC 7518 §3.3) and a public exponent above 1 (security.md A31). jose does the
 * JWK import; an unchanged key keeps its object, so tokens verified with it stay cached.
 */
async function importKeySet(
  document: unknown,
  previous: Map<string, Loaded>,
  logger: Logger,
  issuer: string,
): Promise<Map<string, Loaded>> {
  const keys = (document as { keys?: unknown } | null)?.keys
  if (!Array.isArray(keys)) throw new Error('the JWKS has no "keys" list')
  const imported = new Map<string, Loaded>()
  for (const jwk of keys as unknown[]) {
    const problem = await importKey(jwk, previous, imported)
    if (problem)
      logger.warn({ issuer, kid: (jwk as { kid?: unknown } | null)?.kid, problem }, 'jwks key skipped')
  }
  return imported
}

async function importKey(
  jwk: unknown,
  previous: Map<string, Loaded>,
  into: Map<string, Loaded>,
): Promise<string | undefined> {
  if (typeof jwk !== 'object' || jwk === null) return 'not an object'
  const { kty, kid, use, alg, n, e } = jwk as Record<string, unknown>
  if (kty !== 'RSA') return `kty ${String(kty)} is not RSA`
  if (typeof kid !== 'string' || kid === '') return 'no kid'
  if (use !== undefined && use !== 'sig') return `use ${String(use)} is not sig`
  if (alg !== undefined && alg !== 'RS256') return `alg ${String(alg)} is not RS256`
  if (typeof n !== 'string' || typeof e !== 'string') return 'n or e missing'
  if (into.has(kid)) return 'duplicate kid'
  const fingerprint = `${n}.${e}`
  const known = previous.get(kid)
  if (known?.jwk === fingerprint) {
    into.set(kid, known)
    return undefined
  }
  let key: KeyObject
  try {
    key = KeyObject.from((await importJWK({ kty: 'RSA', n, e }, 'RS256')) as webcrypto.CryptoKey)
  } catch (error) {
    return errorMessage(error)
  }
  const details = key.asymmetricKeyDetails
  const bits = details?.modulusLength ?? 0
  if (bits < 2048) return `modulus of ${bits} bits is below 2048`
  if ((details?.publicExponent ?? 0n) < 3n) return 'public exponent below 3'
  into.set(kid, { key, jwk: fingerprint, signatureBytes: Math.ceil(bits / 8) })
  return undefined
}
