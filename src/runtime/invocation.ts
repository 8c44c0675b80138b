import type { LambdaIdentity } from './lambda-identity.js'

/** The `context` argument, as aws-lambda's `Context` type describes it. */
export interface LambdaContext {
  awsRequestId: string
  functionName: string
  functionVersion: string
  invokedFunctionArn: string
  memoryLimitInMB: string
  logGroupName: string
  logStreamName: string
  callbackWaitsForEmptyEventLoop: boolean
  getRemainingTimeInMillis(): number
  done(error?: unknown, result?: unknown): void
  fail(error: unknown): void
  succeed(result: unknown): void
}

export type LambdaHandler = (event: unknown, context: LambdaContext, callback: Callback) => unknown
type Callback = (error?: unknown, result?: unknown) => void

export interface ErrorInfo {
  name: string
  message: string
  stack?: string
}

const noop = (): void => {}

/**
 * `deadline` is an epoch-ms instant. `getRemainingTimeInMillis` is an own arrow property,
 * not a method, because handlers destructure it (Lambda's own runtime does the same).
 * `done`/`fail`/`succeed` are the deprecated pre-Node-8 completion calls; they are no-ops.
 */
export function createContext(
  identity: LambdaIdentity,
  logStreamName: string,
  requestId: string,
  deadline: number,
): LambdaContext {
  return {
    awsRequestId: requestId,
    functionName: identity.functionName,
    functionVersion: identity.functionVersion,
    invokedFunctionArn: identity.invokedFunctionArn,
    memoryLimitInMB: identity.memoryLimitInMB,
    logGroupName: identity.logGroupName,
    logStreamName,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: remainingTime(deadline),
    done: noop,
    fail: noop,
    succeed: noop,
  }
}

/** Made here rather than in the object literal, where a TypeScript loader's keepNames would name it on every call. */
function remainingTime(deadline: number): () => number {
  return () => Math.max(0, deadline - Date.now())
}

/**
 * Runs a handler the way Lambda's Node.js runtime does: a returned promise settles the
 * invocation; a handler declaring a third parameter may instead settle it through
 * `callback(error, result)`, whichever comes first; a synchronous throw is an error.
 */
export function callHandler(
  handler: LambdaHandler,
  event: unknown,
  context: LambdaContext,
): Promise<unknown> {
  if (handler.length < 3) {
    try {
      return Promise.resolve(handler(event, context, noop))
    } catch (error) {
      return Promise.reject(error)
    }
  }
  return new Promise((resolve, reject) => {
    const callback: Callback = (error, result) => (error != null ? reject(error) : resolve(result))
    const returned = handler(event, context, callback)
    if (isThenable(returned)) returned.then(resolve, reject)
  })
}

/** A named export, or, for a CommonJS entry (bundled as `export default module.exports`), a property of the default export. */
export function findHandler(module: Record<string, unknown>, exportName: string): LambdaHandler | undefined {
  const direct = module[exportName]
  if (typeof direct === 'function') return direct as LambdaHandler
  const fallback = module['default']
  if (fallback !== null && typeof fallback === 'object') {
    const member = (fallback as Record<string, unknown>)[exportName]
    if (typeof member === 'function') return member as LambdaHandler
  }
  return undefined
}

export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof Error) {
    const info: ErrorInfo = { name: error.name, message: error.message }
    if (typeof error.stack === 'string') info.stack = error.stack
    return info
  }
  if (error !== null && typeof error === 'object' && 'message' in error)
    return { name: 'Error', message: String((error as { message: unknown }).message) }
  return { name: typeof error === 'string' ? 'string' : 'Error', message: String(error) }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  )
}
