import type { Invoke, InvokeOutcome, InvokeRequest } from '../app/invoke.js'
import type { Logger } from '../core/index.js'

export type { Invoke, InvokeOutcome, InvokeRequest }

export interface FunctionSpec {
  /** Stable id the gateway invokes by, e.g. `src/private.main`. */
  id: string
  /** `path/to/file.export`, relative to `rootDir`; the file may be .ts/.tsx/.mts/.cts/.js/.mjs/.cjs/.jsx, extension optional. */
  handler: string
  /**
   * The Lambda function timeout. Reaching it is a function error ("Task timed out", a 500
   * behind API Gateway); reaching the request's `timeoutMs` first is a `timeout` (a 503).
   * Default 30000.
   */
  timeoutMs?: number
  environment?: Record<string, string>
  /** Reported as `memoryLimitInMB`; in isolated mode also the worker's old-generation heap limit. Default 1024. */
  memoryMb?: number
  /** Lambda function name; default derived from `id` (`src/private.main` → `src-private-main`). */
  name?: string
}

export interface RuntimeOptions {
  rootDir: string
  functions: FunctionSpec[]
  mode: 'isolated' | 'inprocess'
  /** Rebuild and swap in new code when a handler or anything it imports changes. */
  watch?: boolean
  /** Where bundles are written; default `<rootDir>/.portcullis/build`. Inside rootDir so that external packages resolve from rootDir's node_modules. */
  outDir?: string
  /** Runtime events (build errors, crashes) and, in isolated mode, the handlers' console output. */
  logger?: Logger
  /** Variables every function sees, under the Lambda ones and the function's own. */
  baseEnvironment?: Record<string, string>
  /** Default `us-east-1`. */
  region?: string
  /** Used in `invokedFunctionArn`; default `000000000000`. */
  accountId?: string
  /** Isolated mode: workers per function, each running one invocation at a time (Lambda semantics). Default 8. */
  maxWorkersPerFunction?: number
  /** Isolated mode: invocations waiting for a worker, per function, before new ones are throttled. Default 1000. */
  maxQueuePerFunction?: number
  /** Called after a reload swapped in new code, with the ids of the functions that changed. */
  onReload?: (changed: string[]) => void
}

export interface Runtime {
  invoke: Invoke
  /** Replace the function list (config reload); rejects with a UserFacingError and changes nothing if a handler is broken. */
  update(functions: FunctionSpec[]): Promise<void>
  /** Rebuild every handler and swap in the ones whose bundle changed. */
  rebuild(): Promise<void>
  /** Stop watching, let in-flight invocations finish (bounded by their timeouts), stop workers. */
  close(): Promise<void>
}
