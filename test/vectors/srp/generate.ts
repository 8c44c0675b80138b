// Writes vectors.json: Cognito SRP exchanges computed entirely with amazon-cognito-identity-js's own
// BigInteger, hashing and key derivation (oracle.ts), from fixed inputs. srp.test.ts reproduces them with
// the server module and checks this file is what the script produces.
// Run: node --import tsx test/vectors/srp/generate.ts
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { clientGroup, clientModPow, clientSignature, clientX, SrpClient } from './oracle.js'

export interface SrpVector {
  name: string
  poolName: string
  userIdForSrp: string
  password: string
  /** SALT as the server sends it. */
  salt: string
  /** v = g^x mod N, client padHex. */
  verifier: string
  /** The client's secret, for reproducing A. */
  a: string
  /** SRP_A as the client sends it. */
  A: string
  /** The server's secret. */
  b: string
  /** SRP_B = (k·v + g^b) mod N, client padHex. */
  B: string
  secretBlock: string
  timestamp: string
  /** The 16-byte HKDF key the client derives, hex. */
  key: string
  /** PASSWORD_CLAIM_SIGNATURE. */
  signature: string
}

interface VectorInput {
  name: string
  poolName: string
  userIdForSrp: string
  password: string
  /** Forces the salt's first byte, to pin padHex of the salt (a set top bit, or a leading zero). */
  saltFirstByte: number
  timestamp: string
}

const INPUTS: VectorInput[] = [
  {
    name: 'ascii username, salt with its top bit set',
    poolName: 'AbC123xyZ',
    userIdForSrp: 'alice',
    password: 'Passw0rd!',
    saltFirstByte: 0xf0,
    timestamp: 'Sat Sep 5 09:03:07 UTC 2026',
  },
  {
    name: 'unicode password, salt with a leading zero byte',
    poolName: 'Local01',
    userIdForSrp: 'bob@example.com',
    password: 'pässwörd-密码-🔑',
    saltFirstByte: 0x00,
    timestamp: 'Thu Jan 1 00:00:00 UTC 2026',
  },
  {
    name: 'USER_ID_FOR_SRP is a sub, 256-character password',
    poolName: 'ZZ9plural',
    userIdForSrp: '8c1f7a52-3b8e-4d6e-9f0a-6b2c1d9e4f77',
    password: 'correct horse battery staple '.repeat(9).slice(0, 256),
    saltFirstByte: 0x3c,
    timestamp: 'Wed Dec 31 23:59:59 UTC 2025',
  },
]

/** `length` deterministic bytes for a label: SHA-256 in counter mode. */
function fixedBytes(label: string, length: number): Buffer {
  const blocks: Buffer[] = []
  for (let i = 0; blocks.length * 32 < length; i++)
    blocks.push(createHash('sha256').update(`${label}/${i}`).digest())
  return Buffer.concat(blocks).subarray(0, length)
}

export function generateSrpVectors(): SrpVector[] {
  return INPUTS.map((input) => {
    const { name, poolName, userIdForSrp, password, timestamp } = input
    const saltBytes = fixedBytes(`${name}/salt`, 16)
    saltBytes[0] = input.saltFirstByte
    const salt = saltBytes.toString('hex')
    const a = fixedBytes(`${name}/a`, 128).toString('hex')
    const b = fixedBytes(`${name}/b`, 32).toString('hex')
    const secretBlock = fixedBytes(`${name}/secret block`, 64).toString('base64')

    const client = new SrpClient(poolName, a)
    const v = clientModPow(clientGroup.g, clientX(poolName, userIdForSrp, password, salt))
    const B = clientGroup.k.multiply(v).add(clientModPow(clientGroup.g, b)).mod(clientGroup.N)
    const Bhex = client.helper.padHex(B)
    const key = client.passwordKey(userIdForSrp, password, Bhex, salt)
    return {
      name,
      poolName,
      userIdForSrp,
      password,
      salt,
      verifier: client.helper.padHex(v),
      a,
      A: client.A,
      b,
      B: Bhex,
      secretBlock,
      timestamp,
      key: key.toString('hex'),
      signature: clientSignature(poolName, userIdForSrp, secretBlock, timestamp, key),
    }
  })
}

export const VECTORS_FILE = resolve(import.meta.dirname, 'vectors.json')

export function serializeSrpVectors(vectors: SrpVector[]): string {
  return `${JSON.stringify(vectors, null, 2)}\n`
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  writeFileSync(VECTORS_FILE, serializeSrpVectors(generateSrpVectors()))
  console.log(`wrote ${VECTORS_FILE}`)
}
