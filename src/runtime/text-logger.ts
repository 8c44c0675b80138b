import type { Logger } from '../core/index.js'

/**
 * The logger used when the caller gives none: one line per record, `LEVEL message key=value…`.
 * Handler output (records carrying `requestId`) goes to stdout, runtime events to stderr.
 */
export function textLogger(
  out: (line: string) => void = (line) => process.stdout.write(line),
  err: (line: string) => void = (line) => process.stderr.write(line),
  bindings: Record<string, unknown> = {},
): Logger {
  const at =
    (level: string) =>
    (obj: object, msg?: string): void => {
      const fields = { ...bindings, ...obj }
      const handlerLine = 'requestId' in fields
      const pairs = Object.entries(fields)
        .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
        .join(' ')
      const line = `${level.toUpperCase()} ${msg ?? ''}${pairs ? ` ${pairs}` : ''}\n`
      ;(handlerLine ? out : err)(line)
    }
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => textLogger(out, err, { ...bindings, ...more }),
  }
}
