// Builds compact JWS strings byte by byte, including the malformed ones a library would refuse to
// produce (duplicate members, unknown `crit`, invalid UTF-8). Signing itself is node:crypto.
import { createPrivateKey, type KeyObject, sign } from 'node:crypto'

export type Part = string | Buffer | Record<string, unknown>

/** base64url of a JSON value, of a raw JSON text, or of raw bytes. */
export function segment(part: Part): string {
  if (Buffer.isBuffer(part)) return part.toString('base64url')
  return Buffer.from(typeof part === 'string' ? part : JSON.stringify(part)).toString('base64url')
}

export type Signer = (input: Buffer) => Buffer

export function rs256(key: KeyObject): Signer {
  return (input) => sign('sha256', input, key)
}

export function compact(header: Part, payload: Part, signer: Signer | Buffer | ''): string {
  const input = `${segment(header)}.${segment(payload)}`
  const signature = typeof signer === 'function' ? signer(Buffer.from(input)) : signer
  return `${input}.${signature === '' ? '' : signature.toString('base64url')}`
}

export function privateKey(jwk: Record<string, unknown>): KeyObject {
  return createPrivateKey({ key: jwk as never, format: 'jwk' })
}
