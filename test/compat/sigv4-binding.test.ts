// A SigV4 signature must bind the operation and every x-amz-* header: a signature over fewer
// headers is refused, so a captured AdminGetUser cannot be replayed as AdminDeleteUser.
import assert from 'node:assert/strict'
import { createHash, createHmac } from 'node:crypto'
import { after, before, test } from 'node:test'
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { SignatureV4 } from '@smithy/signature-v4'
import { rawCognito, startTestUserPool, type TestUserPool } from '../support/userpool.js'

type Bytes = string | ArrayBuffer | ArrayBufferView
const bytes = (d: Bytes) =>
  typeof d === 'string'
    ? Buffer.from(d)
    : ArrayBuffer.isView(d)
      ? Buffer.from(d.buffer, d.byteOffset, d.byteLength)
      : Buffer.from(d)

class Sha256 {
  readonly #hash
  constructor(secret?: Bytes) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret))
  }
  update(data: Bytes): void {
    this.#hash.update(bytes(data))
  }
  async digest(): Promise<Uint8Array> {
    return this.#hash.digest()
  }
}

let pool: TestUserPool
let poolId: string

before(async () => {
  pool = await startTestUserPool()
  poolId = (await pool.admin.send(new CreateUserPoolCommand({ PoolName: 'sig' }))).UserPool!.Id!
  await pool.admin.send(
    new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'victim', MessageAction: 'SUPPRESS' }),
  )
})
after(() => pool.stop())

/** Signs only the headers given, then sends with `extra` headers added after signing. */
async function signedOver(headers: Record<string, string>, body: string, extra: Record<string, string>) {
  const url = new URL(pool.server.url)
  const signer = new SignatureV4({
    service: 'cognito-idp',
    region: 'us-east-1',
    credentials: pool.server.credentials,
    sha256: Sha256,
    applyChecksum: false,
  })
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.host,
    path: '/',
    headers: { host: url.host, ...headers },
    body,
  })
  const { host: _, ...sent } = signed.headers as Record<string, string>
  return rawCognito(
    pool.server.url,
    String(extra['x-amz-target'] ?? headers['x-amz-target']).split('.')[1]!,
    body,
    { ...sent, ...extra },
  )
}

test('a signature that leaves x-amz-target unsigned is refused, whatever the target', async () => {
  const body = JSON.stringify({ UserPoolId: poolId, Username: 'victim' })
  const replayed = await signedOver({}, body, {
    'x-amz-target': 'AWSCognitoIdentityProviderService.AdminDeleteUser',
  })
  assert.equal(replayed.status, 400)
  assert.equal(replayed.body.__type, 'InvalidSignatureException')
  const user = await pool.admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'victim' }))
  assert.equal(user.Username, 'victim')
})

test('an x-amz-* header added after signing is refused', async () => {
  const body = JSON.stringify({ UserPoolId: poolId, Username: 'victim' })
  const target = { 'x-amz-target': 'AWSCognitoIdentityProviderService.AdminGetUser' }
  const res = await signedOver(target, body, { ...target, 'x-amz-security-token': 'injected' })
  assert.equal(res.body.__type, 'InvalidSignatureException')
  const ok = await signedOver({ ...target, 'content-type': 'application/x-amz-json-1.1' }, body, target)
  assert.equal(ok.status, 200, JSON.stringify(ok.body))
})
