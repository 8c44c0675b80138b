import { styleText } from 'node:util'
import pino from 'pino'
import { type Logger, REQUEST_MESSAGE } from '../core/index.js'

/**
 * The CLI's logger: JSON lines in pino's layout for production (`--log-format json`), or in
 * development one short readable line per event, and one coloured line per request.
 */
export function createCliLogger(format: 'pretty' | 'json', dest: string | number = 1): Logger {
  if (format === 'json') {
    // Lines go out in batches of at most PIPE_BUF bytes, at least every 200 ms, and when the
    // process exits, written synchronously by sonic-boom (pino's destination), which handles
    // partial writes and full pipes. The batch is gathered here rather than with sonic-boom's
    // `minLength`, which measures its whole pending buffer again on every line (a flattening copy
    // of up to 4 KiB, about 3 µs per request at gateway rates; bench/gateway.ts `production`).
    const destination = pino.destination({ dest, sync: true, contentMode: 'buffer' })
    // In buffer mode sonic-boom writes Buffers as given (its typings only know strings).
    const batch = new LineBatch((chunk) => destination.write(chunk as unknown as string))
    setInterval(() => batch.flush(), 200).unref()
    process.on('exit', () => {
      batch.flush()
      destination.flushSync()
    })
    return jsonLogger(batchedPino(batch), batch, '')
  }
  return prettyLogger({})
}

/** pino writing into `batch`, with the time a request line was logged when it renders one late. */
export function batchedPino(batch: LineBatch): pino.Logger {
  return pino({ base: undefined, timestamp: () => `,"time":${batch.loggedAt ?? Date.now()}` }, batch)
}

/**
 * pino, except for the gateway's request line, which is rendered here into the same batch: pino
 * costs about 2 µs more per line at gateway rates (measured in place, bench/gateway.ts
 * `production`). The line is what pino would write for the same call. Lines whose fields are not
 * all primitives, and loggers whose bindings are not, are left to pino. `bindings` is the
 * rendered bindings, or `undefined` when pino must render them.
 */
function jsonLogger(log: pino.Logger, batch: LineBatch, bindings: string | undefined): Logger {
  return {
    debug: (obj, msg) => log.debug(obj, msg),
    info: (obj, msg) => {
      if (msg === REQUEST_MESSAGE && bindings !== undefined) batch.request(Date.now(), bindings, obj, log)
      else log.info(obj, msg)
    },
    warn: (obj, msg) => log.warn(obj, msg),
    error: (obj, msg) => log.error(obj, msg),
    child: (more) => {
      const rendered = bindings === undefined || hasPinoOption(more) ? undefined : flatJson(more)
      return jsonLogger(log.child(more), batch, rendered === undefined ? undefined : bindings + rendered)
    },
  }
}

/** Binding names pino takes as options of the child rather than as fields. */
function hasPinoOption(bindings: object): boolean {
  return (
    'level' in bindings || 'serializers' in bindings || 'formatters' in bindings || 'customLevels' in bindings
  )
}

/**
 * `{"level":30,"time":…,<bindings>,<fields>,"msg":"request"}` and a newline, as pino lays it out;
 * `undefined` when a field is an object (pino's safe stringifier is the one to render those).
 */
export function requestJson(bindings: string, fields: object, time: number): string | undefined {
  const rendered = flatJson(fields)
  if (rendered === undefined) return undefined
  return `{"level":30,"time":${timeText(time)}${bindings}${rendered},"msg":"${REQUEST_MESSAGE}"}\n`
}

let lastTime = Number.NaN
let lastTimeText = ''

/** Lines logged within the same millisecond share the text of their time. */
function timeText(time: number): string {
  if (time !== lastTime) {
    lastTime = time
    lastTimeText = `${time}`
  }
  return lastTimeText
}

/** Strings that JSON.stringify would change: quotes, backslashes, controls, lone surrogates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/

/**
 * `,"key":value` for each own enumerable property, as pino writes them: undefined, functions and
 * symbols are skipped, non-finite numbers are `null`, a bigint is written as a number.
 * `undefined` when a value is an object or an array.
 */
function flatJson(fields: object): string | undefined {
  let out = ''
  let n = 0
  for (const key in fields) {
    if (!Object.hasOwn(fields, key)) continue
    const value = (fields as Record<string, unknown>)[key]
    if (n < MEMO && memoKeys[n] === key && memoValues[n] === value) {
      out += memoJson[n++]
      continue
    }
    let json: string
    if (typeof value === 'string')
      json = keyJson(key) + (NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`)
    else if (typeof value === 'number') json = keyJson(key) + (Number.isFinite(value) ? value : 'null')
    else if (typeof value === 'boolean' || typeof value === 'bigint' || value === null)
      json = keyJson(key) + value
    else if (typeof value === 'object') return undefined
    else continue
    if (n < MEMO) {
      memoKeys[n] = key
      memoValues[n] = value
      memoJson[n] = json
    }
    n++
    out += json
  }
  return out
}

/**
 * The fields last rendered, by position: key, value and `,"key":value`. Request lines come with
 * the same keys in the same order, and most of their values (method, path, route, status, the
 * authorizer's decision) repeat from one line to the next; those are not rendered again.
 */
const MEMO = 16
const memoKeys: (string | undefined)[] = new Array(MEMO).fill(undefined)
const memoValues: unknown[] = new Array(MEMO).fill(undefined)
const memoJson: string[] = new Array(MEMO).fill('')

/** `,"key":`, remembered: the same few keys come back on every line. */
const keys = new Map<string, string>()

function keyJson(key: string): string {
  let json = keys.get(key)
  if (json === undefined) {
    json = `,${JSON.stringify(key)}:`
    if (keys.size < 1024) keys.set(key, json)
  }
  return json
}

/**
 * At most this many request lines wait for the end of a turn of the event loop; more are
 * rendered at once. Counted batches alone serve more the larger they are (512 lines: +8 % req/s
 * at saturation, 2048: +13 %, bench/gateway.ts `production`), but each stalls the loop while it
 * renders: at 1024 lines, the half-load p99 was 2–4 ms above hello's instead of about 1.
 */
const RENDER_BATCH = 256

/**
 * Log lines, in order, joined into chunks of at most `size` bytes of UTF-8 (a longer line goes
 * alone). 4096 is PIPE_BUF: the processes of `portcullis start` share one standard output, and
 * a pipe keeps a write of at most that many bytes whole, so their lines never interleave.
 *
 * Request lines are kept as their fields and rendered together once the event loop's turn has
 * answered its requests (`setImmediate`), or before any other line, or on flush, or when
 * `RENDER_BATCH` wait: rendered one by one amid request handling, they cost two to three times
 * what they cost in a loop (bench/gateway.ts `production`), and a turn's responses are written before
 * its lines are rendered. The gateway hands over a fresh object of primitives per line and never
 * touches it again; the time is taken when the line is logged.
 */
export class LineBatch {
  readonly #sink: (chunk: Buffer) => void
  readonly #size: number
  /** Whole lines, at most `#size` UTF-16 units: no more than `#size` bytes unless some are not ASCII. */
  #text = ''
  // Request lines logged but not rendered yet, in slots reused from one batch to the next:
  // `#rendered` of the `#pending` are done.
  readonly #times: number[] = new Array(RENDER_BATCH).fill(0)
  readonly #bindings: string[] = new Array(RENDER_BATCH).fill('')
  readonly #fields: (object | null)[] = new Array(RENDER_BATCH).fill(null)
  readonly #fallbacks: (pino.Logger | null)[] = new Array(RENDER_BATCH).fill(null)
  #pending = 0
  #rendered = 0
  #rendering = false
  #scheduled = false
  readonly #renderAfterTurn = (): void => {
    this.#scheduled = false
    try {
      this.#render()
    } catch {
      // A line whose rendering threw is dropped (see #render); there is no caller to tell, and a
      // log line must not take the process down. The others render on the next call.
    }
  }
  /** While a request line is handed to its fallback: when it was logged (pino's timestamp reads it). */
  loggedAt: number | undefined = undefined

  constructor(sink: (chunk: Buffer) => void, size = 4096) {
    this.#sink = sink
    this.#size = size
  }

  /** A request line, rendered later by `requestJson`, or by `fallback` (pino) if it has an object field. */
  request(time: number, bindings: string, fields: object, fallback: pino.Logger): void {
    const slot = this.#pending++
    this.#times[slot] = time
    this.#bindings[slot] = bindings
    this.#fields[slot] = fields
    this.#fallbacks[slot] = fallback
    if (this.#pending >= RENDER_BATCH) this.#render()
    else if (!this.#scheduled) {
      this.#scheduled = true
      setImmediate(this.#renderAfterTurn)
    }
  }

  /** A rendered line (pino writes here). */
  write(line: string): void {
    this.#render()
    this.#append(line)
  }

  flush(): void {
    this.#render()
    this.#flushText()
  }

  /** Renders the pending request lines; one that throws is dropped, the rest stay pending. */
  #render(): void {
    if (this.#rendering) return
    this.#rendering = true
    try {
      while (this.#rendered < this.#pending) {
        const i = this.#rendered++
        const fields = this.#fields[i]!
        const fallback = this.#fallbacks[i]!
        this.#fields[i] = null
        this.#fallbacks[i] = null
        const line = requestJson(this.#bindings[i]!, fields, this.#times[i]!)
        if (line !== undefined) this.#append(line)
        else {
          this.loggedAt = this.#times[i]
          try {
            fallback.info(fields, REQUEST_MESSAGE)
          } finally {
            this.loggedAt = undefined
          }
        }
      }
      this.#pending = 0
      this.#rendered = 0
    } finally {
      this.#rendering = false
    }
  }

  #append(line: string): void {
    if (this.#text.length + line.length > this.#size) this.#flushText()
    this.#text += line
    if (this.#text.length >= this.#size) this.#flushText()
  }

  #flushText(): void {
    if (this.#text === '') return
    const chunk = Buffer.from(this.#text)
    this.#text = ''
    if (chunk.length <= this.#size) this.#sink(chunk)
    else for (const part of wholeLines(chunk, this.#size)) this.#sink(part)
  }
}

/** `chunk` cut after newlines into parts of at most `size` bytes; a longer line is a part alone. */
function* wholeLines(chunk: Buffer, size: number): Generator<Buffer> {
  let start = 0
  let end = 0
  while (end < chunk.length) {
    const newline = chunk.indexOf(10, end)
    const next = newline === -1 ? chunk.length : newline + 1
    if (next - start > size && end > start) {
      yield chunk.subarray(start, end)
      start = end
    }
    end = next
  }
  if (end > start) yield chunk.subarray(start, end)
}

const LEVEL_STYLE = { debug: 'gray', info: 'cyan', warn: 'yellow', error: 'red' } as const

function prettyLogger(bindings: Record<string, unknown>): Logger {
  const write =
    (level: keyof typeof LEVEL_STYLE) =>
    (obj: object, msg?: string): void => {
      if (level === 'debug' && !process.env.PORTCULLIS_DEBUG) return
      const fields = { ...bindings, ...obj } as Record<string, unknown>
      if (msg === REQUEST_MESSAGE) {
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
