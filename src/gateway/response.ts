/** An HTTP response ready for the wire: flat `[name, value, …]` headers as `writeHead` takes them. */
export interface WireResponse {
  status: number
  headers: string[]
  body: Buffer | string
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
/** What Node's `writeHead` refuses in a field value (RFC 9110 §5.5 field-vchar, plus obs-text). */
const FORBIDDEN_IN_VALUE = /[^\t\x20-\x7e\x80-\xff]/
/** Framing and identity headers the gateway sets itself; a handler's copy is dropped. */
const GATEWAY_OWNED = new Set([
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'apigw-requestid',
])

/**
 * Maps what a handler resolved to onto an HTTP response, payload format 2.0 (AG-LAMBDA, "Lambda
 * function response format"; aws-semantics.md §2.2). An object with `statusCode` is a structured
 * response; anything else is inferred as 200 `application/json` with the value's JSON text (a
 * string is sent as it is, per the doc example). Returns `undefined` for a malformed structured
 * response, which the caller answers 500. `dropCors` removes `access-control-*` headers (AG-CORS).
 */
export function mapResult(result: unknown, dropCors: boolean): WireResponse | undefined {
  if (typeof result !== 'object' || result === null || Array.isArray(result) || !('statusCode' in result)) {
    const body = typeof result === 'string' ? result : (JSON.stringify(result) ?? 'null')
    return { status: 200, headers: ['content-type', 'application/json'], body }
  }
  const { statusCode, headers, cookies, body, isBase64Encoded } = result as Record<string, unknown>
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 200 || statusCode > 599)
    return undefined
  if (body !== undefined && body !== null && typeof body !== 'string') return undefined
  if (isBase64Encoded !== undefined && isBase64Encoded !== null && typeof isBase64Encoded !== 'boolean')
    return undefined
  const wire: string[] = []
  const typed = copyHeaders(headers, dropCors, wire)
  if (typed === undefined || !copyCookies(cookies, wire)) return undefined
  // DOTNET-TT: "api gateway v2 defaults to this content type if none is provided".
  if (!typed) wire.push('content-type', 'text/plain; charset=utf-8')
  const text = typeof body === 'string' ? body : ''
  return {
    status: statusCode,
    headers: wire,
    body: isBase64Encoded === true ? Buffer.from(text, 'base64') : text,
  }
}

/** Copies valid headers into `into`; `undefined` when one is malformed, else whether a content-type was given. */
function copyHeaders(headers: unknown, dropCors: boolean, into: string[]): boolean | undefined {
  if (headers === undefined || headers === null) return false
  if (typeof headers !== 'object' || Array.isArray(headers)) return undefined
  let typed = false
  const record = headers as Record<string, unknown>
  for (const name of Object.keys(record)) {
    const value = record[name]
    if (!HEADER_NAME.test(name)) return undefined
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined
    const text = typeof value === 'string' ? value : String(value)
    if (FORBIDDEN_IN_VALUE.test(text)) return undefined
    const lower = name.toLowerCase()
    if (GATEWAY_OWNED.has(lower) || (dropCors && lower.startsWith('access-control-'))) continue
    if (lower === 'content-type') typed = true
    into.push(name, text)
  }
  return typed
}

/** AG-LAMBDA: each item of `cookies` becomes its own `set-cookie` header. */
function copyCookies(cookies: unknown, into: string[]): boolean {
  if (cookies === undefined || cookies === null) return true
  if (!Array.isArray(cookies)) return false
  for (const cookie of cookies) {
    if (typeof cookie !== 'string' || FORBIDDEN_IN_VALUE.test(cookie)) return false
    into.push('set-cookie', cookie)
  }
  return true
}
