/** A request target after the one canonicalisation the gateway does before routing (rule R7). */
export interface CanonicalTarget {
  /** The path exactly as sent (still percent-encoded); this is `rawPath` and `http.path`. */
  rawPath: string
  /** Decoded segments: `/a/b` → `['a', 'b']`, `/` → `[]`. None contains `/`, `\` or NUL. */
  segments: readonly string[]
  /** The decoded segments joined with `/`: what routes are matched against. */
  path: string
  /** The query string as sent, without `?`; `''` when absent. */
  rawQuery: string
}

/** Scheme and authority of an absolute-form target (RFC 9112 §3.2.2), routed by its path only. */
const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/
/** RFC 3986 path characters: pchar and `/`. Anything else (`\`, `#`, space, non-ASCII) is refused. */
const PATH_CHARS = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/
const HEX = /^[0-9A-Fa-f]{2}$/

/**
 * Canonicalises a request target once, before routing, or returns `undefined` for a target that
 * must be answered 400 (security.md R7, §3 B 39–41): dot segments (also encoded), encoded `/` or
 * `\`, NUL and other control characters, double-encoded separators, percent-encoded unreserved
 * characters (RFC 3986 §6.2.2.2 says they are equivalent to the plain ones, so a second spelling of
 * a path is refused rather than normalised), malformed escapes, invalid UTF-8, a `//` prefix, and
 * targets that are neither origin-form nor absolute-form.
 */
export function canonicaliseTarget(target: string): CanonicalTarget | undefined {
  let start = 0
  if (target.charCodeAt(0) !== 0x2f) {
    const absolute = ABSOLUTE_FORM.exec(target)
    if (!absolute) return undefined
    start = absolute[0].length
  }
  const q = target.indexOf('?', start)
  let rawPath = q === -1 ? target.slice(start) : target.slice(start, q)
  const rawQuery = q === -1 ? '' : target.slice(q + 1)
  if (rawPath === '') rawPath = '/'
  if (rawPath.charCodeAt(1) === 0x2f || !PATH_CHARS.test(rawPath)) return undefined
  if (rawPath === '/') return { rawPath, segments: [], path: '/', rawQuery }
  const segments = rawPath.slice(1).split('/')
  const encoded = rawPath.includes('%')
  if (!encoded && !rawPath.includes('/.')) return { rawPath, segments, path: rawPath, rawQuery }
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!
    if (segment === '.' || segment === '..') return undefined
    if (encoded && segment.includes('%')) {
      const decoded = decodeSegment(segment)
      if (decoded === undefined) return undefined
      segments[i] = decoded
    }
  }
  return { rawPath, segments, path: encoded ? `/${segments.join('/')}` : rawPath, rawQuery }
}

/**
 * `canonicaliseTarget` with the results of recent targets kept (they are immutable): most
 * requests repeat a handful of paths. Bounded; emptied when full.
 */
export class TargetCache {
  readonly #results = new Map<string, CanonicalTarget | null>()
  readonly #capacity: number

  constructor(capacity = 1024) {
    this.#capacity = capacity
  }

  canonicalise(target: string): CanonicalTarget | undefined {
    const known = this.#results.get(target)
    if (known !== undefined) return known ?? undefined
    const result = canonicaliseTarget(target)
    if (this.#results.size >= this.#capacity) this.#results.clear()
    this.#results.set(target, result === undefined ? null : Object.freeze(result))
    return result
  }
}

function decodeSegment(segment: string): string | undefined {
  for (let i = segment.indexOf('%'); i !== -1; i = segment.indexOf('%', i + 3)) {
    const hex = segment.slice(i + 1, i + 3)
    if (!HEX.test(hex)) return undefined
    const byte = Number.parseInt(hex, 16)
    if (byte < 0x20 || byte === 0x7f || byte === 0x2f || byte === 0x5c || isUnreserved(byte)) return undefined
    // `%25` followed by an escape of a separator, dot or NUL is a double-encoded attack (§3 B 40).
    if (byte === 0x25 && /^(2[Ff]|5[Cc]|00|2[Ee])$/.test(segment.slice(i + 3, i + 5))) return undefined
  }
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x30 && byte <= 0x39) ||
    (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= 0x61 && byte <= 0x7a) ||
    byte === 0x2d ||
    byte === 0x2e ||
    byte === 0x5f ||
    byte === 0x7e
  )
}
