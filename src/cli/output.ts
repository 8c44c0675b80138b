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
    // In buffer mode sonic-boom writes Buffers as given (its typings only know strings). A chunk
    // it reports written whole is done with, and the batch writes the next into the same memory;
    // one it could not write whole it keeps, to retry, and the batch leaves that memory alone.
    let written = 0
    destination.on('write', (n: number) => {
      written += n
    })
    const batch = new LineBatch((chunk) => {
      written = 0
      destination.write(chunk as unknown as string)
      return written === chunk.length
    })
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
  return requestBytes(bindings, fields, time)?.toString()
}

/** The request line as UTF-8 in a buffer of its own. */
function requestBytes(bindings: string, fields: object, time: number): Buffer | undefined {
  return rendered((out) => renderRequest(out, 0, bindings, fields, time))
}

/** `,"key":value` for each field, as in `requestJson`; `undefined` when one is an object. */
function flatJson(fields: object): string | undefined {
  return rendered((out) => writeFields(out, 0, fields))?.toString()
}

/** What `render` writes into a buffer large enough for it. */
function rendered(render: (out: Buffer) => number): Buffer | undefined {
  for (let size = 1024; ; size *= 4) {
    const out = Buffer.allocUnsafe(size)
    const end = render(out)
    if (end === NOT_FLAT) return undefined
    if (end !== OVERFLOW) return out.subarray(0, end)
  }
}

/** `renderRequest`: the line does not fit in what is left of the buffer. */
const OVERFLOW = -1
/** `renderRequest`: a field is an object or an array. */
const NOT_FLAT = -2

const HEAD = Buffer.from('{"level":30,"time":')
const TAIL = Buffer.from(`,"msg":"${REQUEST_MESSAGE}"}\n`)

/**
 * The request line written as UTF-8 into `out` from `pos`: the end of it, or OVERFLOW or
 * NOT_FLAT (and bytes from `pos` on overwritten). Written byte by byte rather than built as a
 * string, which is allocated twice (as pieces, then flattened to be encoded): at gateway rates,
 * memory allocated per request costs well beyond the work done in it, about 1.3 µs per kilobyte
 * (an array of 600 B or 2.4 KB allocated per request, bench/gateway.ts `production` by hand).
 */
function renderRequest(out: Buffer, pos: number, bindings: string, fields: object, time: number): number {
  if (pos + HEAD.length > out.length) return OVERFLOW
  out.set(HEAD, pos)
  pos = writeRaw(out, pos + HEAD.length, timeText(time))
  if (pos < 0) return pos
  pos = writeFields(out, writeRaw(out, pos, bindings), fields)
  if (pos < 0) return pos
  if (pos + TAIL.length > out.length) return OVERFLOW
  out.set(TAIL, pos)
  return pos + TAIL.length
}

/**
 * `,"key":value` for each own enumerable property, as pino writes them: undefined, functions and
 * symbols are skipped, non-finite numbers are `null`, a bigint is written as a number.
 */
function writeFields(out: Buffer, pos: number, fields: object): number {
  for (const key in fields) {
    if (pos < 0) return pos
    if (!Object.hasOwn(fields, key)) continue
    const value = (fields as Record<string, unknown>)[key]
    const type = typeof value
    if (type === 'undefined' || type === 'function' || type === 'symbol') continue
    if (type === 'object' && value !== null) return NOT_FLAT
    if (pos >= out.length) return OVERFLOW
    out[pos] = COMMA
    pos = writeString(out, pos + 1, key)
    if (pos < 0 || pos >= out.length) return OVERFLOW
    out[pos++] = COLON
    if (type === 'string') pos = writeString(out, pos, value as string)
    else if (type === 'number') pos = writeNumber(out, pos, value as number)
    else pos = writeRaw(out, pos, String(value))
  }
  return pos
}

const COMMA = 0x2c
const COLON = 0x3a
const QUOTE = 0x22
const BACKSLASH = 0x5c
const MINUS = 0x2d
const DOT = 0x2e
const ZERO = 0x30

/** Text that is JSON already (a key, a number, bindings), as UTF-8. */
function writeRaw(out: Buffer, pos: number, text: string): number {
  const end = pos + text.length
  if (end > out.length) return OVERFLOW
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0x80) return writeUtf8(out, pos, text)
    out[pos + i] = c
  }
  return end
}

/**
 * A string as JSON: printable ASCII is written as it is, quoted; anything else (quotes,
 * backslashes, controls, non-ASCII text, lone surrogates) as JSON.stringify writes it.
 */
function writeString(out: Buffer, pos: number, value: string): number {
  const end = pos + value.length + 2
  if (end > out.length) return OVERFLOW
  out[pos] = QUOTE
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c < 0x20 || c >= 0x7f || c === QUOTE || c === BACKSLASH)
      return writeUtf8(out, pos, JSON.stringify(value))
    out[pos + 1 + i] = c
  }
  out[end - 1] = QUOTE
  return end
}

function writeUtf8(out: Buffer, pos: number, text: string): number {
  const end = pos + Buffer.byteLength(text)
  if (end > out.length) return OVERFLOW
  out.write(text, pos)
  return end
}

/**
 * A number as JSON.stringify writes it. One that is a whole number of hundredths, as a latency
 * in milliseconds is, is written from integers: the double nearest to q/100 is written by
 * JSON.stringify as that decimal, since no shorter decimal lies as near to it. Others are
 * converted by V8, through its shortest-digits algorithm.
 */
function writeNumber(out: Buffer, pos: number, value: number): number {
  let hundredths = Math.round(value * 100)
  if (hundredths / 100 !== value || hundredths > MAX_HUNDREDTHS || hundredths < -MAX_HUNDREDTHS)
    return writeRaw(out, pos, Number.isFinite(value) ? `${value}` : 'null')
  if (pos + 14 > out.length) return OVERFLOW
  if (hundredths < 0) {
    out[pos++] = MINUS
    hundredths = -hundredths
  }
  const whole = Math.trunc(hundredths / 100)
  const rest = hundredths - whole * 100
  pos = writeDigits(out, pos, whole)
  if (rest === 0) return pos
  out[pos++] = DOT
  out[pos++] = ZERO + Math.trunc(rest / 10)
  if (rest % 10 !== 0) out[pos++] = ZERO + (rest % 10)
  return pos
}

/** Within the small integers, and far from where JSON.stringify switches to exponents. */
const MAX_HUNDREDTHS = 2 ** 30 - 1

/** A non-negative small integer in decimal. */
function writeDigits(out: Buffer, pos: number, n: number): number {
  let digits = 1
  for (let rest = n; rest >= 10; rest = Math.trunc(rest / 10)) digits++
  for (let i = pos + digits - 1; i >= pos; i--) {
    out[i] = ZERO + (n % 10)
    n = Math.trunc(n / 10)
  }
  return pos + digits
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
 * `RENDER_BATCH` wait. Rendered one by one amid request handling instead, the same lines cost
 * 10 % of the requests served per second (bench/gateway.ts `production`; at saturation a turn
 * answers about 60 requests, whose lines are then rendered in one tight loop), and a turn's
 * responses are written before its lines are rendered. The gateway hands over a fresh object of
 * primitives per line and never touches it again; the time is taken when the line is logged.
 */
export class LineBatch {
  /** Gets each chunk; returns true when it is done with it, and the chunk's memory may be reused. */
  readonly #sink: (chunk: Buffer) => unknown
  readonly #size: number
  /** Whole lines, as UTF-8: `#used` bytes of `#chunk`, which is `#size` long. */
  #chunk: Buffer
  #used = 0
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

  constructor(sink: (chunk: Buffer) => unknown, size = 4096) {
    this.#sink = sink
    this.#size = size
    this.#chunk = Buffer.allocUnsafeSlow(size)
  }

  /** A request line, rendered later into the chunk, or by `fallback` (pino) if it has an object field. */
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
    this.#appendText(line)
  }

  flush(): void {
    this.#render()
    this.#flushChunk()
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
        if (!this.#appendRequest(this.#bindings[i]!, fields, this.#times[i]!)) {
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

  /** Renders a request line into the chunk; false when it must be left to pino. */
  #appendRequest(bindings: string, fields: object, time: number): boolean {
    let end = renderRequest(this.#chunk, this.#used, bindings, fields, time)
    if (end === OVERFLOW && this.#used > 0) {
      this.#flushChunk()
      end = renderRequest(this.#chunk, 0, bindings, fields, time)
    }
    if (end === NOT_FLAT) return false
    if (end === OVERFLOW) {
      // Longer than a chunk: it goes alone.
      const line = requestBytes(bindings, fields, time)
      if (line === undefined) return false
      this.#sink(line)
    } else {
      this.#used = end
      if (end === this.#size) this.#flushChunk()
    }
    return true
  }

  #appendText(line: string): void {
    const bytes = Buffer.byteLength(line)
    if (this.#used + bytes > this.#size) this.#flushChunk()
    if (bytes > this.#size) this.#sink(Buffer.from(line))
    else {
      this.#used += this.#chunk.write(line, this.#used)
      if (this.#used === this.#size) this.#flushChunk()
    }
  }

  /**
   * Passes the chunk on. The next is written into the same memory if the sink says it is done
   * with this one: memory written again while still in the cache costs less than fresh memory
   * (bench/gateway.ts `production`: about +2.5 % req/s).
   */
  #flushChunk(): void {
    if (this.#used === 0) return
    const chunk = this.#chunk.subarray(0, this.#used)
    this.#used = 0
    if (this.#sink(chunk) !== true) this.#chunk = Buffer.allocUnsafeSlow(this.#size)
  }
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
