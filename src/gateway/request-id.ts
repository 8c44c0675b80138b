import type { Random } from '../core/index.js'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/**
 * Request ids shaped like API Gateway's (`LV7fzho-PHcEJPw=`: 15 base64url characters and `=`):
 * 8 random characters per gateway, so ids stay unique across processes, then a counter.
 * Not secret, only unique; no per-request randomness.
 */
export class RequestIds {
  readonly #prefix: string
  #counter = 0

  constructor(random: Random) {
    this.#prefix = random.bytes(6).toString('base64url')
  }

  next(): string {
    let n = this.#counter++
    let suffix = ''
    for (let i = 0; i < 7; i++) {
      suffix = ALPHABET[n % 64] + suffix
      n = Math.floor(n / 64)
    }
    return `${this.#prefix}${suffix}=`
  }
}
