import type { InvokeOutcome, InvokeRequest } from './contract.js'
import type { LambdaIdentity } from './lambda-identity.js'
import { functionTimedOut, INTEGRATION_TIMEOUT } from './outcomes.js'

/** One function at one build: everything an executor needs to run it. */
export interface DeployedFunction {
  id: string
  identity: LambdaIdentity
  bundlePath: string
  exportName: string
  /** The handler file relative to rootDir, for messages. */
  sourceFile: string
  rootDir: string
  baseEnvironment: Record<string, string> | undefined
  environment: Record<string, string> | undefined
  memoryMb: number
  timeoutMs: number
}

/** A function's code, loaded and ready, in one execution mode. */
export interface Deployment {
  /** `arrival` is when the request reached the runtime (epoch ms); `request.timeoutMs` counts from it. */
  invoke(request: InvokeRequest, arrival: number): Promise<InvokeOutcome>
  /**
   * Stop taking invocations: later ones, and any not started yet, go to `successor` (or fail
   * when there is none). Resolves once the invocations already running have finished.
   */
  retire(successor?: Deployment): Promise<void>
}

export interface Executor {
  /** Resolves once the code is loaded and its export found; rejects with an Error saying why not. */
  deploy(fn: DeployedFunction): Promise<Deployment>
  /** Called once every deployment has retired. */
  close(): void
}

/**
 * The earlier of the request's deadline (from arrival) and the function's own timeout (from
 * the start of its run), and the outcome if that deadline passes.
 */
export function deadlineOf(
  fn: DeployedFunction,
  request: InvokeRequest,
  arrival: number,
  start: number,
): number {
  return Math.min(arrival + request.timeoutMs, start + fn.timeoutMs)
}

export function timeoutOutcome(
  fn: DeployedFunction,
  request: InvokeRequest,
  arrival: number,
  start: number,
): InvokeOutcome {
  return start + fn.timeoutMs < arrival + request.timeoutMs
    ? functionTimedOut(fn.timeoutMs)
    : INTEGRATION_TIMEOUT
}
