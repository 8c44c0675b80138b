import { oauthError } from './errors.js'

/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/
const NEED_OPENID = new Set(['email', 'phone', 'profile'])

export function parseScope(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined
  const scopes = value.split(' ').filter((s) => s !== '')
  if (scopes.some((s) => !SCOPE_TOKEN.test(s))) throw oauthError('invalid_scope', 'malformed scope')
  return [...new Set(scopes)]
}

/**
 * The scopes a request is granted (aws-semantics.md §6.1): without a `scope` parameter, every
 * scope allowed on the client; otherwise the requested ones the client allows (others are
 * ignored, as Cognito does). `email`, `phone` and `profile` need `openid`. Nothing left to grant
 * is `invalid_scope`.
 */
export function grantScopes(requested: string[] | undefined, allowed: readonly string[]): string[] {
  const allowedSet = new Set(allowed)
  let granted = (requested ?? [...allowed]).filter((s) => allowedSet.has(s))
  if (!granted.includes('openid')) granted = granted.filter((s) => !NEED_OPENID.has(s))
  if (granted.length === 0)
    throw oauthError('invalid_scope', 'none of the requested scopes is allowed for this client')
  return granted
}
