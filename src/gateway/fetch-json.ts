export interface FetchLimits {
  /** Whole exchange, body included. */
  timeoutMs: number
  maxBytes: number
  /** Aborts the exchange when the gateway closes. */
  signal: AbortSignal
}

/**
 * GETs a JSON document from an issuer with a bounded size and time (security.md A32 cites API
 * Gateway's limits for JWKS: 150 000 bytes, 1 500 ms). Throws with a reason fit for the log.
 */
export async function fetchJson(fetchImpl: typeof fetch, url: string, limits: FetchLimits): Promise<unknown> {
  const signal = AbortSignal.any([AbortSignal.timeout(limits.timeoutMs), limits.signal])
  const response = await fetchImpl(url, { signal, headers: { accept: 'application/json' } })
  if (!response.ok) {
    await response.body?.cancel()
    throw new Error(`${url} answered HTTP ${response.status}`)
  }
  const declared = Number(response.headers.get('content-length') ?? 0)
  if (declared > limits.maxBytes) {
    await response.body?.cancel()
    throw new Error(`${url} is larger than ${limits.maxBytes} bytes`)
  }
  const chunks: Uint8Array[] = []
  let total = 0
  if (response.body) {
    const reader = response.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      total += value.byteLength
      if (total > limits.maxBytes) {
        await reader.cancel()
        throw new Error(`${url} is larger than ${limits.maxBytes} bytes`)
      }
      chunks.push(value)
    }
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    throw new Error(`${url} did not answer JSON`)
  }
}
