import type { AuthFailureCode } from './errors.js'

export interface ClaimRules {
  issuer: string
  audience: ReadonlySet<string>
  tokenUse: 'any' | 'access' | 'id'
}

/**
 * The claim checks of the JWT authorizer, in AWS's order (AG-JWT, "Validating the JWT"): `iss`
 * exactly, `aud` — or `client_id` only when there is no `aud` (AG-JWT-TS) —, `exp`, `nbf`, `iat`;
 * then this gateway's `token_use` option and the type of `scope`/`scp`. Times are NumericDates
 * (RFC 7519 §2): finite JSON numbers of seconds, compared with no leeway.
 */
export function checkClaims(
  claims: Record<string, unknown>,
  rules: ClaimRules,
  nowMs: number,
): AuthFailureCode | undefined {
  if (claims.iss !== rules.issuer) return 'issuer'
  if (!audienceMatches(claims, rules.audience)) return 'audience'
  const { exp, nbf, iat } = claims
  if (!isNumericDate(exp) || (nbf !== undefined && !isNumericDate(nbf)) || !isNumericDate(iat))
    return 'claims'
  // RFC 7519 §4.1.4: the current time MUST be before `exp`, so `exp == now` has expired.
  if (exp * 1000 <= nowMs) return 'expired'
  if (nbf !== undefined && nbf * 1000 > nowMs) return 'nbf'
  // AG-JWT: "iat – must be before the current time"; jose and aws-jwt-verify skip this (security.md A19).
  if (iat * 1000 > nowMs) return 'iat'
  if (rules.tokenUse !== 'any' && claims.token_use !== rules.tokenUse) return 'token_use'
  if (tokenScopes(claims) === undefined) return 'claims'
  return undefined
}

function audienceMatches(claims: Record<string, unknown>, audience: ReadonlySet<string>): boolean {
  const aud = claims.aud
  if (aud === undefined) return typeof claims.client_id === 'string' && audience.has(claims.client_id)
  if (typeof aud === 'string') return audience.has(aud)
  if (!Array.isArray(aud) || aud.length === 0 || !aud.every((a) => typeof a === 'string')) return false
  return aud.some((a: string) => audience.has(a))
}

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

/**
 * The token's scopes: `scope` as a space-separated string (RFC 8693 §4.2), else `scp` as such a
 * string or a list of strings (AG-JWT "scope or scp"). `undefined` when either is mistyped.
 */
export function tokenScopes(claims: Record<string, unknown>): string[] | undefined {
  const scope = claims.scope
  if (scope !== undefined) return typeof scope === 'string' ? splitScopes(scope) : undefined
  const scp = claims.scp
  if (scp === undefined) return []
  if (typeof scp === 'string') return splitScopes(scp)
  return Array.isArray(scp) && scp.every((s) => typeof s === 'string') ? [...scp] : undefined
}

function splitScopes(scope: string): string[] {
  return scope.split(' ').filter((s) => s !== '')
}

/**
 * Claims as API Gateway hands them to the integration (aws-semantics.md §1.4): strings unchanged,
 * numbers and booleans as strings, arrays as `[a b]`, objects as JSON text, `null` left out. The
 * result has no prototype (rule R8), so a `__proto__` claim is only ever an own string.
 */
export function renderClaims(claims: Record<string, unknown>): Record<string, string> {
  const rendered: Record<string, string> = Object.create(null)
  for (const name of Object.keys(claims)) {
    const value = claims[name]
    if (value === null || value === undefined) continue
    rendered[name] = renderValue(value)
  }
  return rendered
}

function renderValue(value: unknown): string {
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return `[${value.map(renderItem).join(' ')}]`
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

function renderItem(item: unknown): string {
  return item !== null && typeof item === 'object' ? JSON.stringify(item) : String(item)
}
