// A local OpenID Connect issuer for the gateway tests: discovery and JWKS on 127.0.0.1 (port 0).
// `fetch` maps the vectors' public issuer hosts (https://issuer.test, https://other-issuer.test)
// onto this server, records every URL, and refuses any other host, so no test reaches the network.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface LocalIssuer {
  /** Base URL of the loopback server, e.g. http://127.0.0.1:41234 */
  origin: string
  /** Every URL the gateway fetched, in order. */
  fetches: string[]
  fetch: typeof fetch
  /** Replaces what `path`'s JWKS endpoint serves. */
  setKeys(path: string, keys: object[]): void
  /** Makes every endpoint answer this status (0 = back to normal). */
  failWith(status: number): void
  close(): Promise<void>
}

export interface IssuerSpec {
  /** Public issuer string (the `iss` of the tokens), e.g. https://issuer.test/us-east-1_Vectors */
  issuer: string
  keys: object[]
}

export async function startIssuer(specs: IssuerSpec[]): Promise<LocalIssuer> {
  const byPath = new Map<string, { issuer: string; keys: object[] }>()
  const hosts = new Map<string, string>()
  let failing = 0
  for (const spec of specs) {
    const url = new URL(spec.issuer)
    byPath.set(url.pathname, { issuer: spec.issuer, keys: spec.keys })
    hosts.set(url.origin, url.pathname)
  }
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/'
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (failing) return send(failing, { message: 'failing on purpose' })
    for (const [path, entry] of byPath) {
      if (url === `${path}/.well-known/openid-configuration`)
        return send(200, { issuer: entry.issuer, jwks_uri: `${entry.issuer}/.well-known/jwks.json` })
      if (url === `${path}/.well-known/jwks.json`) return send(200, { keys: entry.keys })
    }
    send(404, { message: 'Not Found' })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const fetches: string[] = []
  const loopback: typeof fetch = (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input))
    fetches.push(url.href)
    if (!hosts.has(url.origin) && url.origin !== origin)
      return Promise.reject(new Error(`test fetch refused a non-local URL: ${url.href}`))
    return fetch(`${origin}${url.pathname}${url.search}`, init)
  }
  return {
    origin,
    fetches,
    fetch: loopback,
    setKeys(path, keys) {
      const entry = byPath.get(path)
      if (entry) entry.keys = keys
      else byPath.set(path, { issuer: `${origin}${path}`, keys })
    },
    failWith(status) {
      failing = status
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
