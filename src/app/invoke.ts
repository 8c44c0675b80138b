/**
 * The contract between the gateway, which decides that a route's function runs, and the runtime,
 * which runs it: the gateway declares the port, `server/` plugs the runtime in. `event` is an API
 * Gateway payload 2.0 event; it must be structured-clonable (isolated workers get a copy).
 */
export interface InvokeRequest<Event = unknown> {
  functionId: string
  event: Event
  requestId: string
  /** The runtime answers `{ ok: false, reason: 'timeout' }` once this has elapsed. */
  timeoutMs: number
}

/**
 * How a call ended. The gateway maps these as API Gateway does (aws-semantics.md §2.3): a result
 * through the 2.0 response mapping, `error` and `crash` to 500, `timeout` to 503.
 */
export type InvokeOutcome =
  | { ok: true; result: unknown }
  | { ok: false; reason: 'error'; error: { name: string; message: string; stack?: string } }
  | { ok: false; reason: 'timeout' }
  | { ok: false; reason: 'crash'; detail: string }

/** Runs one call; it resolves, never rejects (a rejection is answered 500 like `crash`). */
export type Invoke<Event = unknown> = (request: InvokeRequest<Event>) => Promise<InvokeOutcome>
