import { isAbsolute, relative, resolve, sep } from 'node:path'
import * as esbuild from 'esbuild'

export interface BundleOutput {
  /** Absolute path of the ESM bundle; its name carries a content hash, so new code gets a new path. */
  bundlePath: string
  /** Export names of the bundle; a CommonJS entry shows only `default`. */
  exports: string[]
  entryFormat: 'esm' | 'cjs' | undefined
}

export type BundleResult =
  | { ok: true; output: BundleOutput; inputs: string[] }
  | { ok: false; message: string; inputs: string[] }

export interface BundleOptions {
  rootDir: string
  outDir: string
  /** false for a check that only needs the metafile. */
  write: boolean
}

/**
 * Bundled ESM has no `require`; esbuild's shim for `require()` calls in CommonJS code
 * looks for one in scope, so this gives it Node's, resolving from the bundle's location
 * (inside rootDir, hence from rootDir's node_modules). esbuild renames a user's own
 * top-level `require` out of the way.
 */
const REQUIRE_BANNER =
  "import { createRequire as __portcullisCreateRequire } from 'node:module';\n" +
  'const require = __portcullisCreateRequire(import.meta.url);'

/** One handler source file and everything it imports, bundled incrementally by one esbuild context. */
export class HandlerBundle {
  readonly entry: string
  readonly #options: BundleOptions
  #context: Promise<esbuild.BuildContext> | undefined
  #inputs: string[]

  constructor(entry: string, options: BundleOptions) {
    this.entry = entry
    this.#options = options
    this.#inputs = [entry]
  }

  /** The files the last successful build read (just the entry before one succeeded). */
  get inputs(): readonly string[] {
    return this.#inputs
  }

  /** Never rejects: a failed build is a result, so that callers keep serving the previous one. */
  async build(): Promise<BundleResult> {
    try {
      this.#context ??= esbuild.context(this.#buildOptions())
      const result = await (await this.#context).rebuild()
      this.#inputs = inputPaths(result.metafile!, this.#options.rootDir, this.entry)
      return { ok: true, output: this.#output(result.metafile!), inputs: this.#inputs }
    } catch (error) {
      return { ok: false, message: await describeFailure(error), inputs: this.#inputs }
    }
  }

  async dispose(): Promise<void> {
    const context = this.#context
    this.#context = undefined
    if (context) await (await context.catch(() => undefined))?.dispose()
  }

  #buildOptions(): esbuild.BuildOptions & { metafile: true } {
    return {
      entryPoints: [this.entry],
      absWorkingDir: this.#options.rootDir,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      sourcemap: 'linked',
      sourcesContent: false,
      metafile: true,
      write: this.#options.write,
      outdir: this.#options.outDir,
      outbase: this.#options.rootDir,
      entryNames: '[dir]/[name]-[hash]',
      outExtension: { '.js': '.mjs' },
      banner: { js: REQUIRE_BANNER },
      logLevel: 'silent',
    }
  }

  #output(metafile: esbuild.Metafile): BundleOutput {
    const entryKey = relative(this.#options.rootDir, this.entry).split(sep).join('/')
    for (const [path, output] of Object.entries(metafile.outputs)) {
      if (output.entryPoint === undefined) continue
      return {
        bundlePath: resolve(this.#options.rootDir, path),
        exports: output.exports,
        entryFormat: metafile.inputs[output.entryPoint]?.format ?? metafile.inputs[entryKey]?.format,
      }
    }
    throw new Error(`esbuild produced no bundle for ${this.entry}`)
  }
}

/** Source files of the bundle worth watching: real files, outside node_modules. */
function inputPaths(metafile: esbuild.Metafile, rootDir: string, entry: string): string[] {
  const paths = new Set([entry])
  for (const input of Object.keys(metafile.inputs)) {
    if (input.includes(':') && !isAbsolute(input)) continue
    const path = resolve(rootDir, input)
    if (!path.split(sep).includes('node_modules')) paths.add(path)
  }
  return [...paths]
}

async function describeFailure(error: unknown): Promise<string> {
  const messages = (error as Partial<esbuild.BuildFailure>).errors
  if (!Array.isArray(messages) || messages.length === 0)
    return error instanceof Error ? error.message : String(error)
  const formatted = await esbuild.formatMessages(messages, { kind: 'error', color: false })
  return formatted.join('').trimEnd()
}
