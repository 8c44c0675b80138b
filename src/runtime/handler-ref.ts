import { existsSync, statSync } from 'node:fs'
import { extname, resolve } from 'node:path'

/** A parsed `path/to/file.export` handler string. */
export interface HandlerRef {
  /** The file part as written, relative to rootDir, possibly without extension. */
  file: string
  exportName: string
}

/** Tried in this order when the handler names no extension (TypeScript first, as SST does). */
export const HANDLER_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const

const EXPORT_NAME = /^[A-Za-z_$][\w$]*$/

/** Splits at the last dot, like Lambda's `index.handler`; returns a problem text for a malformed string. */
export function parseHandler(handler: string): HandlerRef | string {
  const dot = handler.lastIndexOf('.')
  const slash = handler.lastIndexOf('/')
  if (dot <= slash + 1 || dot === handler.length - 1)
    return `handler "${handler}" must look like path/to/file.export`
  const exportName = handler.slice(dot + 1)
  if (!EXPORT_NAME.test(exportName)) return `handler "${handler}": "${exportName}" is not an export name`
  return { file: handler.slice(0, dot), exportName }
}

/** The absolute path of the handler's source file, or undefined when none of the candidates exists. */
export function resolveHandlerFile(rootDir: string, file: string): string | undefined {
  const base = resolve(rootDir, file)
  const explicit = (HANDLER_EXTENSIONS as readonly string[]).includes(extname(base))
  const candidates = explicit ? [base] : HANDLER_EXTENSIONS.map((ext) => base + ext)
  return candidates.find(isFile)
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile()
}
