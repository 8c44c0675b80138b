import { setOwn } from './own.js'

/** Request line plus header fields, in bytes (security.md R6: API Gateway's 10240-byte quota). */
export const MAX_HEADER_BYTES = 10_240

export interface RequestHeaders {
  /** Lower-cased names; repeated fields joined with `,` (AG-LAMBDA); no `cookie`. */
  headers: Record<string, string>
  /** Every `Cookie` field split into `name=value` items; `undefined` when there are none. */
  cookies: string[] | undefined
  /** The first singleton field that was sent twice, if any. */
  duplicate: string | undefined
  /** Approximate size of the header block as sent: name, value, `: ` and CRLF per field. */
  bytes: number
}

/**
 * Reads Node's `rawHeaders` (name, value, name, value …), which keeps every field as sent;
 * `req.headers` would silently keep only the first of two `Authorization` fields (security.md §1
 * item 4), so it is never consulted.
 */
export function readHeaders(
  rawHeaders: readonly string[],
  singletons: ReadonlySet<string>,
  names: HeaderNames,
): RequestHeaders {
  const headers: Record<string, string> = {}
  let cookies: string[] | undefined
  let duplicate: string | undefined
  let bytes = 0
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = names.lower(rawHeaders[i]!)
    const value = rawHeaders[i + 1]!
    bytes += name.length + value.length + 4
    if (name === 'cookie') {
      cookies = splitCookies(value, cookies)
      continue
    }
    const previous = headers[name]
    if (typeof previous !== 'string') setOwn(headers, name, value)
    else {
      if (duplicate === undefined && singletons.has(name)) duplicate = name
      headers[name] = `${previous},${value}`
    }
  }
  return { headers, cookies, duplicate, bytes }
}

/** AG-LAMBDA: "all cookie headers … combined" and split on `;` into the `cookies` list. */
function splitCookies(value: string, into: string[] | undefined): string[] | undefined {
  let cookies = into
  for (const part of value.split(';')) {
    const cookie = part.trim()
    if (cookie === '') continue
    cookies ??= []
    cookies.push(cookie)
  }
  return cookies
}

/** Lower-cased header names, remembered: clients send the same few names on every request. Bounded. */
export class HeaderNames {
  readonly #lower = new Map<string, string>()

  lower(name: string): string {
    let lower = this.#lower.get(name)
    if (lower === undefined) {
      lower = name.toLowerCase()
      if (this.#lower.size >= 512) this.#lower.clear()
      this.#lower.set(name, lower)
    }
    return lower
  }
}
