import { tmpdir } from 'node:os'
import { relative, resolve, sep } from 'node:path'
import { UserFacingError } from '../core/index.js'
import { type BundleOutput, HandlerBundle } from './bundle.js'
import type { FunctionSpec } from './contract.js'
import { HANDLER_EXTENSIONS, parseHandler, resolveHandlerFile } from './handler-ref.js'

export const DEFAULT_TIMEOUT_MS = 30_000

/** A spec whose handler file exists and parses; `sourceFile` is relative to rootDir, with its extension. */
export interface LocatedFunction {
  spec: FunctionSpec
  entry: string
  sourceFile: string
  exportName: string
}

/**
 * Finds each function's file and checks its options; returns the located functions and one
 * problem line per broken one, each naming the function first.
 */
export function locateFunctions(
  rootDir: string,
  specs: FunctionSpec[],
): { located: LocatedFunction[]; problems: string[] } {
  const located: LocatedFunction[] = []
  const problems: string[] = []
  const seen = new Set<string>()
  for (const spec of specs) {
    if (seen.has(spec.id)) problems.push(`${spec.id}: defined twice`)
    seen.add(spec.id)
    problems.push(...optionProblems(spec))
    const ref = parseHandler(spec.handler)
    if (typeof ref === 'string') {
      problems.push(`${spec.id}: ${ref}`)
      continue
    }
    const entry = resolveHandlerFile(rootDir, ref.file)
    if (!entry) {
      problems.push(
        `${spec.id}: handler file ${ref.file} not found in ${rootDir} (tried ${HANDLER_EXTENSIONS.join(', ')})`,
      )
      continue
    }
    located.push({ spec, entry, exportName: ref.exportName, sourceFile: relativePath(rootDir, entry) })
  }
  return { located, problems }
}

/**
 * Whether a bundle serves a function: the export exists. A CommonJS entry's exports are only
 * known once it runs, so they are checked when it loads.
 */
export function exportProblem(fn: LocatedFunction, output: BundleOutput): string | undefined {
  if (output.exports.includes(fn.exportName)) return undefined
  if (output.entryFormat === 'cjs') return undefined
  const available = output.exports.length > 0 ? ` (it exports ${output.exports.join(', ')})` : ''
  return `${fn.spec.id}: ${fn.sourceFile} has no export "${fn.exportName}"${available}`
}

export function buildProblem(fn: LocatedFunction, message: string): string {
  return `${fn.spec.id}: ${fn.sourceFile} does not build:\n${message}`
}

/**
 * Problems that would stop these functions from starting: malformed handler strings, missing
 * files, build errors, missing exports — e.g. `src/private.main: src/private.ts has no export "main"`.
 * Builds in memory; writes nothing.
 */
export async function checkHandlers(rootDir: string, functions: FunctionSpec[]): Promise<string[]> {
  const root = resolve(rootDir)
  const { located, problems } = locateFunctions(root, functions)
  const bundles = new Map<string, HandlerBundle>()
  for (const fn of located)
    if (!bundles.has(fn.entry))
      bundles.set(fn.entry, new HandlerBundle(fn.entry, { rootDir: root, outDir: tmpdir(), write: false }))
  const results = new Map(
    await Promise.all([...bundles].map(async ([entry, bundle]) => [entry, await bundle.build()] as const)),
  )
  await Promise.all([...bundles.values()].map((bundle) => bundle.dispose()))
  for (const fn of located) {
    const result = results.get(fn.entry)!
    const problem = result.ok ? exportProblem(fn, result.output) : buildProblem(fn, result.message)
    if (problem) problems.push(problem)
  }
  return problems
}

/** One error for everything that stops functions from starting, each problem on its own line. */
export function startupError(problems: string[]): UserFacingError {
  const noun = problems.length === 1 ? 'function cannot' : 'functions cannot'
  return new UserFacingError(`${problems.length} ${noun} start:\n${problems.map((p) => `  ${p}`).join('\n')}`)
}

function optionProblems(spec: FunctionSpec): string[] {
  const problems: string[] = []
  if (spec.timeoutMs !== undefined && !(Number.isInteger(spec.timeoutMs) && spec.timeoutMs > 0))
    problems.push(`${spec.id}: timeoutMs must be a positive integer`)
  if (spec.memoryMb !== undefined && !(Number.isInteger(spec.memoryMb) && spec.memoryMb >= 16))
    problems.push(`${spec.id}: memoryMb must be an integer of at least 16`)
  return problems
}

function relativePath(rootDir: string, path: string): string {
  return relative(rootDir, path).split(sep).join('/')
}
