import { STYLE_HASH } from './html.js'

/**
 * Headers on every hosted page (security.md §3 F103): no framing, no scripts, no referrer, no
 * caching. Styles are allowed by hash only.
 */
export function pageHeaders(secure: boolean): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': `default-src 'none'; style-src '${STYLE_HASH}'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; object-src 'none'`,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    pragma: 'no-cache',
    'cross-origin-opener-policy': 'same-origin',
    ...(secure ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  }
}

export interface CookieOptions {
  secure: boolean
  maxAgeSeconds?: number
}

/**
 * A cookie for the hosted UI: `__Host-` prefixed, `Secure` and host-only when served over HTTPS
 * (the prefix needs Secure); over plain HTTP in development the prefix and Secure are dropped,
 * which the server warns about at start. Always HttpOnly, SameSite=Lax, Path=/.
 */
export function cookieName(base: string, secure: boolean): string {
  return secure ? `__Host-${base}` : base
}

export function setCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax']
  if (options.secure) parts.push('Secure')
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`)
  return parts.join('; ')
}

export function clearCookie(name: string, secure: boolean): string {
  return setCookie(name, '', { secure, maxAgeSeconds: 0 })
}

export function readCookie(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

/**
 * Refuses cross-site form posts before the CSRF token is even compared (OWASP "Fetch
 * Metadata"; security.md §3 F106): `Sec-Fetch-Site: cross-site`, or an `Origin` that is not ours.
 */
export function isCrossSite(headers: Headers, ownOrigin: string): boolean {
  const site = headers.get('sec-fetch-site')
  if (site === 'cross-site') return true
  const origin = headers.get('origin')
  return origin !== null && origin !== 'null' && origin !== ownOrigin
}
