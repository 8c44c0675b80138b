import { styleText } from 'node:util'
import pino from 'pino'
import type { Logger } from '../core/index.js'

/**
 * The CLI's logger: JSON lines (pino) when `--log-format json` or not a terminal is wanted for
 * production; in development a short readable line per event.
 */
export function createCliLogger(
  format: 'pretty' | 'json' = process.stdout.isTTY ? 'pretty' : 'json',
): Logger {
  if (format === 'json') return pino({ base: undefined }) as unknown as Logger
  return prettyLogger({})
}

const LEVEL_STYLE = { debug: 'gray', info: 'cyan', warn: 'yellow', error: 'red' } as const

function prettyLogger(bindings: Record<string, unknown>): Logger {
  const write =
    (level: keyof typeof LEVEL_STYLE) =>
    (obj: object, msg?: string): void => {
      if (level === 'debug' && !process.env.PORTCULLIS_DEBUG) return
      const fields = { ...bindings, ...obj } as Record<string, unknown>
      const detail = Object.entries(fields)
        .filter(([k]) => k !== 'err')
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ')
      const err = fields.err instanceof Error ? `\n${fields.err.stack ?? fields.err.message}` : ''
      process.stdout.write(
        `${styleText(LEVEL_STYLE[level], level.padEnd(5))} ${msg ?? ''} ${styleText('gray', detail)}${err}\n`,
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
