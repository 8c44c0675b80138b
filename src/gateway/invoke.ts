import type { APIGatewayProxyEventV2 } from 'aws-lambda'

/** One call of a route's function. The event is plain JSON-serialisable data (payload format 2.0). */
export interface InvokeRequest {
  functionId: string
  event: APIGatewayProxyEventV2
  requestId: string
  /** The runtime answers `{ ok: false, reason: 'timeout' }` once this has elapsed. */
  timeoutMs: number
}

/**
 * How a call ended. The gateway maps these as API Gateway does (aws-semantics.md §2.3):
 * a result through the 2.0 response mapping, `error` and `crash` to 500, `timeout` to 503.
 */
export type InvokeOutcome =
  | { ok: true; result: unknown }
  | { ok: false; reason: 'error'; error: { name: string; message: string; stack?: string } }
  | { ok: false; reason: 'timeout' }
  | { ok: false; reason: 'crash'; detail: string }

/**
 * The port through which the gateway runs handlers; `server/` plugs in the runtime. It should
 * resolve, never reject: a rejection is logged and answered 500 like `crash`.
 */
export type Invoke = (request: InvokeRequest) => Promise<InvokeOutcome>

/** AWS's default and maximum HTTP API integration timeout (APIGW2-M `TimeoutInMillis`). */
export const DEFAULT_FUNCTION_TIMEOUT_MS = 30_000
