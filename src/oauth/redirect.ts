/**
 * `redirect_uri` matching: exact string comparison with a registered callback (RFC 6749 §3.1.2.3,
 * security.md §3 D68), except that a loopback IP literal may vary its port (RFC 8252 §7.3).
 */
export function isRegisteredRedirect(requested: string, registered: readonly string[]): boolean {
  if (registered.includes(requested)) return true
  const loopback = parseLoopback(requested)
  if (!loopback) return false
  return registered.some((r) => {
    const candidate = parseLoopback(r)
    return candidate !== undefined && candidate.host === loopback.host && candidate.rest === loopback.rest
  })
}

const LOOPBACK = /^http:\/\/(127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?(\/[^#]*)?$/

function parseLoopback(uri: string): { host: string; rest: string } | undefined {
  const m = LOOPBACK.exec(uri)
  return m ? { host: m[1]!, rest: m[3] ?? '' } : undefined
}

/** Adds parameters to a redirect target's query (code flow) or fragment (implicit flow). */
export function withParameters(
  target: string,
  params: Record<string, string>,
  where: 'query' | 'fragment',
): string {
  const encoded = new URLSearchParams(params).toString()
  if (where === 'fragment') return `${target}#${encoded}`
  return target.includes('?') ? `${target}&${encoded}` : `${target}?${encoded}`
}
