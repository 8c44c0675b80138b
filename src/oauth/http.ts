import { readTextCapped } from '../core/index.js'
import { OAuthError, oauthError } from './errors.js'

/** Form bodies larger than this are refused before parsing. */
const MAX_FORM_BYTES = 64 * 1024

/**
 * An `application/x-www-form-urlencoded` body (RFC 6749 §3.2): any other type, an oversized body
 * or a parameter given twice (§3.1, "MUST NOT be included more than once") is invalid_request.
 */
export async function readForm(request: Request): Promise<Map<string, string>> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== 'application/x-www-form-urlencoded')
    throw oauthError('invalid_request', 'the body must be application/x-www-form-urlencoded')
  const text = await readTextCapped(request, MAX_FORM_BYTES)
  if (text === undefined) throw oauthError('invalid_request', 'the body is too large')
  return singleValued(new URLSearchParams(text))
}

export function singleValued(params: URLSearchParams): Map<string, string> {
  const out = new Map<string, string>()
  for (const [name, value] of params) {
    if (out.has(name)) throw oauthError('invalid_request', `${name} is given more than once`)
    out.set(name, value)
  }
  return out
}

/** Every token endpoint answer is uncacheable (RFC 6749 §5.1). */
export const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' }

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json;charset=UTF-8', ...NO_STORE, ...headers },
  })
}

/** The RFC 6749 §5.2 error body for an OAuthError. */
export function errorResponse(error: OAuthError): Response {
  return json(
    error.status,
    { error: error.error, ...(error.description ? { error_description: error.description } : {}) },
    error.challenge ? { 'www-authenticate': error.challenge } : {},
  )
}

export function isOAuthError(error: unknown): error is OAuthError {
  return error instanceof OAuthError
}
