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

  /** Nothing queues in-process: the run starts when the invocation arrives. */
  invoke(request: InvokeRequest, arrival: number): Promise<InvokeOutcome> {
    if (this.#retired) {
      return this.#successor
        ? this.#successor.invoke(request, arrival)
        : Promise.resolve(crashed(`${this.#fn.id} is no longer deployed`))
    }
    const fn = this.#fn
    const deadline = deadlineOf(fn, request, arrival, arrival)
    const context = createContext(fn.identity, this.#logStream, request.requestId, deadline)
    const run = new Run(this, request, arrival)
    this.#running++
    const outcome = new Promise<InvokeOutcome>((resolve) => {
      run.resolve = resolve
    })
    run.timer = setTimeout(onDeadline, deadline - arrival, run)
    callHandler(this.#handler, ownAuthorizer(request.event), context).then(
      (result) => run.settle({ ok: true, result }),
      (error: unknown) => run.settle(failed(error)),
    )
    return outcome
  }

  retire(successor?: Deployment): Promise<void> {
    this.#retired = true
    this.#successor = successor
    return new Promise<void>((resolve) => {
      this.#drained = resolve
      if (this.#running === 0) resolve()
    })
  }

  timedOut(run: Run): InvokeOutcome {
    return timeoutOutcome(this.#fn, run.request, run.arrival, run.arrival)
  }

  finished(): void {
    this.#running--
    if (this.#running === 0 && this.#drained) this.#drained()
  }
}

/** One invocation: the first of its result and its deadline settles it. */
class Run {
  readonly deployment: InProcessDeployment
  readonly request: InvokeRequest
  readonly arrival: number
  resolve: (outcome: InvokeOutcome) => void = ignore
  timer: NodeJS.Timeout | undefined = undefined
  settled = false

  constructor(deployment: InProcessDeployment, request: InvokeRequest, arrival: number) {
    this.deployment = deployment
    this.request = request
    this.arrival = arrival
  }

  settle(outcome: InvokeOutcome): void {
    if (this.settled) return
    this.settled = true
    clearTimeout(this.timer)
    this.deployment.finished()
    this.resolve(outcome)
  }
}

function onDeadline(run: Run): void {
  run.settle(run.deployment.timedOut(run))
}

function ignore(): void {}

/**
 * A Lambda decodes its own copy of the event, and isolated mode hands workers a structured clone;
 * in-process, the gateway's authorizer context is one frozen object shared by every request with
 * the same token. The handler gets a plain, mutable copy of it (and of the event and
 * `requestContext` that hold it), so both modes behave alike; the caller's objects are untouched.
 */
function ownAuthorizer(event: unknown): unknown {
  const requestContext = (event as { requestContext?: { authorizer?: { jwt?: Jwt } } } | null | undefined)
    ?.requestContext
  const jwt = requestContext?.authorizer?.jwt
  if (!jwt) return event
  const copy = { ...(event as Record<string, unknown>) }
  copy.requestContext = {
    ...requestContext,
    authorizer: { jwt: { claims: copyClaims(jwt.claims), scopes: jwt.scopes ? jwt.scopes.slice() : null } },
  }
  return copy
}

interface Jwt {
  claims?: object
  scopes?: readonly string[] | null
}

/**
 * Plain, fast-property snapshots of frozen claim objects, by identity. The gateway's claims are
 * frozen and have no prototype; copying such an object property by property costs ~2 µs, while
 * spreading a plain snapshot costs ~30 ns. A frozen object's own data properties cannot change,
 * so the snapshot stays exact; it lives as long as the gateway keeps the claims (its token cache).
 */
const snapshots = new WeakMap<object, object>()

function copyClaims(claims: object | undefined): object {
  if (claims === undefined || claims === null) return {}
  if (!Object.isFrozen(claims)) return { ...claims }
  let snapshot = snapshots.get(claims)
  if (snapshot === undefined) {
    snapshot = { ...claims }
    snapshots.set(claims, snapshot)
  }
  return { ...snapshot }
}
