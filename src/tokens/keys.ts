import { createHash } from 'node:crypto'
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose'

/** Cognito signs ID and access tokens with different keys (aws-semantics.md §4.1–4.2). */
export type KeyUse = 'id' | 'access'

export interface SigningKey {
  kid: string
  use: KeyUse
  /** Private RSA JWK (kty, n, e, d, p, q, dp, dq, qi). Never leaves the store and the signer. */
  privateJwk: JWK
  createdAt: number
}

export interface PublicJwk {
  kid: string
  alg: 'RS256'
  kty: 'RSA'
  e: string
  n: string
  use: 'sig'
}

const MODULUS_BITS = 2048

/**
 * A fresh RS256 key. The `kid` is the standard-base64 SHA-256 of the RFC 7638 thumbprint input,
 * 44 characters like Cognito's (`vyVQH7UMjwYboVvyFf+zd4KHZfgc+RtmU/A2vHhgITI=`).
 */
export async function generateSigningKey(use: KeyUse, createdAt: number): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: MODULUS_BITS, extractable: true })
  const privateJwk = await exportJWK(privateKey)
  const thumbprint = await calculateJwkThumbprint(privateJwk, 'sha256')
  const kid = createHash('sha256').update(thumbprint).digest('base64')
  return { kid, use, privateJwk: { ...privateJwk, alg: 'RS256', kid }, createdAt }
}

/** The public half, with exactly the members a JWKS may carry (security.md §3 A32). */
export function toPublicJwk(key: SigningKey): PublicJwk {
  const { n, e } = key.privateJwk
  if (typeof n !== 'string' || typeof e !== 'string')
    throw new Error(`signing key ${key.kid} is not an RSA key`)
  return { kid: key.kid, alg: 'RS256', kty: 'RSA', e, n, use: 'sig' }
}

export function jwksDocument(keys: readonly SigningKey[]): { keys: PublicJwk[] } {
  return { keys: keys.map(toPublicJwk) }
}
