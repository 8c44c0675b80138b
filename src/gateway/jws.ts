import { isUtf8 } from 'node:buffer'
import type { AuthFailureCode } from './errors.js'

/** The only algorithm accepted; never read from the token's own claims about itself (rule R1). */
export const ALLOWED_ALGORITHMS: ReadonlySet<string> = new Set(['RS256'])
/** Rule R2: Cognito emits only `kid` and `alg`; `jku`, `x5u`, `jwk`, `crit`, `b64`, `cty` … are refused. */
const ALLOWED_HEADER_PARAMETERS: ReadonlySet<string> = new Set(['alg', 'kid', 'typ'])
const BASE64URL = /^[A-Za-z0-9_-]+$/
const MAX_TOKEN_LENGTH = 16_384
const MAX_HEADER_SEGMENT = 1_024
const MAX_KID_LENGTH = 256

export interface CompactJws {
  alg: string
  kid: string
  /** `header.payload`, the bytes the signature covers (RFC 7515 §5.2). */
  signingInput: string
  /** The decoded payload segment; parsed only once the signature is known to be good. */
  payload: Buffer
  signature: Buffer
}

/**
 * Steps 1–3 of the authorizer: structure, header allow-list, `alg` allow-list and `kid` presence.
 * Strict compact serialisation (rule R3, RFC 7515 §7.1): exactly three non-empty segments of the
 * base64url alphabet without padding, each the canonical encoding of its bytes — a signature whose
 * unused low bits differ still decodes to the same bytes, and is refused (security.md A12).
 */
export function parseCompactJws(token: string): CompactJws | AuthFailureCode {
  if (token.length > MAX_TOKEN_LENGTH) return 'malformed'
  const first = token.indexOf('.')
  const second = token.indexOf('.', first + 1)
  if (first <= 0 || second === -1 || second === first + 1 || token.indexOf('.', second + 1) !== -1)
    return 'malformed'
  if (second === token.length - 1) return 'malformed'
  const headerSegment = token.slice(0, first)
  const payload = token.slice(first + 1, second)
  const signatureSegment = token.slice(second + 1)
  if (headerSegment.length > MAX_HEADER_SEGMENT) return 'header'
  const headerBytes = canonicalBytes(headerSegment)
  const signature = canonicalBytes(signatureSegment)
  const payloadBytes = canonicalBytes(payload)
  if (!headerBytes || !signature || !payloadBytes) return 'malformed'
  const header = parseJsonObject(headerBytes)
  if (!header) return 'malformed'
  for (const name of Object.keys(header)) if (!ALLOWED_HEADER_PARAMETERS.has(name)) return 'header'
  if (header.typ !== undefined && typeof header.typ !== 'string') return 'header'
  const alg = header.alg
  if (typeof alg !== 'string' || !ALLOWED_ALGORITHMS.has(alg)) return 'alg'
  const kid = header.kid
  if (typeof kid !== 'string' || kid.length === 0 || kid.length > MAX_KID_LENGTH) return 'kid'
  return { alg, kid, signingInput: token.slice(0, second), payload: payloadBytes, signature }
}

/** The payload's JSON object, or `undefined`. */
export function decodePayload(payload: Buffer): Record<string, unknown> | undefined {
  return parseJsonObject(payload)
}

/**
 * The bytes of a base64url segment (RFC 4648 §5) that is canonical: only the alphabet, no
 * padding, a length that is not 1 modulo 4, and zero bits where the last character has more bits
 * than bytes to fill (RFC 4648 §3.5) — the check jose and aws-jwt-verify omit (security.md A12).
 */
function canonicalBytes(segment: string): Buffer | undefined {
  const rest = segment.length % 4
  if (rest === 1 || !BASE64URL.test(segment)) return undefined
  if (rest !== 0) {
    const last = B64URL_VALUE.indexOf(segment[segment.length - 1]!)
    if ((last & (rest === 2 ? 0b1111 : 0b11)) !== 0) return undefined
  }
  return Buffer.from(segment, 'base64url')
}

const B64URL_VALUE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/**
 * RFC 7519 §7.2 step 10: the JOSE header and claims are UTF-8 JSON objects. Invalid UTF-8 is
 * refused, never replaced; a BOM is kept by `toString` and is not JSON.
 */
function parseJsonObject(bytes: Buffer): Record<string, unknown> | undefined {
  if (!isUtf8(bytes)) return undefined
  let value: unknown
  try {
    value = JSON.parse(bytes.toString('utf8'))
  } catch {
    return undefined
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}
