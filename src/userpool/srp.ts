/**
 * Server side of Cognito's SRP-6a variant (InitiateAuth `USER_SRP_AUTH` → RespondToAuthChallenge
 * `PASSWORD_VERIFIER`), as the amazon-cognito-identity-js / Amplify `AuthenticationHelper` computes
 * the client side (aws-semantics.md §5.4). Pure functions over hex strings; the caller stores the
 * verifier, keeps the session secret between the two calls and checks SECRET_BLOCK and freshness.
 */
import { createDiffieHellman, hkdfSync } from 'node:crypto'
import {
  cryptoRandom,
  hmacSha256,
  PortcullisError,
  type Random,
  secretsEqual,
  sha256Hex,
} from '../core/index.js'

// RFC 5054 Appendix A 3072-bit group, which is RFC 3526 group 15 ("modp15"), g = 2: the client's `initN`.
const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
  '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
  '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
  'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
  'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF'
export const SRP_N = BigInt(`0x${N_HEX}`)
const G = 2n
const N_BUFFER = Buffer.from(N_HEX, 'hex')
const G_BUFFER = Buffer.from([2])
// RFC 5054 §2.5.3: b "SHOULD be at least 256 bits"; the group gives ~128-bit security, so more only costs time.
const B_SECRET_BYTES = 32
const SALT_BYTES = 16
// The longest SRP_A accepted before parsing: a 384-byte value in hex, with slack for leading zeros.
const MAX_A_HEX_DIGITS = 1024
const HKDF_INFO = 'Caldera Derived Key'
const HKDF_KEY_BYTES = 16

/**
 * Hex of the minimal two's-complement encoding of `value` (Java's `BigInteger.toByteArray`), lower case:
 * the client's `padHex`. Non-negative values get a leading `00` when their top bit is set.
 */
export function padHex(value: bigint): string {
  if (value < 0n) {
    let bytes = 1n
    while (value < -(1n << (8n * bytes - 1n))) bytes++
    return ((1n << (8n * bytes)) + value).toString(16).padStart(Number(2n * bytes), '0')
  }
  const hex = value.toString(16)
  const even = hex.length % 2 === 0 ? hex : `0${hex}`
  return /^[89a-f]/.test(even) ? `00${even}` : even
}

/** H over the bytes a hex string spells, as the client's `hexHash`. */
function hexHash(hex: string): string {
  return sha256Hex(Buffer.from(hex, 'hex'))
}

function hexToBigInt(hex: string): bigint {
  return hex === '' ? 0n : BigInt(`0x${hex}`)
}

// k = H(PAD(N) | PAD(g)) with the client's padHex, not RFC 5054's pad-to-|N| (AuthenticationHelper constructor).
const K = hexToBigInt(hexHash(padHex(SRP_N) + padHex(G)))

/**
 * base^exponent mod N, natively: Node's `computeSecret(peer)` is peer^private mod p (OpenSSL
 * DH_compute_key), several times faster than BigInt square-and-multiply at 3072 bits. The caller
 * guarantees 1 < base < N − 1, the range OpenSSL accepts as a peer value, and a non-zero exponent.
 */
function modPowN(base: bigint, exponent: Buffer): bigint {
  const dh = createDiffieHellman(N_BUFFER, G_BUFFER)
  dh.setPrivateKey(exponent)
  return hexToBigInt(
    dh.computeSecret(Buffer.from(base.toString(16).padStart(N_HEX.length, '0'), 'hex')).toString('hex'),
  )
}

/** SRP_A that RFC 5054 §2.5.4 says the server MUST refuse (A % N = 0), or that is not hex of a value in (0, N). */
export class SrpPublicValueError extends PortcullisError {
  constructor(message: string) {
    super('SRP_INVALID_PUBLIC_VALUE', message)
  }
}

function parsePublicA(hex: string): bigint {
  if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length > MAX_A_HEX_DIGITS)
    throw new SrpPublicValueError('SRP_A is not a hexadecimal number')
  const A = hexToBigInt(hex)
  if (A % SRP_N === 0n) throw new SrpPublicValueError('SRP_A % N must not be 0')
  if (A >= SRP_N) throw new SrpPublicValueError('SRP_A must be less than N')
  return A
}

/** What the pool stores per user: SALT (sent as is) and v = g^x mod N, both hex. */
export interface SrpVerifier {
  salt: string
  verifier: string
}

/**
 * x = H(PAD(salt) | H(poolName | userIdForSrp | ":" | password)), strings UTF-8. The salt goes through
 * the client's padHex of its integer value (`getPasswordAuthenticationKey`), so a salt with a leading
 * zero byte or a set top bit hashes as the client hashes it.
 */
function privateX(poolName: string, userIdForSrp: string, password: string, saltHex: string): Buffer {
  const identityHash = sha256Hex(`${poolName}${userIdForSrp}:${password}`)
  return Buffer.from(hexHash(padHex(hexToBigInt(saltHex)) + identityHash), 'hex')
}

/**
 * The verifier to store at sign-up and on every password change. `poolName` is the pool id after `_`;
 * `userIdForSrp` is the USER_ID_FOR_SRP the pool will send, so it must never change for the user.
 */
export function createSrpVerifier(
  poolName: string,
  userIdForSrp: string,
  password: string,
  salt: Buffer = cryptoRandom.bytes(SALT_BYTES),
): SrpVerifier {
  const saltHex = salt.toString('hex')
  const v = modPowN(G, privateX(poolName, userIdForSrp, password, saltHex))
  return { salt: saltHex, verifier: padHex(v) }
}

/**
 * A verifier for a user that does not exist, stable per (key, poolName, username), so that with
 * PreventUserExistenceErrors=ENABLED repeated attempts see the same SALT and fail at the proof like a
 * wrong password (aws-semantics.md §5.4 step 6). Derived with HKDF from `key` (RFC 5869), no modPow:
 * v is a square mod N, so it lies in the subgroup g = 2 generates, like every real verifier, and
 * no password is known to match it.
 */
export function fakeSrpVerifier(key: Buffer, poolName: string, username: string): SrpVerifier {
  // HKDF info is capped at 1024 bytes and the username comes from the client, so it enters as a digest.
  const derive = (label: string, bytes: number) =>
    Buffer.from(hkdfSync('sha256', key, '', sha256Hex(JSON.stringify([label, poolName, username])), bytes))
  const h = hexToBigInt(derive('verifier', N_BUFFER.length + 16).toString('hex')) % SRP_N
  return { salt: derive('salt', SALT_BYTES).toString('hex'), verifier: padHex((h * h) % SRP_N) }
}

/** State between InitiateAuth and RespondToAuthChallenge. `b` is secret and never leaves the server. */
export interface SrpServerSession {
  A: string
  b: string
  B: string
}

/**
 * Step 1: B = (k·v + g^b) mod N, sent as SRP_B. Throws `SrpPublicValueError` for an SRP_A the server
 * must refuse; the caller answers with an error instead of a challenge.
 */
export function startSrpSession(
  verifier: SrpVerifier,
  A: string,
  random: Pick<Random, 'bytes'> = cryptoRandom,
): SrpServerSession {
  const a = parsePublicA(A)
  const b = random.bytes(B_SECRET_BYTES)
  const B = (K * hexToBigInt(verifier.verifier) + modPowN(G, b)) % SRP_N
  return { A: padHex(a), b: b.toString('hex'), B: padHex(B) }
}

export interface PasswordClaim {
  poolName: string
  userIdForSrp: string
  verifier: SrpVerifier
  session: SrpServerSession
  /** PASSWORD_CLAIM_SECRET_BLOCK, base64; the caller has checked it is the SECRET_BLOCK it issued. */
  secretBlock: string
  /** TIMESTAMP exactly as sent; its freshness is the caller's check (`parseSrpTimestamp`). */
  timestamp: string
  /** PASSWORD_CLAIM_SIGNATURE, base64. */
  signature: string
}

/** The 16-byte key both sides derive, or undefined when the exchange is degenerate and must fail. */
function sessionKey(verifier: SrpVerifier, session: SrpServerSession): Buffer | undefined {
  const A = hexToBigInt(session.A)
  const uHex = hexHash(padHex(A) + padHex(hexToBigInt(session.B)))
  const u = hexToBigInt(uHex)
  // u = 0 would make S = A^b, independent of the password (SRP-6a aborts; the client throws 'U cannot be zero').
  if (u === 0n) return undefined
  // S = (A·v^u)^b mod N, the server side of RFC 5054 §2.6; a base of 0, 1 or N−1 fixes S whatever the password.
  const base = (A * modPowN(hexToBigInt(verifier.verifier), Buffer.from(uHex, 'hex'))) % SRP_N
  if (base <= 1n || base === SRP_N - 1n) return undefined
  const S = modPowN(base, Buffer.from(session.b, 'hex'))
  // RFC 5869 HKDF-SHA256, salt PAD(u), IKM PAD(S), one block of info "Caldera Derived Key" ‖ 0x01, first 16 bytes.
  const key = hkdfSync(
    'sha256',
    Buffer.from(padHex(S), 'hex'),
    Buffer.from(padHex(u), 'hex'),
    HKDF_INFO,
    HKDF_KEY_BYTES,
  )
  return Buffer.from(key)
}

/**
 * Step 2: whether PASSWORD_CLAIM_SIGNATURE = Base64(HMAC-SHA256(key, poolName ‖ userIdForSrp ‖
 * base64decode(secretBlock) ‖ timestamp)), compared in constant time. Never throws on client input.
 */
export function verifyPasswordClaim(claim: PasswordClaim): boolean {
  const key = sessionKey(claim.verifier, claim.session)
  if (!key) return false
  const message = Buffer.concat([
    Buffer.from(claim.poolName, 'utf8'),
    Buffer.from(claim.userIdForSrp, 'utf8'),
    Buffer.from(claim.secretBlock, 'base64'),
    Buffer.from(claim.timestamp, 'utf8'),
  ])
  return secretsEqual(hmacSha256(key, message).toString('base64'), claim.signature)
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

const two = (n: number) => String(n).padStart(2, '0')

/** TIMESTAMP as the client's DateHelper writes it: "ddd MMM D HH:mm:ss UTC YYYY", day not zero-padded. */
export function formatSrpTimestamp(date: Date): string {
  const time = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`
  return `${WEEKDAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()} ${time} UTC ${date.getUTCFullYear()}`
}

const TIMESTAMP = /^([A-Z][a-z]{2}) ([A-Z][a-z]{2}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) UTC (\d{4})$/

/**
 * The instant a TIMESTAMP names, or undefined unless it is a real date in the client's format with the
 * right weekday. A zero-padded day is accepted (other SRP clients write `%d`).
 */
export function parseSrpTimestamp(value: string): Date | undefined {
  const match = TIMESTAMP.exec(value)
  if (!match) return undefined
  const [, weekday, monthName, day, hours, minutes, seconds, year] = match
  const month = MONTHS.indexOf(monthName)
  const date = new Date(
    Date.UTC(Number(year), month, Number(day), Number(hours), Number(minutes), Number(seconds)),
  )
  const exact =
    month >= 0 &&
    date.getUTCDate() === Number(day) &&
    date.getUTCHours() === Number(hours) &&
    date.getUTCMinutes() === Number(minutes) &&
    date.getUTCSeconds() === Number(seconds) &&
    WEEKDAYS[date.getUTCDay()] === weekday
  return exact ? date : undefined
}
