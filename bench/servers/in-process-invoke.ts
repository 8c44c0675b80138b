// The default Invoke of the benchmark: handlers run in the gateway's process, like the runtime's
// production mode. Another module can replace it (see bench/README.md, `--invoke`).
import type { Invoke } from '../../src/gateway/index.js'

const body = '{"message":"Hello user!"}'
const handlers: Record<string, (event: unknown) => Promise<unknown>> = {
  hello: async () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body }),
}

export function createInvoke(): Invoke {
  return async (request) => {
    const handler = handlers[request.functionId]
    if (!handler) return { ok: false, reason: 'crash', detail: `no handler ${request.functionId}` }
    try {
      return { ok: true, result: await handler(request.event) }
    } catch (error) {
      const { name, message, stack } = error as Error
      return { ok: false, reason: 'error', error: { name, message, stack } }
    }
  }
}
