import { createHash } from 'node:crypto'
import { secretsEqual } from '../core/index.js'

/** RFC 7636 §4.1: 43–128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/
/** BASE64URL(SHA-256(verifier)) is always 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9\-_]{43}$/

export function isValidVerifier(verifier: string): boolean {
  return VERIFIER.test(verifier)
}

export function isValidS256Challenge(challenge: string): boolean {
  return S256_CHALLENGE.test(challenge)
}

/** RFC 7636 §4.6 with the S256 method, the only one Cognito supports (aws-semantics.md §6.1). */
export function verifierMatches(verifier: string, challenge: string): boolean {
  const computed = createHash('sha256').update(verifier, 'ascii').digest('base64url')
  return secretsEqual(computed, challenge)
}
