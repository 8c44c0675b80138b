// A fast client side of Cognito SRP over node:crypto, for tests and the sign-in benchmark that need
// many exchanges or a pinned TIMESTAMP. It follows the same formulas as amazon-cognito-identity-js
// (aws-semantics.md §5.4); srp.test.ts and the compatibility tests check the real clients.
import { createDiffieHellman, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto'
import { formatSrpTimestamp, padHex, SRP_N } from '../../../src/userpool/srp.js'

const N_BYTES = Buffer.from(SRP_N.toString(16), 'hex')
const hexHash = (hex: string) => createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex')
const big = (hex: string) => BigInt(`0x${hex || '0'}`)
const K = big(hexHash(padHex(SRP_N) + padHex(2n)))

function toBytes(value: bigint): Buffer {
  const hex = value.toString(16)
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex')
}

/** base^exponent mod N through OpenSSL's DH (peer^private mod p); base must lie in (1, N − 1). */
function modPow(base: bigint, exponent: bigint): bigint {
  const dh = createDiffieHellman(N_BYTES, Buffer.from([2]))
  dh.setPrivateKey(toBytes(exponent))
  return big(
    dh.computeSecret(Buffer.from(base.toString(16).padStart(N_BYTES.length * 2, '0'), 'hex')).toString('hex'),
  )
}

export interface PasswordClaimResponses extends Record<string, string> {
  USERNAME: string
  PASSWORD_CLAIM_SECRET_BLOCK: string
  PASSWORD_CLAIM_SIGNATURE: string
  TIMESTAMP: string
}

/** One sign-in attempt: SRP_A for InitiateAuth, then the claim for the PASSWORD_VERIFIER challenge. */
export class NodeSrpClient {
  readonly #a = big(randomBytes(32).toString('hex')) || 1n
  readonly #poolName: string
  readonly A: string

  constructor(poolId: string) {
    this.#poolName = poolId.slice(poolId.indexOf('_') + 1)
    this.A = modPow(2n, this.#a).toString(16)
  }

  claim(challenge: Record<string, string>, password: string, at: Date = new Date()): PasswordClaimResponses {
    const { SALT = '', SRP_B = '', SECRET_BLOCK = '', USER_ID_FOR_SRP = '' } = challenge
    const B = big(SRP_B)
    const u = big(hexHash(padHex(big(this.A)) + padHex(B)))
    const identity = createHash('sha256')
      .update(`${this.#poolName}${USER_ID_FOR_SRP}:${password}`)
      .digest('hex')
    const x = big(hexHash(padHex(big(SALT)) + identity))
    const base = (((B - K * modPow(2n, x)) % SRP_N) + SRP_N) % SRP_N
    const S = modPow(base, this.#a + u * x)
    const key = Buffer.from(
      hkdfSync(
        'sha256',
        Buffer.from(padHex(S), 'hex'),
        Buffer.from(padHex(u), 'hex'),
        'Caldera Derived Key',
        16,
      ),
    )
    const timestamp = formatSrpTimestamp(at)
    const signature = createHmac('sha256', key)
      .update(
        Buffer.concat([
          Buffer.from(this.#poolName),
          Buffer.from(USER_ID_FOR_SRP),
          Buffer.from(SECRET_BLOCK, 'base64'),
          Buffer.from(timestamp),
        ]),
      )
      .digest('base64')
    return {
      USERNAME: USER_ID_FOR_SRP,
      PASSWORD_CLAIM_SECRET_BLOCK: SECRET_BLOCK,
      PASSWORD_CLAIM_SIGNATURE: signature,
      TIMESTAMP: timestamp,
    }
  }
}
