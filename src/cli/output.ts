import { styleText } from 'node:util'
import pino from 'pino'
import type { Logger } from '../core/index.js'

/**
 * The CLI's logger: pino JSON lines for production (`--log-format json`), or in development one
 * short readable line per event, and one coloured line per request.
 */
export function createCliLogger(format: 'pretty' | 'json', dest: string | number = 1): Logger {
  if (format === 'json') {
    // Buffered: the buffer goes out at 4 KiB, at least every 200 ms, and when the process exits.
    // Written synchronously (pino's default): asynchronous writes let the buffer grow while one is
    // in flight, and each line then pays for measuring it (2–3 µs more per request, measured in
    // bench/gateway.ts `production`).
    const destination = pino.destination({ dest, sync: true, minLength: 4096 })
    setInterval(() => destination.flush(), 200).unref()
    process.on('exit', () => destination.flushSync())
    return pino({ base: undefined }, destination) as unknown as Logger
  }
  return prettyLogger({})
}

const LEVEL_STYLE = { debug: 'gray', info: 'cyan', warn: 'yellow', error: 'red' } as const

function prettyLogger(bindings: Record<string, unknown>): Logger {
  const write =
    (level: keyof typeof LEVEL_STYLE) =>
    (obj: object, msg?: string): void => {
      if (level === 'debug' && !process.env.PORTCULLIS_DEBUG) return
      const fields = { ...bindings, ...obj } as Record<string, unknown>
      if (msg === 'request') {
        process.stdout.write(`${requestLine(fields)}\n`)
        return
      }
      const { err, problems, ...rest } = fields
      const detail = Object.entries(rest)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ')
      const extra = Array.isArray(problems) ? `\n  ${problems.join('\n  ')}` : ''
      const stack = err instanceof Error ? `\n${err.stack ?? err.message}` : ''
      process.stdout.write(
        `${styleText(LEVEL_STYLE[level], level.padEnd(5))} ${msg ?? ''} ${styleText('gray', detail)}${extra}${stack}\n`,
      )
    }
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (more) => prettyLogger({ ...bindings, ...more }),
  }
}

/** `GET /private 200 3.1ms  GET /private  allow` — never the token. */
function requestLine(f: Record<string, unknown>): string {
  const status = Number(f.status)
  const color = status >= 500 ? 'red' : status >= 400 ? 'yellow' : 'green'
  const route = f.routeKey && f.routeKey !== '-' ? styleText('gray', String(f.routeKey)) : ''
  return `${String(f.method).padEnd(6)} ${String(f.path ?? '')} ${styleText(color, String(status))} ${styleText('gray', `${f.ms}ms`)}  ${route}  ${String(f.auth ?? '')}`
}
