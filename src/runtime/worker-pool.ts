import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { InvokeOutcome, InvokeRequest } from './contract.js'
import { type DeployedFunction, type Deployment, deadlineOf, timeoutOutcome } from './deployment.js'
import { lambdaEnvironment, logStreamName } from './lambda-identity.js'
import { crashed, throttled } from './outcomes.js'
import { type LogLine, READY, type WorkerInit, type WorkerInvocation } from './worker-protocol.js'

export interface PoolOptions {
  /** The bundled worker entry (worker-main.ts). */
  workerScript: string
  maxWorkers: number
  maxQueue: number
  /** Idle workers beyond the first are stopped after this long. */
  idleTtlMs: number
  onLog(fn: DeployedFunction, line: LogLine): void
  onCrash(fn: DeployedFunction, detail: string): void
}

/** Lambda's limit for a function's init phase (module load). */
const INIT_TIMEOUT_MS = 10_000

class Job {
  readonly request: InvokeRequest
  readonly arrival: number
  readonly resolve: (outcome: InvokeOutcome) => void
  start = 0
  timer: NodeJS.Timeout | undefined = undefined
  worker: PooledWorker | undefined = undefined

  constructor(request: InvokeRequest, arrival: number, resolve: (outcome: InvokeOutcome) => void) {
    this.request = request
    this.arrival = arrival
    this.resolve = resolve
  }
}

class PooledWorker {
  readonly thread: Worker
  readonly ready: Promise<void>
  markReady!: () => void
  failReady!: (error: Error) => void
  isReady = false
  /** Stopped or crashed; its 'exit' may still be pending. */
  gone = false
  job: Job | undefined = undefined
  idleSince = 0
  failure: string | undefined = undefined

  constructor(thread: Worker) {
    this.thread = thread
    this.ready = new Promise<void>((resolve, reject) => {
      this.markReady = resolve
      this.failReady = reject
    })
    this.ready.catch(() => {})
  }
}

/**
 * Isolated mode for one deployed function: up to `maxWorkers` worker threads, each running
 * one invocation at a time as Lambda does, and a bounded queue in front of them. A worker
 * that times out is terminated (an infinite loop cannot be interrupted any other way); one
 * that crashes costs only its own invocation; both are replaced.
 */
export class WorkerPool implements Deployment {
  readonly #fn: DeployedFunction
  readonly #options: PoolOptions
  readonly #workers = new Set<PooledWorker>()
  /** A stack: the most recently used worker is the warmest. */
  readonly #idle: PooledWorker[] = []
  #queue: Job[] = []
  #starting = 0
  #retiring = false
  #successor: Deployment | undefined
  #drained: (() => void) | undefined
  readonly #sweeper: NodeJS.Timeout

  constructor(fn: DeployedFunction, options: PoolOptions) {
    this.#fn = fn
    this.#options = options
    this.#sweeper = setInterval(() => this.#stopStaleIdle(), Math.max(1000, options.idleTtlMs / 2)).unref()
  }

  /** Starts the first worker; resolves when it has loaded the function, rejects if it cannot. */
  start(): Promise<void> {
    return this.#spawn().ready
  }

  invoke(request: InvokeRequest, arrival: number): Promise<InvokeOutcome> {
    if (this.#retiring) {
      return this.#successor
        ? this.#successor.invoke(request, arrival)
        : Promise.resolve(crashed(`${this.#fn.id} is no longer deployed`))
    }
    return new Promise<InvokeOutcome>((resolve) => {
      const job = new Job(request, arrival, resolve)
      const worker = this.#idle.pop()
      if (worker) return this.#run(worker, job)
      if (this.#queue.length >= this.#options.maxQueue) return resolve(throttled(this.#fn.id))
      job.timer = setTimeout(this.#onDeadline, arrival + request.timeoutMs - Date.now(), job)
      this.#queue.push(job)
      if (this.#workers.size < this.#options.maxWorkers && this.#starting < this.#queue.length) this.#spawn()
    })
  }

  retire(successor?: Deployment): Promise<void> {
    this.#retiring = true
    this.#successor = successor
    clearInterval(this.#sweeper)
    const queued = this.#queue
    this.#queue = []
    for (const job of queued) {
      clearTimeout(job.timer)
      if (successor) successor.invoke(job.request, job.arrival).then(job.resolve)
      else job.resolve(crashed(`${this.#fn.id} is no longer deployed`))
    }
    for (const worker of this.#idle.splice(0)) this.#stop(worker)
    return new Promise<void>((resolve) => {
      this.#drained = resolve
      this.#checkDrained()
    })
  }

  #spawn(): PooledWorker {
    const fn = this.#fn
    const stream = logStreamName()
    const init: WorkerInit = {
      bundleUrl: pathToFileURL(fn.bundlePath).href,
      exportName: fn.exportName,
      sourceFile: fn.sourceFile,
      identity: fn.identity,
      logStreamName: stream,
    }
    const thread = new Worker(this.#options.workerScript, {
      workerData: init,
      env: lambdaEnvironment(fn.identity, {
        rootDir: fn.rootDir,
        logStreamName: stream,
        base: fn.baseEnvironment,
        own: fn.environment,
      }),
      // The host's flags (a TypeScript loader, inspector) would slow every start; bundles need none.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: fn.memoryMb },
    })
    thread.unref()
    const worker = new PooledWorker(thread)
    this.#workers.add(worker)
    this.#starting++
    thread.on('message', (message: unknown) => this.#onMessage(worker, message))
    thread.on('error', (error: Error) => {
      worker.failure ??= describeWorkerError(error, fn.memoryMb)
    })
    thread.on('exit', (code: number) => this.#onExit(worker, code))
    const initTimer = setTimeout(() => {
      worker.failure ??= `initialization did not finish within ${INIT_TIMEOUT_MS / 1000} s`
      this.#stop(worker)
    }, INIT_TIMEOUT_MS)
    void worker.ready.then(
      () => clearTimeout(initTimer),
      () => clearTimeout(initTimer),
    )
    return worker
  }

  #onMessage(worker: PooledWorker, message: unknown): void {
    if (Array.isArray(message)) {
      this.#options.onLog(this.#fn, message as LogLine)
      return
    }
    if (message === READY) {
      worker.isReady = true
      this.#starting--
      worker.markReady()
      this.#next(worker)
      return
    }
    const job = worker.job
    if (!job) return
    worker.job = undefined
    clearTimeout(job.timer)
    job.resolve(message as InvokeOutcome)
    this.#next(worker)
  }

  #run(worker: PooledWorker, job: Job): void {
    const start = Date.now()
    job.start = start
    job.worker = worker
    worker.job = job
    const deadline = deadlineOf(this.#fn, job.request, job.arrival, start)
    if (job.timer === undefined || deadline < job.arrival + job.request.timeoutMs) {
      clearTimeout(job.timer)
      job.timer = setTimeout(this.#onDeadline, deadline - start, job)
    }
    const invocation: WorkerInvocation = {
      event: job.request.event,
      requestId: job.request.requestId,
      deadline,
    }
    worker.thread.postMessage(invocation)
  }

  /** After an invocation, or once ready: take the next queued job, else wait idle (or leave, when retiring). */
  #next(worker: PooledWorker): void {
    if (worker.gone) return
    const job = this.#queue.shift()
    if (job) this.#run(worker, job)
    else if (this.#retiring) this.#stop(worker)
    else {
      worker.idleSince = Date.now()
      this.#idle.push(worker)
    }
  }

  readonly #onDeadline = (job: Job): void => {
    const worker = job.worker
    if (!worker) {
      const at = this.#queue.indexOf(job)
      if (at >= 0) this.#queue.splice(at, 1)
      job.resolve(timeoutOutcome(this.#fn, job.request, job.arrival, Date.now()))
      return
    }
    worker.job = undefined
    this.#stop(worker)
    job.resolve(timeoutOutcome(this.#fn, job.request, job.arrival, job.start))
  }

  #onExit(worker: PooledWorker, code: number): void {
    const expected = worker.gone
    worker.gone = true
    this.#workers.delete(worker)
    this.#removeIdle(worker)
    const detail = worker.isReady
      ? (worker.failure ?? `the worker exited with code ${code} (process.exit)`)
      : `cannot load ${this.#fn.sourceFile}: ${worker.failure ?? `the worker exited with code ${code}`}`
    if (!worker.isReady) {
      this.#starting--
      worker.failReady(new Error(detail))
    }
    const job = worker.job
    if (job) {
      worker.job = undefined
      clearTimeout(job.timer)
      job.resolve(crashed(detail))
    }
    if (!expected) this.#options.onCrash(this.#fn, detail)
    this.#replace(worker.isReady, detail)
    this.#checkDrained()
  }

  /**
   * Keeps the pool serving after a worker left. A worker that never loaded is not replaced
   * (its module would likely fail again, in a loop): the workers left serve the queue, and
   * if there are none, the queued requests fail.
   */
  #replace(lostWasHealthy: boolean, detail: string): void {
    if (this.#retiring) return
    if (!lostWasHealthy) {
      if (this.#workers.size > 0) return
      const queued = this.#queue
      this.#queue = []
      for (const job of queued) {
        clearTimeout(job.timer)
        job.resolve(crashed(detail))
      }
      return
    }
    const wanted = Math.min(this.#options.maxWorkers, Math.max(1, this.#queue.length))
    while (this.#workers.size < wanted && this.#starting < Math.max(1, this.#queue.length)) this.#spawn()
  }

  #stop(worker: PooledWorker): void {
    if (worker.gone) return
    worker.gone = true
    this.#removeIdle(worker)
    void worker.thread.terminate()
  }

  #removeIdle(worker: PooledWorker): void {
    const at = this.#idle.indexOf(worker)
    if (at >= 0) this.#idle.splice(at, 1)
  }

  #stopStaleIdle(): void {
    const cutoff = Date.now() - this.#options.idleTtlMs
    while (this.#idle.length > 1 && this.#idle[0]!.idleSince < cutoff) this.#stop(this.#idle[0]!)
  }

  #checkDrained(): void {
    if (this.#drained && this.#workers.size === 0) {
      this.#drained()
      this.#drained = undefined
    }
  }
}

function describeWorkerError(error: Error, memoryMb: number): string {
  if ((error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY')
    return `out of memory (heap limit ${memoryMb} MB)`
  return `uncaught ${error.stack ?? `${error.name}: ${error.message}`}`
}
