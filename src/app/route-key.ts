/** One segment of a route key's path: `items`, `{id}` or the trailing greedy `{proxy+}`. */
export type RouteSegment =
  | { kind: 'literal'; value: string }
  | { kind: 'param'; value: string }
  | { kind: 'greedy'; value: string }

export interface ParsedRouteKey {
  /** `ANY`, an HTTP method, or `$default`. */
  method: string
  segments: RouteSegment[]
  isDefault: boolean
}

/** The methods an HTTP API route key may name (AG-ROUTES). */
export const ROUTE_METHODS = new Set(['ANY', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'])

const PARAM = /^\{([A-Za-z0-9._-]+)(\+?)\}$/
/** RFC 3986 pchar without pct-encoded: literal segments are compared with decoded request segments. */
const LITERAL = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]+$/

/**
 * Parses `METHOD /path` or `$default`; returns the problem as a string when the key is not one
 * API Gateway would deploy (AG-ROUTES; a key ending in `/` is refused, storacha/w3infra PR #166).
 */
export function parseRouteKey(key: string): ParsedRouteKey | string {
  if (key === '$default') return { method: '$default', segments: [], isDefault: true }
  const space = key.indexOf(' ')
  if (space === -1) return 'route keys are "METHOD /path" or "$default"'
  const method = key.slice(0, space)
  const path = key.slice(space + 1)
  if (!ROUTE_METHODS.has(method))
    return `unknown method ${JSON.stringify(method)} (use ${[...ROUTE_METHODS].join(', ')})`
  if (!path.startsWith('/')) return 'route paths start with /'
  if (path === '/') return { method, segments: [], isDefault: false }
  if (path.endsWith('/')) return 'route keys may not end in /'
  const segments: RouteSegment[] = []
  const parts = path.slice(1).split('/')
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!
    if (part === '') return 'route paths may not contain empty segments (//)'
    const param = PARAM.exec(part)
    if (param) {
      if (param[2] === '+' && i !== parts.length - 1)
        return `greedy variable ${part} must be the last segment`
      if (segments.some((s) => s.kind !== 'literal' && s.value === param[1]))
        return `path variable {${param[1]}} appears twice`
      segments.push({ kind: param[2] === '+' ? 'greedy' : 'param', value: param[1]! })
      continue
    }
    if (part === '.' || part === '..') return 'route paths may not contain dot segments'
    if (!LITERAL.test(part)) return `segment ${JSON.stringify(part)} has characters a route key cannot hold`
    segments.push({ kind: 'literal', value: part })
  }
  return { method, segments, isDefault: false }
}
