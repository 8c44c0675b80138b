import type { Random } from '../core/index.js'

/**
 * Request ids shaped like API Gateway's (`LV7fzho-PHcEJPw=`: 15 base64url characters and `=`):
 * 8 random characters per gateway, so ids stay unique across processes, then a base-36 counter.
 * Not secret, only unique; no per-request randomness.
 */
export class RequestIds {
  readonly #prefix: string
  #counter = 0

  constructor(random: Random) {
    this.#prefix = random.bytes(6).toString('base64url')
  }

  next(): string {
    const n = this.#counter++
    return `${this.#prefix}${n.toString(36).padStart(7, '0')}=`
  }
}
