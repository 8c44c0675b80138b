import { randomBytes, randomInt, randomUUID } from 'node:crypto'

/** Randomness, injected so that tests can make ids predictable where they need to. */
export interface Random {
  bytes(length: number): Buffer
  uuid(): string
  /** Uniform integer in [0, max). */
  int(max: number): number
}

export const cryptoRandom: Random = {
  bytes: (length) => randomBytes(length),
  uuid: () => randomUUID(),
  int: (max) => randomInt(max),
}

export const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789'
export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
export const DIGITS = '0123456789'

/** A string of `length` characters drawn uniformly from `alphabet` (no modulo bias). */
export function randomString(random: Random, alphabet: string, length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[random.int(alphabet.length)]
  return out
}

/** An opaque bearer secret with `bytes` of entropy, base64url-encoded. */
export function randomToken(random: Random, bytes = 32): string {
  return random.bytes(bytes).toString('base64url')
}
