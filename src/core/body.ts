/**
 * Reads a request body as UTF-8 text, but never more than `maxBytes` of it: the declared length
 * is checked first, then the bytes as they arrive, so a huge or chunked body is refused without
 * being held in memory. Undefined when the body is too large.
 */
export async function readTextCapped(request: Request, maxBytes: number): Promise<string | undefined> {
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) return undefined
  if (!request.body) return ''
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength
    if (size > maxBytes) return undefined
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}
