import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import pino from 'pino'
import { batchedPino, LineBatch, requestJson } from './output.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const OUTPUT_MODULE = JSON.stringify(new URL('./output.ts', import.meta.url).href)

/** What pino itself writes for `logger.child(bindings).info(fields, 'request')`, time removed. */
function pinoLine(bindings: Record<string, unknown>, fields: object): string {
  const lines: string[] = []
  pino({ base: undefined }, { write: (line: string) => lines.push(line) })
    .child(bindings)
    .info(fields, 'request')
  return withoutTime(lines[0] ?? '')
}

function withoutTime(line: string | undefined): string {
  assert.ok(line !== undefined, 'no line rendered')
  return line.replace(/"time":\d+/, '"time":0')
}

const line = {
  method: 'GET',
  path: '/private',
  routeKey: 'GET /private',
  status: 200,
  ms: 0.42,
  auth: 'allow',
  requestId: 'Ab3xYz0123456789=',
}

/** Fields with an inherited enumerable property, which neither pino nor JSON.stringify writes. */
function withInherited(): object {
  return Object.assign(Object.create({ inherited: 'x' }) as object, line)
}

describe('the JSON request line', () => {
  const cases: [string, object][] = [
    ['a plain line', line],
    ['a path with quotes and backslashes', { ...line, path: '/a"b\\c' }],
    ['a path with control characters', { ...line, path: '/a\u0000b\nc\u001f\u007f' }],
    ['a path with non-ASCII text and a surrogate pair', { ...line, path: '/café/☃/😀\u2028' }],
    [
      'fields left undefined (a 413 has no path or route key)',
      { ...line, path: undefined, routeKey: undefined },
    ],
    ['numbers JSON cannot hold', { ...line, ms: Number.NaN, status: Number.POSITIVE_INFINITY }],
    ['a negative zero, a negative and a large number', { ...line, ms: -0.5, status: 1e21, zero: -0 }],
    ['a key that needs escaping', { 'we"ird\n': 'x', ...line }],
    ['booleans, null and a bigint', { ...line, ok: true, no: false, none: null, n: 12n }],
    ['functions and symbols, which are skipped', { ...line, f: () => 1, s: Symbol('s') }],
    ['an inherited enumerable property, which is skipped', withInherited()],
  ]
  for (const [name, fields] of cases) {
    test(`${name}: byte for byte what pino writes`, () => {
      const ours = withoutTime(requestJson(',"api":"abc123"', fields, 0))
      assert.equal(ours, pinoLine({ api: 'abc123' }, fields))
      JSON.parse(ours)
    })
  }

  test('each line of a batch is rendered from its own fields, whatever the line before it held', () => {
    // Lines one after another into one chunk: values repeated, moved, changed, dropped, re-typed.
    const lines: object[] = [
      line,
      line,
      { ...line, requestId: 'other', ms: 7 },
      { routeKey: line.routeKey, method: line.method, path: line.path, status: 200, ms: 7 },
      { method: line.path, path: line.method },
      { ...line, status: '200' },
      { ...line, status: 200n, ms: -0 },
      { ...line, ms: 0 },
      { ...line, path: undefined, routeKey: line.path },
      { ...line, path: undefined, routeKey: line.path },
      { ...line, auth: 'none' },
      {},
      line,
      { ...line, path: '/café' },
      { ...line, path: '/café', ms: 3 },
      Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])),
      Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i === 18 ? 'x' : i])),
    ]
    const chunks: string[] = []
    const batch = new LineBatch((chunk) => {
      chunks.push(chunk.toString())
      return true
    })
    for (const fields of lines) {
      batch.request(0, ',"api":"abc123"', fields, pino())
      batch.request(0, ',"api":"abc123"', fields, pino())
    }
    batch.flush()
    const written = chunks.join('').split(/(?<=\n)/)
    assert.equal(written.length, lines.length * 2)
    lines.forEach((fields, i) => {
      const expected = pinoLine({ api: 'abc123' }, fields)
      assert.equal(withoutTime(written[2 * i]), expected, `line ${i}`)
      assert.equal(withoutTime(written[2 * i + 1]), expected, `line ${i}, the same again`)
    })
  })

  test('numbers: byte for byte what JSON.stringify writes', () => {
    // Latencies (whole hundredths) are written from integers, other numbers by V8.
    const numbers = [-0, 0.1, 0.07000000000000001, 1e21, -1e21, 1e-7, 5e-324, 2 ** 31, 2 ** 53, -(2 ** 30)]
    for (let n = -200_000; n <= 200_000; n += 7) numbers.push(n / 100)
    for (let i = 0; i < 20_000; i++) {
      const x = (Math.random() - 0.5) * 10 ** (Math.random() * 24 - 8)
      numbers.push(x, Math.round(x * 100) / 100, Math.round(x))
    }
    for (const ms of numbers)
      assert.equal(
        requestJson('', { ms }, 7),
        `{"level":30,"time":7,"ms":${JSON.stringify(ms)},"msg":"request"}\n`,
      )
  })

  test('a line with an object or an array among its fields is left to pino', () => {
    assert.equal(requestJson('', { ...line, extra: { a: 1 } }, 0), undefined)
    assert.equal(requestJson('', { ...line, list: [1] }, 0), undefined)
  })

  test('a path with lone surrogates keeps them, escaped, as JSON.stringify does', () => {
    // pino writes them raw, and they reach the log as U+FFFD.
    const path = '/\ud800x\udfff'
    const ours = requestJson('', { ...line, path }, 0) ?? ''
    assert.match(ours, /"path":"\/\\ud800x\\udfff"/)
    assert.equal((JSON.parse(ours) as { path: string }).path, path)
  })

  test('carries the time it is given, where pino puts it', () => {
    assert.match(requestJson('', line, 1795327945155) ?? '', /^\{"level":30,"time":1795327945155,"method"/)
    assert.match(requestJson('', line, 1795327945156) ?? '', /^\{"level":30,"time":1795327945156,"method"/)
    assert.match(requestJson('', line, 1795327945155) ?? '', /^\{"level":30,"time":1795327945155,"method"/)
  })
})

describe('LineBatch', () => {
  test('passes lines on in order, once the batch size is reached, and on flush', () => {
    const chunks: string[] = []
    const batch = new LineBatch((chunk) => chunks.push(chunk.toString()), 10)
    batch.write('abcd\n')
    assert.deepEqual(chunks, [])
    batch.write('efgh\n')
    assert.deepEqual(chunks, ['abcd\nefgh\n'])
    batch.write('ij\n')
    batch.flush()
    batch.flush()
    assert.deepEqual(chunks, ['abcd\nefgh\n', 'ij\n'])
  })

  test('never passes on more bytes than its size, counting UTF-8 bytes, unless one line is longer', () => {
    const chunks: string[] = []
    const batch = new LineBatch((chunk) => chunks.push(chunk.toString()), 10)
    batch.write('ééé\n') // 7 bytes, 4 characters
    batch.write('éé\n') // 5 bytes: 12 would be too many, so the first line goes alone
    batch.write('a-line-longer-than-ten\n')
    batch.write('z\n')
    batch.flush()
    assert.deepEqual(chunks, ['ééé\n', 'éé\n', 'a-line-longer-than-ten\n', 'z\n'])
  })

  test("writes the next chunk into the last one's memory only when the sink is done with it", () => {
    const kept: Buffer[] = []
    const keeping = new LineBatch((chunk) => kept.push(chunk), 10)
    for (const line of ['abcd\n', 'efgh\n', 'ijkl\n', 'mnop\n']) keeping.write(line)
    keeping.flush()
    assert.deepEqual(
      kept.map((chunk) => chunk.toString()),
      ['abcd\nefgh\n', 'ijkl\nmnop\n'],
      'a chunk the sink keeps is never written over',
    )
    const seen: string[] = []
    const memory: ArrayBufferLike[] = []
    const done = new LineBatch((chunk) => {
      seen.push(chunk.toString())
      memory.push(chunk.buffer)
      return true
    }, 10)
    for (const line of ['abcd\n', 'efgh\n', 'ijkl\n', 'mnop\n']) done.write(line)
    done.request(1, '', { path: '/a' }, pino())
    done.flush()
    assert.deepEqual(seen, [
      'abcd\nefgh\n',
      'ijkl\nmnop\n',
      '{"level":30,"time":1,"path":"/a","msg":"request"}\n',
    ])
    assert.equal(memory[1], memory[0], "the second chunk was written into the first one's memory")
    assert.notEqual(memory[2], memory[0], 'a line longer than a chunk goes alone, in memory of its own')
  })

  test('starts a new chunk for a request line that does not fit in what is left of the last', () => {
    const chunks: string[] = []
    const batch = new LineBatch((chunk) => chunks.push(chunk.toString()), 120)
    for (let i = 0; i < 9; i++) batch.request(i, '', { path: `/${'x'.repeat(i)}` }, pino())
    batch.flush()
    const lines = chunks.join('').trimEnd().split('\n')
    assert.deepEqual(
      lines.map((l) => (JSON.parse(l) as { path: string }).path),
      Array.from({ length: 9 }, (_, i) => `/${'x'.repeat(i)}`),
    )
    for (const chunk of chunks) {
      assert.ok(Buffer.byteLength(chunk) <= 120, `a chunk of ${Buffer.byteLength(chunk)} bytes`)
      assert.ok(chunk.endsWith('\n'), 'whole lines only')
    }
    assert.ok(chunks.length > 1)
  })

  test('renders request lines later, in their place among other lines, with the time they were logged', () => {
    const chunks: string[] = []
    const batch = new LineBatch((chunk) => chunks.push(chunk.toString()))
    const fallback: string[] = []
    const log = pino({ base: undefined }, { write: (l: string) => fallback.push(l) })
    batch.request(1000, ',"api":"a"', { path: '/one' }, log)
    batch.write('other\n')
    batch.request(2000, '', { path: '/two' }, log)
    assert.equal(chunks.length, 0)
    batch.flush()
    assert.deepEqual(chunks, [
      '{"level":30,"time":1000,"api":"a","path":"/one","msg":"request"}\nother\n{"level":30,"time":2000,"path":"/two","msg":"request"}\n',
    ])
    for (let i = 0; i < 32; i++) batch.request(i, '', { i }, log)
    assert.equal(chunks.length, 1, 'rendered into the batch without flushing it')
    batch.flush()
    assert.equal(chunks.at(-1)?.split('\n').length, 33)
    assert.deepEqual(fallback, [])
  })

  test("renders request lines once the event loop's turn is over, or when 256 wait", async () => {
    const lines: string[] = []
    // A chunk size below a line's length: every rendered line is passed on alone, at once.
    const batch = new LineBatch((chunk) => lines.push(chunk.toString()), 16)
    const log = batchedPino(batch)
    batch.request(1, '', { path: '/a' }, log)
    batch.request(2, '', { path: '/b' }, log)
    assert.deepEqual(lines, [], 'nothing rendered within the turn')
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual(
      lines.map((l) => (JSON.parse(l) as { path: string }).path),
      ['/a', '/b'],
    )
    for (let i = 0; i < 255; i++) batch.request(i, '', { i }, log)
    assert.equal(lines.length, 2)
    batch.request(255, '', { i: 255 }, log)
    assert.equal(lines.length, 2 + 256, 'the 256th line renders them all')
    await new Promise((resolve) => setImmediate(resolve))
    assert.equal(lines.length, 2 + 256)
  })

  test('leaves a request line with an object field to its fallback, in its place', () => {
    const chunks: string[] = []
    const batch = new LineBatch((chunk) => chunks.push(chunk.toString()))
    const log = batchedPino(batch)
    batch.request(1, '', { path: '/a' }, log)
    batch.request(2, '', { path: '/b', extra: { nested: true } }, log)
    batch.request(3, '', { path: '/c' }, log)
    batch.flush()
    const records = (chunks[0] ?? '')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { path: string; time: number })
    assert.deepEqual(
      records.map((r) => [r.path, r.time]),
      [
        ['/a', 1],
        ['/b', 2],
        ['/c', 3],
      ],
    )
    assert.match(chunks[0] ?? '', /"extra":\{"nested":true\}/)
    const later = Date.now()
    log.info({ after: true }, 'other')
    batch.flush()
    assert.ok((JSON.parse(chunks[1] ?? '') as { time: number }).time >= later, 'pino stamps its own lines')
  })

  test('drops a request line whose rendering throws, and keeps the others', () => {
    const chunks: string[] = []
    const batch = new LineBatch((chunk) => chunks.push(chunk.toString()))
    const log = batchedPino(batch)
    const hostile = {
      path: '/bad',
      get status(): number {
        throw new Error('boom')
      },
    }
    batch.request(1, '', { path: '/a' }, log)
    batch.request(2, '', hostile, log)
    batch.request(3, '', { path: '/c' }, log)
    assert.throws(() => batch.flush(), /boom/)
    batch.flush()
    assert.deepEqual(chunks.join('').match(/"path":"[^"]*"/g), ['"path":"/a"', '"path":"/c"'])
  })

  test('a line whose rendering throws after the turn is dropped without an uncaught exception', async () => {
    const chunks: string[] = []
    const batch = new LineBatch((chunk) => chunks.push(chunk.toString()))
    const log = batchedPino(batch)
    const hostile = {
      get status(): number {
        throw new Error('boom')
      },
    }
    batch.request(1, '', { path: '/a' }, log)
    batch.request(2, '', hostile, log)
    batch.request(3, '', { path: '/c' }, log)
    await new Promise((resolve) => setImmediate(resolve))
    batch.flush()
    assert.deepEqual(chunks.join('').match(/"path":"[^"]*"/g), ['"path":"/a"', '"path":"/c"'])
  })
})

describe('the JSON logger', () => {
  test('keeps request lines and other lines in order, renders bindings as pino does, and flushes at exit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'portcullis-log-'))
    const started = Date.now()
    try {
      const file = join(dir, 'log.jsonl')
      const script = `
        import { createCliLogger } from ${OUTPUT_MODULE}
        const log = createCliLogger('json', ${JSON.stringify(file)})
        const api = log.child({ api: 'abc123' })
        for (let i = 0; i < 300; i++) {
          api.info({ method: 'GET', path: '/p/' + i, status: 200 }, 'request')
          if (i % 100 === 0) api.warn({ i }, 'between')
        }
        log.child({ 'od"d': 'x\\ny', n: 1 }).info({ path: '/bound' }, 'request')
        const circular = { path: '/circular' }
        circular.self = circular
        api.info({ path: '/nested', extra: circular }, 'request')
        log.info({ last: true }, 'done')
      `
      const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: ROOT,
        encoding: 'utf8',
      })
      assert.equal(run.status, 0, run.stderr)
      const lines = readFileSync(file, 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => `${l}\n`)
      const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>)
      assert.equal(records.length, 300 + 3 + 3)
      const order = records.map((r) => (r.msg === 'request' ? r.path : `${r.msg}:${r.i ?? ''}`))
      const expected: unknown[] = []
      for (let i = 0; i < 300; i++) {
        expected.push(`/p/${i}`)
        if (i % 100 === 0) expected.push(`between:${i}`)
      }
      expected.push('/bound', '/nested', 'done:')
      assert.deepEqual(order, expected)
      // Every line carries the time of its call: real, and in order, request lines included.
      const times = records.map((r) => r.time as number)
      assert.ok(times[0]! >= started && times.at(-1)! <= Date.now(), 'times taken during the run')
      assert.deepEqual(
        times,
        times.toSorted((a, b) => a - b),
      )
      assert.equal(
        withoutTime(lines[0]),
        pinoLine({ api: 'abc123' }, { method: 'GET', path: '/p/0', status: 200 }),
      )
      assert.equal(records[1]?.level, 40)
      assert.equal(records[1]?.api, 'abc123')
      assert.equal(withoutTime(lines[303]), pinoLine({ 'od"d': 'x\ny', n: 1 }, { path: '/bound' }))
      // The circular value went through pino's safe stringifier.
      assert.deepEqual(records[304]?.extra, { path: '/circular', self: '[Circular]' })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('writes what it holds within a fraction of a second, while the process runs on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portcullis-log-'))
    const file = join(dir, 'log.jsonl')
    const script = `
      import { createCliLogger } from ${OUTPUT_MODULE}
      createCliLogger('json', ${JSON.stringify(file)}).info({ path: '/one' }, 'request')
      setTimeout(() => {}, 60_000)
    `
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      stdio: 'ignore',
    })
    try {
      let content = ''
      for (let waited = 0; waited < 10_000 && !content.includes('/one'); waited += 50) {
        await sleep(50)
        content = existsSync(file) ? readFileSync(file, 'utf8') : ''
      }
      assert.equal(child.exitCode, null, 'the process was still running')
      assert.match(content, /"path":"\/one","msg":"request"/)
    } finally {
      child.kill('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
