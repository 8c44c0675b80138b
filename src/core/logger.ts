/** The logging surface the project needs; pino satisfies it, and tests pass a recorder. */
export interface Logger {
  debug(obj: object, msg?: string): void
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
  child(bindings: Record<string, unknown>): Logger
}

/**
 * The message of the gateway's one line per request. Loggers may render that line their own way
 * (the CLI's do, for speed and for a readable development line); its fields are flat, and the
 * object holding them is the logger's to keep: the JSON logger renders it a little later.
 */
export const REQUEST_MESSAGE = 'request'

export interface LogRecord {
  level: 'debug' | 'info' | 'warn' | 'error'
  msg: string | undefined
  [key: string]: unknown
}

/** A logger that keeps what it is given, for assertions. */
export function recordingLogger(records: LogRecord[] = [], bindings: Record<string, unknown> = {}): Logger {
  const at =
    (level: LogRecord['level']) =>
    (obj: object, msg?: string): void => {
      records.push({ ...bindings, ...obj, level, msg })
    }
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => recordingLogger(records, { ...bindings, ...more }),
  }
}

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
}
