/**
 * Everything the gateway itself answers, in one place. Bodies are API Gateway's JSON `message`
 * objects (aws-semantics.md §2.3, design.md "Gateway errors"); internal causes go to the log only.
 */
export interface GatewayReply {
  status: number
  body: Buffer
}

function reply(status: number, message: string): GatewayReply {
  return { status, body: Buffer.from(JSON.stringify({ message })) }
}

export const BAD_REQUEST = reply(400, 'Bad Request')
export const UNAUTHORIZED = reply(401, 'Unauthorized')
export const FORBIDDEN = reply(403, 'Forbidden')
export const NOT_FOUND = reply(404, 'Not Found')
export const PAYLOAD_TOO_LARGE = reply(413, 'Request Entity Too Large')
export const HEADERS_TOO_LARGE = reply(431, 'Request Header Fields Too Large')
export const INTERNAL_SERVER_ERROR = reply(500, 'Internal Server Error')
export const SERVICE_UNAVAILABLE = reply(503, 'Service Unavailable')

/** Why a JWT authorizer refused a token. The code is what the request log line shows after `401`. */
export type AuthFailureCode =
  | 'missing'
  | 'malformed'
  | 'header'
  | 'alg'
  | 'kid'
  | 'jwks'
  | 'signature'
  | 'issuer'
  | 'audience'
  | 'claims'
  | 'expired'
  | 'nbf'
  | 'iat'
  | 'token_use'

export interface AuthFailure {
  code: AuthFailureCode | 'scope'
  reply: GatewayReply
  /** The `auth` field of the request log line, e.g. `401 expired`. */
  log: string
  /** RFC 6750 §3 `www-authenticate` challenge, in the shape AWS sends (AG-JWT-TS). */
  challenge: string
}

/** `error_description` texts follow AWS's wording; AWS documents the audience one verbatim. */
const DESCRIPTIONS: Record<AuthFailureCode, string> = {
  missing: 'the token is missing',
  malformed: 'the token is malformed',
  header: 'the token header has unsupported parameters',
  alg: 'the token signing algorithm is not supported',
  kid: 'the token does not have a valid key id',
  jwks: 'the signing keys of the issuer are unavailable',
  signature: 'the token does not have a valid signature',
  issuer: 'the token does not have a valid issuer',
  audience: 'the token does not have a valid audience',
  claims: 'the token has invalid claims',
  expired: 'the token has expired',
  nbf: 'the token is not valid yet',
  iat: 'the token was issued in the future',
  token_use: 'the token does not have a valid token_use',
}

export const AUTH_FAILURES = Object.fromEntries(
  Object.entries(DESCRIPTIONS).map(([code, description]) => [
    code,
    {
      code,
      reply: UNAUTHORIZED,
      log: `401 ${code}`,
      challenge: `Bearer scope="" error="invalid_token" error_description="${description}"`,
    },
  ]),
) as Record<AuthFailureCode, AuthFailure>

/**
 * A valid token without any of the route's scopes: 403 (aws-semantics.md §1.3) with RFC 6750 §3.1
 * `insufficient_scope`, naming the scopes the route accepts.
 */
export function insufficientScope(scopes: readonly string[]): AuthFailure {
  const description = 'the token does not have the required scope'
  return {
    code: 'scope',
    reply: FORBIDDEN,
    log: '403 scope',
    challenge: `Bearer scope="${scopes.join(' ')}" error="insufficient_scope" error_description="${description}"`,
  }
}
