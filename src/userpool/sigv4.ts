import { createHash, createHmac } from 'node:crypto'
import { SignatureV4 } from '@smithy/signature-v4'
import { secretsEqual } from '../core/index.js'
import type { AdminCredentials } from './deps.js'
import { CognitoError } from './errors.js'

/**
 * Verifies an AWS Signature Version 4 on a Cognito admin request by re-signing it with the
 * stage's credentials through the AWS SDK's own signer and comparing signatures. Only the
 * headers the client signed take part, exactly as it listed them.
 */
export interface SignedRequest {
  method: string
  path: string
  query: Record<string, string>
  headers: Record<string, string>
  body: string
}

const SERVICE = 'cognito-idp'
const REQUIRED_SIGNED = ['host', 'x-amz-date', 'x-amz-target']
const MAX_SKEW_MS = 15 * 60_000
const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/

export async function verifySigV4(
  request: SignedRequest,
  credentials: AdminCredentials,
  now: number,
): Promise<void> {
  const authorization = request.headers.authorization
  if (!authorization)
    throw new CognitoError('MissingAuthenticationTokenException', 'Missing Authentication Token')
  const match = AUTH.exec(authorization)
  if (!match)
    throw new CognitoError(
      'IncompleteSignatureException',
      'Authorization header requires existence of Credential, SignedHeaders and Signature.',
    )
  const [, accessKeyId, , region, service, signedHeaders, signature] = match as unknown as string[]
  if (!secretsEqual(accessKeyId!, credentials.accessKeyId))
    throw new CognitoError(
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    )
  if (service !== SERVICE) throw invalidSignature()
  const amzDate = request.headers['x-amz-date']
  const signingDate = amzDate ? parseAmzDate(amzDate) : undefined
  if (!signingDate) throw invalidSignature()
  if (Math.abs(now - signingDate.getTime()) > MAX_SKEW_MS)
    throw new CognitoError(
      'InvalidSignatureException',
      `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(new Date(now - MAX_SKEW_MS))}`,
    )

  // The signer trusts a given x-amz-content-sha256 as the payload hash, so it must match the
  // body actually received, or a captured signature would authorise any body of that length.
  const declaredHash = request.headers['x-amz-content-sha256']
  if (declaredHash !== undefined && declaredHash !== createHash('sha256').update(request.body).digest('hex'))
    throw invalidSignature()

  // The signature must cover what the request means: where it goes, when, which operation, and
  // every other x-amz-* header sent; otherwise a captured signature could be replayed as another
  // operation (AdminGetUser's body is also AdminDeleteUser's).
  const names = signedHeaders!.split(';')
  const unsigned = Object.keys(request.headers).filter((h) => h.startsWith('x-amz-') && !names.includes(h))
  if (!REQUIRED_SIGNED.every((h) => names.includes(h)) || unsigned.length > 0) throw invalidSignature()
  const headers: Record<string, string> = {}
  for (const name of names) {
    const value = request.headers[name]
    if (value === undefined) throw invalidSignature()
    headers[name] = value
  }
  const signer = new SignatureV4({
    service: SERVICE,
    region: region!,
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
    sha256: NodeSha256,
    uriEscapePath: true,
    // Otherwise the signer adds and signs x-amz-content-sha256 even when the client did not.
    applyChecksum: false,
  })
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: headers.host!,
      path: request.path,
      query: request.query,
      headers,
      body: request.body,
    },
    { signingDate, unsignableHeaders: new Set(), signableHeaders: new Set(names) },
  )
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization ?? ''))?.[1] ?? ''
  if (!secretsEqual(expected, signature!)) throw invalidSignature()
}

function invalidSignature(): CognitoError {
  return new CognitoError(
    'InvalidSignatureException',
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  )
}

function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value)
  if (!m) return undefined
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[]
  return new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!))
}

function formatAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

/** The hash constructor shape the SDK signer expects, over node:crypto. */
class NodeSha256 {
  readonly #hash
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret))
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#hash.update(toBuffer(data))
  }
  async digest(): Promise<Uint8Array> {
    return this.#hash.digest()
  }
}

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8')
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  return Buffer.from(data)
}
