import type { IncomingMessage, ServerResponse } from 'node:http'
import type { GatewayResponse } from './dispatch.js'
import { PAYLOAD_TOO_LARGE } from './errors.js'

/** API Gateway's payload quota for HTTP APIs: 10 MB. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024

/** The declared body length: `0` without a body, `Infinity` for a chunked one of unknown length. */
export function declaredBodyLength(rawHeaders: readonly string[]): number {
  let length = 0
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!
    if (name.length === 14 && name.toLowerCase() === 'content-length') length = Number(rawHeaders[i + 1])
    else if (name.length === 17 && name.toLowerCase() === 'transfer-encoding') return Number.POSITIVE_INFINITY
  }
  return length
}

/** Reads a request body of at most `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let total = 0
    req.on('data', (chunk: Buffer) => {
      total += chunk.length
      if (total > limit) {
        req.removeAllListeners('data')
        req.pause()
        resolve('too-large')
      } else chunks.push(chunk)
    })
    req.once('end', () => resolve(Buffer.concat(chunks, total)))
    req.once('error', () => resolve('aborted'))
    req.once('aborted', () => resolve('aborted'))
  })
}

/**
 * Writes a response. Whatever a handler returned, a failure here costs this request only: the
 * client gets a 500 if nothing was sent yet, else the connection is cut.
 */
export function writeResponse(res: ServerResponse, response: GatewayResponse): void {
  try {
    res.writeHead(response.status, response.headers)
    res.end(response.body)
  } catch {
    if (res.headersSent) res.destroy()
    else res.writeHead(500, ['content-type', 'application/json']).end('{"message":"Internal Server Error"}')
  }
}

/** 413 before the body is read; the connection is closed so the rest of the body is never read. */
export function writeTooLarge(res: ServerResponse): void {
  res.writeHead(PAYLOAD_TOO_LARGE.status, [
    'content-type',
    'application/json',
    'content-length',
    String(PAYLOAD_TOO_LARGE.body.length),
    'connection',
    'close',
  ])
  res.end(PAYLOAD_TOO_LARGE.body)
}

/** `::ffff:127.0.0.1` → `127.0.0.1`: the form AWS shows in `sourceIp`. */
export function clientIp(address: string | undefined): string {
  if (address === undefined) return ''
  return address.startsWith('::ffff:') ? address.slice(7) : address
}
