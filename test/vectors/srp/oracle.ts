// The client side of Cognito SRP as amazon-cognito-identity-js 6.3 computes it, typed narrowly: the oracle
// the server module is checked against, and the source of the committed vectors. The package ships
// CommonJS without declarations for these files, hence createRequire and the interfaces below.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

export interface ClientBigInteger {
  toString(radix: number): string
  modPow(exponent: ClientBigInteger, modulus: ClientBigInteger, callback: Callback<ClientBigInteger>): void
  multiply(other: ClientBigInteger): ClientBigInteger
  add(other: ClientBigInteger): ClientBigInteger
  negate(): ClientBigInteger
  mod(modulus: ClientBigInteger): ClientBigInteger
}

type Callback<T> = (error: Error | null, value: T) => void

interface ClientAuthenticationHelper {
  N: ClientBigInteger
  g: ClientBigInteger
  k: ClientBigInteger
  smallAValue: ClientBigInteger
  largeAValue: ClientBigInteger
  padHex(value: ClientBigInteger): string
  hash(value: string): string
  hexHash(hex: string): string
  getPasswordAuthenticationKey(
    username: string,
    password: string,
    serverB: ClientBigInteger,
    salt: ClientBigInteger,
    callback: Callback<Buffer>,
  ): void
}

interface Sha256 {
  update(data: Uint8Array): void
  digestSync(): Uint8Array
}

const { default: BigInteger } = require('amazon-cognito-identity-js/lib/BigInteger.js') as {
  default: new (value: string, radix: number) => ClientBigInteger
}
const { default: AuthenticationHelper } =
  require('amazon-cognito-identity-js/lib/AuthenticationHelper.js') as {
    default: new (poolName: string) => ClientAuthenticationHelper
  }
const { default: DateHelper } = require('amazon-cognito-identity-js/lib/DateHelper.js') as {
  default: new () => { getNowString(): string }
}
// The HMAC implementation CognitoUser signs with (a keyed Sha256 is HMAC-SHA256).
const { Sha256 } = require('@aws-crypto/sha256-js') as { Sha256: new (secret?: Uint8Array) => Sha256 }

export function clientBigInteger(hex: string): ClientBigInteger {
  return new BigInteger(hex, 16)
}

/** The client's callbacks run synchronously; this unwraps one and fails loudly if that ever changes. */
function sync<T>(run: (callback: Callback<T>) => void): T {
  let result: { value: T } | undefined
  run((error, value) => {
    if (error) throw error
    result = { value }
  })
  if (!result) throw new Error('the client callback did not run synchronously')
  return result.value
}

// One helper for N, g, k, hashing and padHex; each construction costs a 1024-bit modPow.
const shared = new AuthenticationHelper('')
export const clientGroup = { N: shared.N, g: shared.g, k: shared.k }

export function clientModPow(base: ClientBigInteger, exponentHex: string): ClientBigInteger {
  return sync((callback) => base.modPow(clientBigInteger(exponentHex), shared.N, callback))
}

/** x = H(PAD(salt) | H(poolName | userId | ":" | password)), with the client's own primitives. */
export function clientX(poolName: string, userIdForSrp: string, password: string, salt: string): string {
  return shared.hexHash(
    shared.padHex(clientBigInteger(salt)) + shared.hash(`${poolName}${userIdForSrp}:${password}`),
  )
}

/** One client sign-in attempt: the helper CognitoUser creates, optionally with a fixed secret `a`. */
export class SrpClient {
  readonly helper: ClientAuthenticationHelper

  constructor(poolName: string, aHex?: string) {
    this.helper = new AuthenticationHelper(poolName)
    if (aHex !== undefined) {
      this.helper.smallAValue = clientBigInteger(aHex)
      this.helper.largeAValue = clientModPow(this.helper.g, aHex)
    }
  }

  /** SRP_A as CognitoUser sends it: `largeAValue.toString(16)`. */
  get A(): string {
    return this.helper.largeAValue.toString(16)
  }

  /** `getPasswordAuthenticationKey` fed SRP_B and SALT as CognitoUser parses them. */
  passwordKey(userIdForSrp: string, password: string, B: string, salt: string): Buffer {
    return sync((callback) =>
      this.helper.getPasswordAuthenticationKey(
        userIdForSrp,
        password,
        clientBigInteger(B),
        clientBigInteger(salt),
        callback,
      ),
    )
  }
}

/** PASSWORD_CLAIM_SIGNATURE exactly as `CognitoUser.authenticateUserDefaultAuth` builds it. */
export function clientSignature(
  poolName: string,
  userIdForSrp: string,
  secretBlock: string,
  timestamp: string,
  key: Buffer,
): string {
  const hmac = new Sha256(key)
  hmac.update(
    Buffer.concat([
      Buffer.from(poolName, 'utf8'),
      Buffer.from(userIdForSrp, 'utf8'),
      Buffer.from(secretBlock, 'base64'),
      Buffer.from(timestamp, 'utf8'),
    ]),
  )
  return Buffer.from(hmac.digestSync()).toString('base64')
}

/** `DateHelper.getNowString()`, the TIMESTAMP CognitoUser sends (reads the current clock). */
export function clientNowString(): string {
  return new DateHelper().getNowString()
}

/** The client's padHex of a (possibly negative) integer given in hex. */
export function clientPadHex(hex: string): string {
  return shared.padHex(clientBigInteger(hex))
}
