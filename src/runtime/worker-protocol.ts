import type { LambdaIdentity } from './lambda-identity.js'

/** `workerData` of an isolated-mode worker: one deployed function. */
export interface WorkerInit {
  bundleUrl: string
  exportName: string
  /** Handler file as the user wrote it, for load errors. */
  sourceFile: string
  identity: LambdaIdentity
  logStreamName: string
}

/** Main → worker: run one invocation. `deadline` is epoch ms. */
export interface WorkerInvocation {
  event: unknown
  requestId: string
  deadline: number
}

/** Worker → main, once, when the module is loaded and the export found. */
export const READY = 'ready'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/** Worker → main: one console call of the handler, already formatted. */
export type LogLine = [level: LogLevel, requestId: string, text: string]

// Worker → main otherwise: an InvokeOutcome, the answer to the current invocation.
