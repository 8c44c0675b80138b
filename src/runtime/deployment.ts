import { DEFAULT_TIMEOUT_MS, type LocatedFunction } from './check-handlers.js'
import type { InvokeOutcome, InvokeRequest, RuntimeOptions } from './contract.js'
import {
  DEFAULT_ACCOUNT_ID,
  DEFAULT_MEMORY_MB,
  DEFAULT_REGION,
  type LambdaIdentity,
  lambdaFunctionName,
  lambdaIdentity,
} from './lambda-identity.js'
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

/** A located function at one bundle, with the runtime's defaults filled in. */
export function deployedFunction(
  fn: LocatedFunction,
  bundlePath: string,
  options: RuntimeOptions,
): DeployedFunction {
  const { spec } = fn
  const memoryMb = spec.memoryMb ?? DEFAULT_MEMORY_MB
  return {
    id: spec.id,
    identity: lambdaIdentity({
      name: spec.name ?? lambdaFunctionName(spec.id),
      handler: spec.handler,
      memoryMb,
      region: options.region ?? DEFAULT_REGION,
      accountId: options.accountId ?? DEFAULT_ACCOUNT_ID,
    }),
    bundlePath,
    exportName: fn.exportName,
    sourceFile: fn.sourceFile,
    rootDir: options.rootDir,
    baseEnvironment: options.baseEnvironment,
    environment: spec.environment,
    memoryMb,
    timeoutMs: spec.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  }
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
