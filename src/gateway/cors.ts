import type { CorsConfig } from './config.js'

/**
 * An API's CORS configuration as HTTP APIs apply it (AG-CORS, aws-semantics.md §3.3): the gateway
 * answers preflight itself, adds the configured headers to every response of a request that sent
 * an allowed `Origin`, and drops `access-control-*` headers coming from the backend.
 */
export class Cors {
  readonly #any: boolean
  readonly #anyHttps: boolean
  readonly #anyHttp: boolean
  readonly #origins: ReadonlySet<string>
  readonly #credentials: boolean
  readonly #methods: string
  readonly #headers: string | undefined
  readonly #echoHeaders: boolean
  readonly #expose: string | undefined
  readonly #maxAge: string | undefined

  constructor(config: CorsConfig) {
    this.#any = config.allowOrigins.includes('*')
    this.#anyHttps = config.allowOrigins.includes('https://*')
    this.#anyHttp = config.allowOrigins.includes('http://*')
    this.#origins = new Set(config.allowOrigins)
    this.#credentials = config.allowCredentials === true
    const methods = config.allowMethods.map((m) => (m === 'ANY' ? '*' : m))
    this.#methods = methods.includes('*') ? '*' : methods.join(',')
    this.#echoHeaders = config.allowHeaders.includes('*')
    this.#headers = config.allowHeaders.length ? config.allowHeaders.join(',') : undefined
    this.#expose = config.exposeHeaders?.length ? config.exposeHeaders.join(',') : undefined
    this.#maxAge = config.maxAge === undefined ? undefined : String(config.maxAge)
  }

  /** `AllowOrigins`: exact origins, `*`, or any origin of a scheme (`https://*`, `http://*`). */
  allows(origin: string): boolean {
    return (
      this.#any ||
      this.#origins.has(origin) ||
      (this.#anyHttps && origin.startsWith('https://')) ||
      (this.#anyHttp && origin.startsWith('http://'))
    )
  }

  /** Headers for a non-preflight response to an allowed origin, appended to `into`. */
  addResponseHeaders(origin: string, into: string[]): void {
    this.#addOrigin(origin, into)
    if (this.#expose !== undefined) into.push('access-control-expose-headers', this.#expose)
  }

  /** Headers of the gateway's own answer to a preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`). */
  preflightHeaders(origin: string, requestHeaders: string | undefined): string[] {
    const headers: string[] = []
    if (!this.allows(origin)) return headers
    this.#addOrigin(origin, headers)
    headers.push('access-control-allow-methods', this.#methods)
    // With credentials a `*` is a literal name to browsers (Fetch §3.2.3), so the requested list is echoed.
    const allowHeaders =
      this.#echoHeaders && (this.#credentials || requestHeaders) ? requestHeaders : this.#headers
    if (allowHeaders) headers.push('access-control-allow-headers', allowHeaders)
    if (this.#maxAge !== undefined) headers.push('access-control-max-age', this.#maxAge)
    return headers
  }

  #addOrigin(origin: string, into: string[]): void {
    if (this.#any && !this.#credentials) into.push('access-control-allow-origin', '*')
    else into.push('access-control-allow-origin', origin, 'vary', 'origin')
    if (this.#credentials) into.push('access-control-allow-credentials', 'true')
  }
}
