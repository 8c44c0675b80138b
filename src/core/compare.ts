import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Constant-time equality of two secrets of any length. Both sides are digested first:
 * `timingSafeEqual` throws on unequal lengths, and a wrong-length secret must be a plain
 * mismatch, never an exception (security.md §1 item 5).
 */
export function secretsEqual(a: string | Buffer, b: string | Buffer): boolean {
  const da = createHash('sha256').update(a).digest()
  const db = createHash('sha256').update(b).digest()
  return timingSafeEqual(da, db)
}

export function sha256Hex(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex')
}

export function hmacSha256(key: string | Buffer, value: string | Buffer): Buffer {
  return createHmac('sha256', key).update(value).digest()
}
