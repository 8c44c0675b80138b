import { mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'
import type { DeployedFunction, Deployment, Executor } from './deployment.js'
import { type PoolOptions, WorkerPool } from './worker-pool.js'

/** Isolated mode: each deployed function gets its own pool of worker threads. */
export class IsolatedExecutor implements Executor {
  readonly #options: PoolOptions

  private constructor(options: PoolOptions) {
    this.#options = options
  }

  /** Bundles the worker entry once into `outDir`, so that workers start without a TypeScript loader. */
  static async create(outDir: string, options: Omit<PoolOptions, 'workerScript'>): Promise<IsolatedExecutor> {
    return new IsolatedExecutor({ ...options, workerScript: await bundleWorkerEntry(outDir) })
  }

  async deploy(fn: DeployedFunction): Promise<Deployment> {
    const pool = new WorkerPool(fn, this.#options)
    try {
      await pool.start()
    } catch (error) {
      await pool.retire()
      throw error
    }
    return pool
  }

  close(): void {}
}

async function bundleWorkerEntry(outDir: string): Promise<string> {
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js'
  const source = fileURLToPath(new URL(`./worker-main${extension}`, import.meta.url))
  const dir = join(outDir, '.runtime')
  await mkdir(dir, { recursive: true })
  const result = await esbuild.build({
    entryPoints: [source],
    absWorkingDir: dir,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir: dir,
    entryNames: 'worker-[hash]',
    outExtension: { '.js': '.mjs' },
    metafile: true,
    logLevel: 'silent',
  })
  return resolve(dir, Object.keys(result.metafile.outputs)[0]!)
}
