import type { InvokeOutcome } from './contract.js'
import { type ErrorInfo, errorInfo } from './invocation.js'

/** The request's own deadline (the HTTP API integration timeout) passed first: a 503. */
export const INTEGRATION_TIMEOUT: InvokeOutcome = Object.freeze({ ok: false, reason: 'timeout' })

/**
 * The function's own timeout passed first. Lambda reports it as a function error
 * (errorType `Sandbox.Timedout`), which API Gateway answers with a 500.
 */
export function functionTimedOut(timeoutMs: number): InvokeOutcome {
  return {
    ok: false,
    reason: 'error',
    error: {
      name: 'Sandbox.Timedout',
      message: `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`,
    },
  }
}

export function failed(error: unknown): InvokeOutcome {
  return { ok: false, reason: 'error', error: errorInfo(error) }
}

export function failedWith(error: ErrorInfo): InvokeOutcome {
  return { ok: false, reason: 'error', error }
}

export function crashed(detail: string): InvokeOutcome {
  return { ok: false, reason: 'crash', detail }
}

/** Lambda's answer when concurrency is exhausted (TooManyRequestsException); API Gateway shows a 500. */
export function throttled(functionId: string): InvokeOutcome {
  return {
    ok: false,
    reason: 'error',
    error: { name: 'TooManyRequestsException', message: `Rate Exceeded: ${functionId} has no free worker` },
  }
}
