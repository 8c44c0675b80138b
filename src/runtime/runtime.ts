import { rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { errorMessage, type Logger } from '../core/index.js'
import { type BundleOutput, HandlerBundle } from './bundle.js'
import {
  buildProblem,
  exportProblem,
  type LocatedFunction,
  locateFunctions,
  startupError,
} from './check-handlers.js'
import type { FunctionSpec, InvokeOutcome, InvokeRequest, Runtime, RuntimeOptions } from './contract.js'
import { type Deployment, deployedFunction, type Executor } from './deployment.js'
import { InProcessExecutor } from './inprocess.js'
import { IsolatedExecutor } from './isolated.js'
import { crashed } from './outcomes.js'
import { SourceWatcher } from './source-watcher.js'
import { textLogger } from './text-logger.js'

/** One function id: what it should run (`target`) and what it runs now (`deployment`). */
interface Slot {
  fn: LocatedFunction
  specKey: string
  target: BundleOutput
  deployment: Deployment | undefined
  deployedKey: string | undefined
  deployedPath: string | undefined
}

/**
 * Builds every function, loads it in the chosen mode and returns the runtime; rejects with one
 * UserFacingError listing every function that cannot start (missing file or export, build
 * error, module that throws while loading).
 *
 * @example
 * const runtime = await createRuntime({ rootDir, mode: 'isolated', watch: true,
 *   functions: [{ id: 'src/private.main', handler: 'src/private.main' }] })
 * const outcome = await runtime.invoke({ functionId: 'src/private.main', event, requestId, timeoutMs: 30_000 })
 */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const rootDir = resolve(options.rootDir)
  const outDir = resolve(options.outDir ?? join(rootDir, '.portcullis', 'build'))
  const logger = options.logger ?? textLogger()
  const executor: Executor =
    options.mode === 'inprocess'
      ? new InProcessExecutor(logger)
      : await IsolatedExecutor.create(outDir, {
          maxWorkers: options.maxWorkersPerFunction ?? 8,
          maxQueue: options.maxQueuePerFunction ?? 1000,
          idleTtlMs: 60_000,
          onLog: (fn, [level, requestId, text]) => logger[level]({ functionId: fn.id, requestId }, text),
          onCrash: (fn, detail) =>
            logger.error({ functionId: fn.id, detail }, `${fn.id}: worker crashed and was replaced`),
        })
  const runtime = new FunctionRuntime({ ...options, rootDir }, outDir, logger, executor)
  await runtime.start()
  return runtime
}

class FunctionRuntime implements Runtime {
  readonly #options: RuntimeOptions
  readonly #rootDir: string
  readonly #outDir: string
  readonly #logger: Logger
  readonly #executor: Executor
  readonly #bundles = new Map<string, HandlerBundle>()
  #slots = new Map<string, Slot>()
  readonly #retiring = new Set<Promise<void>>()
  #watcher: SourceWatcher | undefined
  /** Builds, deploys and swaps run one at a time. */
  #serial: Promise<unknown> = Promise.resolve()
  #closed = false

  constructor(options: RuntimeOptions, outDir: string, logger: Logger, executor: Executor) {
    this.#options = options
    this.#rootDir = options.rootDir
    this.#outDir = outDir
    this.#logger = logger
    this.#executor = executor
  }

  readonly invoke = (request: InvokeRequest): Promise<InvokeOutcome> => {
    const deployment = this.#slots.get(request.functionId)?.deployment
    if (deployment) return deployment.invoke(request, Date.now())
    return Promise.resolve(
      crashed(this.#closed ? 'the runtime is closed' : `no function "${request.functionId}" is deployed`),
    )
  }

  async start(): Promise<void> {
    try {
      await this.#apply(this.#options.functions)
      if (this.#options.watch)
        this.#watcher = await SourceWatcher.start(this.#watchedPaths(), (paths) => {
          this.#run(() => this.#rebuildFor(paths)).catch((error: unknown) => {
            if (!this.#closed) this.#logger.error({ error }, `reload failed: ${errorMessage(error)}`)
          })
        })
    } catch (error) {
      await this.close()
      throw error
    }
  }

  update(functions: FunctionSpec[]): Promise<void> {
    return this.#run(async () => {
      await this.#apply(functions)
      this.#watcher?.add(this.#watchedPaths())
    })
  }

  rebuild(): Promise<void> {
    return this.#run(() => this.#rebuildFor(undefined))
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#watcher?.close()
    await this.#serial.catch(() => {})
    const slots = [...this.#slots.values()]
    this.#slots = new Map()
    await Promise.all(slots.map((slot) => slot.deployment?.retire()))
    await Promise.all(this.#retiring)
    this.#executor.close()
    await Promise.all([...this.#bundles.values()].map((bundle) => bundle.dispose()))
    this.#bundles.clear()
  }

  #run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.#serial.then(() => {
      if (this.#closed) throw new Error('the runtime is closed')
      return task()
    })
    this.#serial = next.catch(() => {})
    return next
  }

  /** Builds and deploys `specs` as the new function list; throws a UserFacingError listing what cannot start. */
  async #apply(specs: FunctionSpec[]): Promise<void> {
    const { located, problems } = locateFunctions(this.#rootDir, specs)
    const entries = [...new Set(located.map((fn) => fn.entry))]
    const results = new Map(
      await Promise.all(entries.map(async (entry) => [entry, await this.#bundleFor(entry).build()] as const)),
    )
    const next = new Map<string, Slot>()
    for (const fn of located) {
      const result = results.get(fn.entry)!
      if (!result.ok) {
        problems.push(buildProblem(fn, result.message))
        continue
      }
      const problem = exportProblem(fn, result.output)
      if (problem) problems.push(problem)
      else next.set(fn.spec.id, this.#slotFor(fn, result.output))
    }
    if (problems.length > 0) {
      await this.#disposeUnusedBundles()
      throw startupError(problems)
    }
    const removed = [...this.#slots.values()].filter((slot) => !next.has(slot.fn.spec.id))
    this.#slots = next
    for (const slot of removed)
      if (slot.deployment) this.#retire(slot.deployment, undefined, slot.deployedPath)
    await this.#disposeUnusedBundles()
    const { failures } = await this.#deploy([...next.values()])
    if (failures.length > 0) throw startupError(failures)
  }

  /** Rebuilds the bundles that read any of `paths` (all when undefined) and swaps in what changed. */
  async #rebuildFor(paths: string[] | undefined): Promise<void> {
    const startedAt = performance.now()
    const changed = paths ? new Set(paths) : undefined
    const bundles = [...this.#bundles.values()].filter(
      (bundle) => !changed || bundle.inputs.some((input) => changed.has(input)),
    )
    const affected: Slot[] = []
    await Promise.all(
      bundles.map(async (bundle) => {
        const result = await bundle.build()
        const slots = [...this.#slots.values()].filter((slot) => slot.fn.entry === bundle.entry)
        if (!result.ok) {
          for (const slot of slots) this.#keepPrevious(slot, buildProblem(slot.fn, result.message))
          return
        }
        for (const slot of slots) {
          const problem = exportProblem(slot.fn, result.output)
          if (problem) this.#keepPrevious(slot, problem)
          else {
            slot.target = result.output
            affected.push(slot)
          }
        }
      }),
    )
    this.#watcher?.add(this.#watchedPaths())
    const { swapped, failures } = await this.#deploy(affected)
    for (const failure of failures) this.#logger.error({}, `${failure}\nStill serving the previous build.`)
    if (swapped.length === 0) return
    const ms = Math.round(performance.now() - startedAt)
    this.#logger.info({ functions: swapped, ms }, `reloaded ${swapped.join(', ')} in ${ms} ms`)
    this.#options.onReload?.(swapped)
  }

  #keepPrevious(slot: Slot, problem: string): void {
    this.#logger.error({ functionId: slot.fn.spec.id }, `${problem}\nStill serving the previous build.`)
  }

  /** Loads each slot whose spec or bundle changed, then swaps it in; a slot that fails keeps what it ran. */
  async #deploy(slots: Slot[]): Promise<{ swapped: string[]; failures: string[] }> {
    const swapped: string[] = []
    const failures: string[] = []
    await Promise.all(
      slots.map(async (slot) => {
        const key = `${slot.specKey}\n${slot.target.bundlePath}`
        if (slot.deployment && slot.deployedKey === key) return
        let next: Deployment
        try {
          next = await this.#executor.deploy(deployedFunction(slot.fn, slot.target.bundlePath, this.#options))
        } catch (error) {
          failures.push(`${slot.fn.spec.id}: ${errorMessage(error)}`)
          return
        }
        const previous = slot.deployment
        const previousPath = slot.deployedPath
        slot.deployment = next
        slot.deployedKey = key
        slot.deployedPath = slot.target.bundlePath
        swapped.push(slot.fn.spec.id)
        if (previous) this.#retire(previous, next, previousPath)
      }),
    )
    return { swapped, failures }
  }

  /** In-flight invocations finish on `deployment`; its bundle file goes once nothing uses it. */
  #retire(deployment: Deployment, successor: Deployment | undefined, bundlePath: string | undefined): void {
    const done = deployment.retire(successor).then(async () => {
      this.#retiring.delete(done)
      if (bundlePath && !this.#inUse(bundlePath))
        await Promise.all([rm(bundlePath, { force: true }), rm(`${bundlePath}.map`, { force: true })])
    })
    this.#retiring.add(done)
  }

  #inUse(bundlePath: string): boolean {
    for (const slot of this.#slots.values())
      if (slot.deployedPath === bundlePath || slot.target.bundlePath === bundlePath) return true
    return false
  }

  #slotFor(fn: LocatedFunction, output: BundleOutput): Slot {
    const existing = this.#slots.get(fn.spec.id)
    return {
      fn,
      specKey: JSON.stringify([fn.spec, fn.entry]),
      target: output,
      deployment: existing?.deployment,
      deployedKey: existing?.deployedKey,
      deployedPath: existing?.deployedPath,
    }
  }

  #bundleFor(entry: string): HandlerBundle {
    let bundle = this.#bundles.get(entry)
    if (!bundle) {
      bundle = new HandlerBundle(entry, { rootDir: this.#rootDir, outDir: this.#outDir, write: true })
      this.#bundles.set(entry, bundle)
    }
    return bundle
  }

  async #disposeUnusedBundles(): Promise<void> {
    const used = new Set([...this.#slots.values()].map((slot) => slot.fn.entry))
    const unused = [...this.#bundles.values()].filter((bundle) => !used.has(bundle.entry))
    for (const bundle of unused) this.#bundles.delete(bundle.entry)
    await Promise.all(unused.map((bundle) => bundle.dispose()))
  }

  #watchedPaths(): string[] {
    return [...new Set([...this.#bundles.values()].flatMap((bundle) => bundle.inputs))]
  }
}
