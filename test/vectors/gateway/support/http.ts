// A raw HTTP/1.1 client: sends exactly the bytes a test writes (absolute-form targets, repeated
// headers, undecoded dot segments), which fetch and http.request would normalise or refuse.
import { connect } from 'node:net'

export interface RawResponse {
  status: number
  /** Lower-cased names; repeated fields keep every value. */
  headers: Record<string, string[]>
  body: string
}

export function header(response: RawResponse, name: string): string | undefined {
  return response.headers[name]?.join(', ')
}

export function rawRequest(port: number, text: string | Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', reject)
    socket.on('end', () => {
      try {
        resolve(parse(Buffer.concat(chunks)))
      } catch (error) {
        reject(error)
      }
    })
    socket.setTimeout(10_000, () => socket.destroy(new Error('no response within 10 s')))
    // Not `end()`: a half-closed client makes node:http drop the connection before answering.
    socket.write(text)
  })
}

export interface RequestSpec {
  method?: string
  target: string
  headers?: [string, string][]
  body?: string | Buffer
}

/** Serialises a request with `Connection: close`, so the server ends the exchange. */
export function serialise({ method = 'GET', target, headers = [], body }: RequestSpec): Buffer {
  const lines = [`${method} ${target} HTTP/1.1`]
  const names = new Set(headers.map(([n]) => n.toLowerCase()))
  if (!names.has('host')) lines.push('Host: api.test')
  for (const [name, value] of headers) lines.push(`${name}: ${value}`)
  const bytes = body === undefined ? undefined : Buffer.from(body)
  if (bytes && !names.has('content-length') && !names.has('transfer-encoding'))
    lines.push(`Content-Length: ${bytes.length}`)
  lines.push('Connection: close', '', '')
  return Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), bytes ?? Buffer.alloc(0)])
}

function parse(bytes: Buffer): RawResponse {
  const end = bytes.indexOf('\r\n\r\n')
  if (end === -1)
    throw new Error(`no complete response: ${JSON.stringify(bytes.toString('latin1').slice(0, 200))}`)
  const [statusLine, ...fields] = bytes.subarray(0, end).toString('latin1').split('\r\n')
  const headers: Record<string, string[]> = {}
  for (const field of fields) {
    const colon = field.indexOf(':')
    const name = field.slice(0, colon).toLowerCase()
    headers[name] ??= []
    headers[name].push(field.slice(colon + 1).trim())
  }
  let body = bytes.subarray(end + 4)
  const length = headers['content-length']?.[0]
  if (length !== undefined) body = body.subarray(0, Number(length))
  return { status: Number(statusLine!.split(' ')[1]), headers, body: body.toString('utf8') }
}
