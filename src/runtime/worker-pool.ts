import { pathToFileURL } from 'node:url'
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads'
import type { InvokeOutcome, InvokeRequest } from './contract.js'
import { type DeployedFunction, type Deployment, deadlineOf, timeoutOutcome } from './deployment.js'
import { lambdaEnvironment, logStreamName } from './lambda-identity.js'
import { crashed, throttled } from './outcomes.js'
import {
  CANCELLED,
  CLAIM_SLOTS,
  claim,
  claimSlot,
  type LogLine,
  POSTED,
  READY,
  type WorkerInit,
  type WorkerInvocation,
} from './worker-protocol.js'

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

/**
 * Invocations handed to a busy worker to run after its current one, when every worker is busy
 * and the pool cannot grow. They would wait anyway; handed over, a worker runs them back to back
 * without a round trip through the main thread, and gets them in one message. Each wake-up of a
 * thread costs the single core of the benchmark machine several microseconds.
 */
const AHEAD = 8

class Job {
  readonly request: InvokeRequest
  readonly arrival: number
  readonly resolve: (outcome: InvokeOutcome) => void
  start = 0
  timer: NodeJS.Timeout | undefined = undefined
  /** The worker it was handed to (running, or waiting in that worker's `ahead`). */
  worker: PooledWorker | undefined = undefined
  ticket = 0
  settled = false

  constructor(request: InvokeRequest, arrival: number, resolve: (outcome: InvokeOutcome) => void) {
    this.request = request
    this.arrival = arrival
    this.resolve = resolve
  }

  settle(outcome: InvokeOutcome): void {
    this.settled = true
    clearTimeout(this.timer)
    this.resolve(outcome)
  }
}

class PooledWorker {
  readonly thread: Worker
  readonly replies: MessagePort
  readonly claims: Int32Array
  readonly ready: Promise<void>
  markReady!: () => void
  failReady!: (error: Error) => void
  isReady = false
  /** Stopped or crashed; its 'exit' may still be pending. */
  gone = false
  /** While its replies are drained synchronously: outcomes are settled, nothing new is started. */
  held = false
  /** The oldest job handed over whose outcome has not arrived: running, or about to start. */
  job: Job | undefined = undefined
  /** Jobs handed over to run after `job`, oldest first, none started. */
  readonly ahead: Job[] = []
  /** `job` and `ahead` jobs not sent yet. */
  outbox: Job[] = []
  nextTicket = 0
  idleSince = 0
  failure: string | undefined = undefined

  constructor(thread: Worker, replies: MessagePort, claims: Int32Array) {
    this.thread = thread
    this.replies = replies
    this.claims = claims
    this.ready = new Promise<void>((resolve, reject) => {
      this.markReady = resolve
      this.failReady = reject
    })
    this.ready.catch(() => {})
  }

  /** Gives `job` this worker's next ticket, in state POSTED. */
  claim(job: Job): void {
    const ticket = this.nextTicket++
    job.ticket = ticket
    job.worker = this
    job.start = 0
    Atomics.store(this.claims, claimSlot(ticket), claim(ticket, POSTED))
  }

  /** Takes `job` back if the worker has not started it; false once it has. */
  cancel(job: Job): boolean {
    const posted = claim(job.ticket, POSTED)
    if (
      Atomics.compareExchange(this.claims, claimSlot(job.ticket), posted, claim(job.ticket, CANCELLED)) !==
      posted
    )
      return false
    job.worker = undefined
    remove(this.ahead, job)
    remove(this.outbox, job)
    return true
  }
}

/**
 * Isolated mode for one deployed function: up to `maxWorkers` worker threads, each running
 * one invocation at a time as Lambda does, and a bounded queue in front of them. A worker
 * that times out is terminated (an infinite loop cannot be interrupted any other way); one
 * that crashes costs only its own invocation; both are replaced.
 *
 * When the pool is full, waiting invocations may be handed to busy workers (`AHEAD`). Such an
 * invocation has not started and is still waiting as far as the pool's rules go: it counts
 * against `maxQueue`, its deadline counts from arrival, and the pool takes it back (an atomic
 * claim, worker-protocol.ts) when its deadline passes, when another worker goes idle, when the
 * deployment retires, or when its worker dies; it never runs after it was taken back.
 */
export class WorkerPool implements Deployment {
  readonly #fn: DeployedFunction
  readonly #options: PoolOptions
  readonly #workers = new Set<PooledWorker>()
  /** A stack: the most recently used worker is the warmest. */
  readonly #idle: PooledWorker[] = []
  #queue: Job[] = []
  /** Jobs in the `ahead` lists of all workers. */
  #handedOver = 0
  #starting = 0
  #retiring = false
  #successor: Deployment | undefined
  #drained: (() => void) | undefined
  readonly #sweeper: NodeJS.Timeout
  /** Workers whose outbox is sent once the current I/O phase is over. */
  #sending: PooledWorker[] = []
  #sendScheduled = false

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
      if (this.#queue.length + this.#handedOver >= this.#options.maxQueue)
        return resolve(throttled(this.#fn.id))
      job.timer = setTimeout(this.#onDeadline, arrival + request.timeoutMs - Date.now(), job)
      if (this.#queue.length === 0 && this.#full()) {
        const target = this.#leastLoaded()
        if (target) return this.#handOver(target, job)
      }
      this.#queue.push(job)
      if (this.#workers.size < this.#options.maxWorkers && this.#starting < this.#queue.length) this.#spawn()
    })
  }

  retire(successor?: Deployment): Promise<void> {
    this.#retiring = true
    this.#successor = successor
    clearInterval(this.#sweeper)
    const waiting: Job[] = []
    const jobless: PooledWorker[] = []
    for (const worker of this.#workers) {
      const current = worker.job
      if (current && worker.cancel(current)) {
        worker.job = undefined
        waiting.push(current)
        jobless.push(worker)
      }
      waiting.push(...this.#takeBack(worker))
    }
    waiting.push(...this.#queue)
    this.#queue = []
    this.#pass(waiting)
    for (const worker of this.#idle.splice(0)) this.#stop(worker)
    for (const worker of jobless) this.#stop(worker)
    return new Promise<void>((resolve) => {
      this.#drained = resolve
      this.#checkDrained()
    })
  }

  #spawn(): PooledWorker {
    const fn = this.#fn
    const stream = logStreamName()
    const { port1, port2 } = new MessageChannel()
    const claims = new Int32Array(new SharedArrayBuffer(CLAIM_SLOTS * Int32Array.BYTES_PER_ELEMENT))
    const init: WorkerInit = {
      bundleUrl: pathToFileURL(fn.bundlePath).href,
      exportName: fn.exportName,
      sourceFile: fn.sourceFile,
      identity: fn.identity,
      logStreamName: stream,
      timeoutMs: fn.timeoutMs,
      replies: port2,
      claims,
    }
    const thread = new Worker(this.#options.workerScript, {
      workerData: init,
      transferList: [port2],
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
    const worker = new PooledWorker(thread, port1, claims)
    this.#workers.add(worker)
    this.#starting++
    port1.on('message', (message: unknown) => this.#onMessage(worker, message))
    port1.unref()
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
    job.settle(message as InvokeOutcome)
    this.#promote(worker)
  }

  /** The first job handed over after the one that ended is what the worker runs now. */
  #promote(worker: PooledWorker): void {
    const following = worker.ahead.shift()
    if (following) {
      this.#handedOver--
      worker.job = following
    }
    this.#resume(worker)
  }

  /** Arms and sends what `worker` runs now, and tops up its `ahead`; or finds it something to do. */
  #resume(worker: PooledWorker): void {
    if (worker.held || worker.gone) return
    const job = worker.job
    if (!job) {
      this.#next(worker)
      return
    }
    if (job.start === 0) this.#arm(job)
    this.#fill(worker)
  }

  /** `job` becomes what `worker` runs now. */
  #run(worker: PooledWorker, job: Job): void {
    worker.claim(job)
    worker.job = job
    this.#arm(job)
    this.#enqueue(worker, job)
  }

  /**
   * Jobs go out once the current I/O phase is over, one message per worker: by then the main
   * thread has read every request that was ready, and a worker is woken once for all of its jobs
   * rather than once per job (a woken worker on the same core preempts the main thread at once).
   */
  #enqueue(worker: PooledWorker, job: Job): void {
    worker.outbox.push(job)
    if (worker.outbox.length === 1) this.#sending.push(worker)
    if (!this.#sendScheduled) {
      this.#sendScheduled = true
      setImmediate(this.#sendAll)
    }
  }

  /** The run's deadline: the earlier of the request's (already armed while it waited) and the function's. */
  #arm(job: Job): void {
    const start = Date.now()
    job.start = start
    const deadline = deadlineOf(this.#fn, job.request, job.arrival, start)
    if (job.timer === undefined || deadline < job.arrival + job.request.timeoutMs) {
      clearTimeout(job.timer)
      job.timer = setTimeout(this.#onDeadline, deadline - start, job)
    }
  }

  #handOver(worker: PooledWorker, job: Job): void {
    worker.claim(job)
    worker.ahead.push(job)
    this.#handedOver++
    this.#enqueue(worker, job)
  }

  readonly #sendAll = (): void => {
    this.#sendScheduled = false
    const workers = this.#sending
    this.#sending = []
    for (const worker of workers) this.#send(worker)
  }

  #send(worker: PooledWorker): void {
    const jobs = worker.outbox
    if (jobs.length === 0 || worker.gone) return
    worker.outbox = []
    const batch: WorkerInvocation[] = []
    for (const job of jobs) batch.push(invocation(job))
    worker.thread.postMessage(batch)
  }

  /** Handing over is for a full pool only: while it can grow, new workers take the queue. */
  #full(): boolean {
    return this.#starting === 0 && this.#workers.size >= this.#options.maxWorkers
  }

  #leastLoaded(): PooledWorker | undefined {
    let best: PooledWorker | undefined
    for (const worker of this.#workers)
      if (worker.job && !worker.gone && !worker.held && worker.ahead.length < AHEAD)
        if (!best || worker.ahead.length < best.ahead.length) best = worker
    return best
  }

  /** Tops up a busy worker's `ahead` from the queue, oldest first. */
  #fill(worker: PooledWorker): void {
    if (this.#retiring || !this.#full()) return
    while (worker.ahead.length < AHEAD && this.#queue.length > 0) this.#handOver(worker, this.#queue.shift()!)
  }

  /** After an invocation, or once ready: the next queued job, else one handed to a busier worker, else idle. */
  #next(worker: PooledWorker): void {
    if (worker.gone) return
    const job = this.#queue.shift()
    if (job) {
      this.#run(worker, job)
      this.#fill(worker)
      return
    }
    if (this.#retiring) {
      this.#stop(worker)
      return
    }
    const stolen = this.#steal()
    if (stolen) {
      this.#run(worker, stolen)
      return
    }
    worker.idleSince = Date.now()
    this.#idle.push(worker)
  }

  /** The newest job handed to the most loaded worker, taken back for an idle one. */
  #steal(): Job | undefined {
    let victim: PooledWorker | undefined
    for (const worker of this.#workers)
      if (worker.ahead.length > 0 && !worker.held && (!victim || worker.ahead.length > victim.ahead.length))
        victim = worker
    const job = victim?.ahead.at(-1)
    if (!victim || !job || !victim.cancel(job)) return undefined
    this.#handedOver--
    return job
  }

  readonly #onDeadline = (job: Job): void => {
    const worker = job.worker
    if (!worker) {
      const at = this.#queue.indexOf(job)
      if (at >= 0) this.#queue.splice(at, 1)
      job.settle(timeoutOutcome(this.#fn, job.request, job.arrival, Date.now()))
      return
    }
    if (worker.cancel(job)) {
      // Handed over, or about to run, and never started: answered like a queued job.
      job.settle(timeoutOutcome(this.#fn, job.request, job.arrival, Date.now()))
      if (worker.job !== job) this.#handedOver--
      else {
        worker.job = undefined
        this.#promote(worker)
      }
      return
    }
    // It started, so the worker finished everything before it: read those outcomes first.
    if (worker.job !== job) {
      this.#drain(worker)
      if (job.settled) {
        this.#resume(worker)
        return
      }
    }
    // Running past its deadline. Take back what the worker has not started, then look again:
    // it may have finished just now.
    const waiting = this.#takeBack(worker)
    this.#drain(worker)
    const finished = job.settled
    if (!finished) {
      worker.job = undefined
      this.#stop(worker)
      job.settle(timeoutOutcome(this.#fn, job.request, job.arrival, job.start))
    }
    this.#requeue(waiting)
    if (finished) this.#resume(worker)
  }

  #onExit(worker: PooledWorker, code: number): void {
    const expected = worker.gone
    worker.gone = true
    this.#workers.delete(worker)
    remove(this.#idle, worker)
    this.#drain(worker)
    worker.replies.close()
    const waiting = this.#takeBack(worker)
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
      if (worker.cancel(job)) waiting.unshift(job)
      else job.settle(crashed(detail))
    }
    if (!expected) this.#options.onCrash(this.#fn, detail)
    this.#requeue(waiting)
    this.#replace(worker.isReady, detail)
    this.#checkDrained()
  }

  /** Takes back every job handed to `worker` that it has not started, oldest first. */
  #takeBack(worker: PooledWorker): Job[] {
    const taken: Job[] = []
    for (const job of [...worker.ahead])
      if (worker.cancel(job)) {
        this.#handedOver--
        taken.push(job)
      }
    return taken
  }

  /** Reads the outcomes `worker` already sent, settling them without starting anything new. */
  #drain(worker: PooledWorker): void {
    const held = worker.held
    worker.held = true
    for (let m = receiveMessageOnPort(worker.replies); m; m = receiveMessageOnPort(worker.replies))
      this.#onMessage(worker, m.message)
    worker.held = held
  }

  /** Jobs taken back before they started wait again, ahead of later arrivals, or go to the successor. */
  #requeue(jobs: Job[]): void {
    if (jobs.length === 0) return
    if (this.#retiring) {
      this.#pass(jobs)
      return
    }
    this.#queue.unshift(...jobs)
    for (let worker = this.#idle.pop(); worker; worker = this.#idle.pop()) {
      this.#next(worker)
      if (this.#queue.length === 0) break
    }
  }

  /** Hands waiting jobs to the successor deployment (or fails them when there is none). */
  #pass(jobs: Job[]): void {
    const successor = this.#successor
    for (const job of jobs) {
      clearTimeout(job.timer)
      job.settled = true
      if (successor) successor.invoke(job.request, job.arrival).then(job.resolve)
      else job.resolve(crashed(`${this.#fn.id} is no longer deployed`))
    }
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
      for (const job of queued) job.settle(crashed(detail))
      return
    }
    const wanted = Math.min(this.#options.maxWorkers, Math.max(1, this.#queue.length))
    while (this.#workers.size < wanted && this.#starting < Math.max(1, this.#queue.length)) this.#spawn()
  }

  #stop(worker: PooledWorker): void {
    if (worker.gone) return
    worker.gone = true
    remove(this.#idle, worker)
    void worker.thread.terminate()
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

function invocation(job: Job): WorkerInvocation {
  return {
    event: job.request.event,
    requestId: job.request.requestId,
    deadline: job.arrival + job.request.timeoutMs,
    ticket: job.ticket,
  }
}

function remove<T>(list: T[], item: T): void {
  const at = list.indexOf(item)
  if (at >= 0) list.splice(at, 1)
}

function describeWorkerError(error: Error, memoryMb: number): string {
  if ((error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY')
    return `out of memory (heap limit ${memoryMb} MB)`
  return `uncaught ${error.stack ?? `${error.name}: ${error.message}`}`
}
