import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  type Clock,
  cryptoRandom,
  type Logger,
  REQUEST_MESSAGE,
  silentLogger,
  systemClock,
  UserFacingError,
} from '../core/index.js'
import { pinTickObjectShape } from '../core/tick-objects.js'
import { type CompiledApi, compileApi, type SharedState } from './compile.js'
import { type ApiConfig, validateApiConfig } from './config.js'
import { type DispatchEnv, dispatch, type GatewayRequest, type GatewayResponse, reply } from './dispatch.js'
import { INTERNAL_SERVER_ERROR, SERVICE_UNAVAILABLE } from './errors.js'
import { AwsTime, HostFacts } from './event.js'
import { HeaderNames } from './headers.js'
import { Flight, InFlight } from './in-flight.js'
import type { Invoke } from './invoke.js'
import {
  clientIp,
  declaredBodyLength,
  MAX_BODY_BYTES,
  readBody,
  writeResponse,
  writeTooLarge,
} from './node-adapter.js'
import { TargetCache } from './path.js'
import { RequestIds } from './request-id.js'

export interface GatewayDeps {
  invoke: Invoke
  clock?: Clock
  logger?: Logger
  /** Used for OIDC discovery and JWKS only. */
  fetch?: typeof fetch
  /** Integration timeout per function; 30 000 ms when absent. */
  functionTimeoutMs?: (functionId: string) => number
  /** One `info` line per request (the default); `false` keeps only warnings and errors. */
  requestLog?: boolean
}

export interface Gateway {
  /** A `node:http` request listener (already bound). */
  handle(req: IncomingMessage, res: ServerResponse): void
  /**
   * Swaps routes, authorizers and CORS without dropping the port or requests in flight: those
   * finish with the definition they started with. Key sets and verified tokens of unchanged
   * issuers are kept. Throws a `UserFacingError` listing every problem, and keeps the old
   * definition, when the new one is invalid.
   */
  update(config: ApiConfig): void
  /** Stops background work (JWKS loads, the timeout sweep); later requests are answered 503. */
  close(): void
}

/**
 * An API Gateway HTTP API in front of Lambda-style handlers, as a `node:http` listener:
 *
 * ```ts
 * const gateway = createGateway(api, { invoke: runtime.invoke, logger })
 * http.createServer({ maxHeaderSize: 10_240 }, gateway.handle).listen(3000, '127.0.0.1')
 * ```
 */
export function createGateway(config: ApiConfig, deps: GatewayDeps): Gateway {
  // For processes that embed the gateway; the CLI pins it earlier (core/tick-objects.ts).
  pinTickObjectShape()
  return new NodeGateway(config, deps)
}

class NodeGateway implements Gateway {
  readonly #shared: SharedState
  readonly #env: DispatchEnv
  readonly #logger: Logger
  readonly #requestLog: boolean
  readonly #requestIds = new RequestIds(cryptoRandom)
  readonly #inFlight = new InFlight()
  readonly #sweeper: NodeJS.Timeout
  #api: CompiledApi
  #closed = false

  constructor(config: ApiConfig, deps: GatewayDeps) {
    const clock = deps.clock ?? systemClock
    this.#logger = deps.logger ?? silentLogger
    this.#requestLog = deps.requestLog ?? true
    this.#shared = {
      keySets: new Map(),
      caches: new Map(),
      fetch: deps.fetch ?? globalThis.fetch,
      clock,
      logger: this.#logger,
      functionTimeoutMs: deps.functionTimeoutMs,
    }
    this.#env = {
      invoke: deps.invoke,
      clock,
      logger: this.#logger,
      time: new AwsTime(),
      hosts: new HostFacts(),
      targets: new TargetCache(),
      headerNames: new HeaderNames(),
    }
    this.#api = this.#compile(config)
    this.#sweeper = setInterval(() => this.#sweep(), 1_000)
    this.#sweeper.unref()
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now()
    const request: GatewayRequest = {
      requestId: this.#requestIds.next(),
      method: req.method ?? 'GET',
      target: req.url ?? '/',
      rawHeaders: req.rawHeaders,
      body: undefined,
      protocol: req.httpVersion === '1.1' ? 'HTTP/1.1' : `HTTP/${req.httpVersion}`,
      sourceIp: clientIp(req.socket.remoteAddress),
      localPort: req.socket.localPort ?? 0,
      receivedAt: started,
      deadline: Number.POSITIVE_INFINITY,
    }
    const length = declaredBodyLength(req.rawHeaders)
    if (length === 0) void this.#run(request, res, started)
    else if (length > MAX_BODY_BYTES && Number.isFinite(length)) this.#tooLarge(request, res, started)
    else void this.#readThenRun(req, request, res, started)
  }

  update(config: ApiConfig): void {
    this.#api = this.#compile(config)
  }

  close(): void {
    this.#closed = true
    clearInterval(this.#sweeper)
    for (const keySet of this.#shared.keySets.values()) keySet.close()
  }

  #compile(config: ApiConfig): CompiledApi {
    const problems = validateApiConfig(config)
    if (problems.length > 0)
      throw new UserFacingError(`Invalid API "${config.name}":\n  ${problems.join('\n  ')}`)
    return compileApi(config, this.#shared)
  }

  async #readThenRun(
    req: IncomingMessage,
    request: GatewayRequest,
    res: ServerResponse,
    started: number,
  ): Promise<void> {
    const body = await readBody(req, MAX_BODY_BYTES)
    if (body === 'aborted') return
    if (body === 'too-large') return this.#tooLarge(request, res, started)
    request.body = body
    await this.#run(request, res, started)
  }

  async #run(request: GatewayRequest, res: ServerResponse, started: number): Promise<void> {
    const flight = new Flight(request, res, started)
    this.#inFlight.add(flight)
    const api = this.#api
    let response: GatewayResponse
    try {
      response = this.#closed
        ? reply(api, request.requestId, '-', SERVICE_UNAVAILABLE, undefined)
        : await dispatch(api, this.#env, request)
    } catch (error) {
      this.#logger.error({ requestId: request.requestId, error }, 'gateway failure')
      response = reply(api, request.requestId, '-', INTERNAL_SERVER_ERROR, undefined)
    }
    this.#inFlight.remove(flight)
    if (flight.answered) return
    writeResponse(res, response)
    this.#log(request, response, started)
  }

  #tooLarge(request: GatewayRequest, res: ServerResponse, started: number): void {
    writeTooLarge(res)
    this.#log(request, { status: 413, path: undefined, routeKey: undefined, auth: 'none' }, started)
  }

  /** A backstop for an Invoke that never settles: 503 once its timeout and a grace period have passed. */
  #sweep(): void {
    for (const flight of this.#inFlight.takeExpired(performance.now())) {
      flight.answered = true
      const response = reply(this.#api, flight.request.requestId, '-', SERVICE_UNAVAILABLE, undefined)
      this.#logger.warn({ requestId: flight.request.requestId }, 'no outcome from invoke before the deadline')
      writeResponse(flight.res, response)
      this.#log(flight.request, response, flight.started)
    }
  }

  /** One line per request (issue 3): never the token, never the query string. */
  #log(request: GatewayRequest, response: LoggedOutcome, started: number): void {
    if (!this.#requestLog) return
    this.#logger.info(
      {
        method: request.method,
        path: response.path,
        routeKey: response.routeKey,
        status: response.status,
        ms: elapsed(started),
        auth: response.auth,
        requestId: request.requestId,
      },
      REQUEST_MESSAGE,
    )
  }
}

/** What the request line reports of a response. */
type LoggedOutcome = Pick<GatewayResponse, 'status' | 'routeKey' | 'auth'> & { path: string | undefined }

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100
}
