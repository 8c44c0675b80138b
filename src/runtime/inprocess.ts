import { pathToFileURL } from 'node:url'
import type { Logger } from '../core/index.js'
import type { InvokeOutcome, InvokeRequest } from './contract.js'
import {
  type DeployedFunction,
  type Deployment,
  deadlineOf,
  type Executor,
  timeoutOutcome,
} from './deployment.js'
import { callHandler, createContext, findHandler, type LambdaHandler } from './invocation.js'
import { lambdaEnvironment, logStreamName } from './lambda-identity.js'
import { crashed, failed } from './outcomes.js'

/**
 * In-process mode: handlers run on the caller's event loop. Fastest, but nothing is isolated:
 * a handler that blocks the loop or calls process.exit takes the process with it (the `start`
 * command runs under a supervisor for that). A timeout answers the request but cannot stop
 * the handler, which runs on in the background.
 *
 * `process.env` is one object for all functions. Each function's variables are set before its
 * module is evaluated, so values read at module top level are its own; a variable two
 * functions set differently holds the value of the last one loaded, and is reported.
 */
export class InProcessExecutor implements Executor {
  readonly #logger: Logger
  readonly #envOwners = new Map<string, { functionId: string; value: string }>()
  readonly #original = new Map<string, string | undefined>()
  #deployments = 0

  constructor(logger: Logger) {
    this.#logger = logger
    process.setSourceMapsEnabled(true)
  }

  async deploy(fn: DeployedFunction): Promise<Deployment> {
    const stream = logStreamName()
    this.#applyEnvironment(fn, stream)
    // A new query gives each deployment its own module instance (own state, as a new Lambda
    // environment has), even for two functions built from one file, or a changed environment.
    const url = `${pathToFileURL(fn.bundlePath).href}?function=${encodeURIComponent(fn.id)}&deployment=${++this.#deployments}`
    let module: Record<string, unknown>
    try {
      module = await import(url)
    } catch (error) {
      throw new Error(
        `cannot load ${fn.sourceFile}: ${error instanceof Error ? error.message : String(error)}`,
        {
          cause: error,
        },
      )
    }
    const handler = findHandler(module, fn.exportName)
    if (!handler) throw new Error(`cannot load ${fn.sourceFile}: it has no export "${fn.exportName}"`)
    return new InProcessDeployment(fn, handler, stream)
  }

  /** Puts back the variables deployments changed, as they were before the first one. */
  close(): void {
    for (const [name, value] of this.#original) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
    this.#original.clear()
    this.#envOwners.clear()
  }

  /**
   * A function's own variables win over base and Lambda ones of every other function; among
   * functions, the last one loaded wins, with a warning.
   */
  #applyEnvironment(fn: DeployedFunction, stream: string): void {
    const env = lambdaEnvironment(fn.identity, {
      rootDir: fn.rootDir,
      logStreamName: stream,
      base: fn.baseEnvironment,
      own: fn.environment,
      host: {},
    })
    const own = fn.environment ?? {}
    for (const [name, value] of Object.entries(env)) {
      const owner = this.#envOwners.get(name)
      if (Object.hasOwn(own, name)) {
        if (owner && owner.functionId !== fn.id && owner.value !== value)
          this.#logger.warn(
            { functionId: fn.id, variable: name, otherFunctionId: owner.functionId },
            `in-process mode shares process.env: ${name} now holds the value of ${fn.id}, not ${owner.functionId}`,
          )
        this.#envOwners.set(name, { functionId: fn.id, value })
      } else if (owner && owner.functionId !== fn.id) continue
      if (!this.#original.has(name)) this.#original.set(name, process.env[name])
      process.env[name] = value
    }
  }
}

class InProcessDeployment implements Deployment {
  readonly #fn: DeployedFunction
  readonly #handler: LambdaHandler
  readonly #logStream: string
  #running = 0
  #successor: Deployment | undefined
  #retired = false
  #drained: (() => void) | undefined

  constructor(fn: DeployedFunction, handler: LambdaHandler, logStream: string) {
    this.#fn = fn
    this.#handler = handler
    this.#logStream = logStream
  }

  invoke(request: InvokeRequest, arrival: number): Promise<InvokeOutcome> {
    if (this.#retired) {
      return this.#successor
        ? this.#successor.invoke(request, arrival)
        : Promise.resolve(crashed(`${this.#fn.id} is no longer deployed`))
    }
    const fn = this.#fn
    const start = Date.now()
    const deadline = deadlineOf(fn, request, arrival, start)
    const context = createContext(fn.identity, this.#logStream, request.requestId, deadline)
    this.#running++
    return new Promise<InvokeOutcome>((resolve) => {
      let settled = false
      const settle = (outcome: InvokeOutcome): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        this.#finished()
        resolve(outcome)
      }
      const timer = setTimeout(() => settle(timeoutOutcome(fn, request, arrival, start)), deadline - start)
      callHandler(this.#handler, ownAuthorizer(request.event), context).then(
        (result) => settle({ ok: true, result }),
        (error: unknown) => settle(failed(error)),
      )
    })
  }

  retire(successor?: Deployment): Promise<void> {
    this.#retired = true
    this.#successor = successor
    return new Promise<void>((resolve) => {
      this.#drained = resolve
      if (this.#running === 0) resolve()
    })
  }

  #finished(): void {
    this.#running--
    if (this.#running === 0 && this.#drained) this.#drained()
  }
}

/**
 * A Lambda decodes its own copy of the event, and isolated mode hands workers a structured clone;
 * in-process, the gateway's authorizer context is one frozen object shared by every request with
 * the same token. The handler gets a plain, mutable copy of it, so both modes behave alike.
 */
function ownAuthorizer(event: unknown): unknown {
  const context = (
    event as { requestContext?: { authorizer?: { jwt?: { claims?: object; scopes?: string[] | null } } } }
  )?.requestContext
  const jwt = context?.authorizer?.jwt
  if (!jwt) return event
  const { requestContext, ...rest } = event as { requestContext: Record<string, unknown> }
  return {
    ...rest,
    requestContext: {
      ...requestContext,
      authorizer: { jwt: { claims: { ...jwt.claims }, scopes: jwt.scopes ? [...jwt.scopes] : null } },
    },
  }
}
