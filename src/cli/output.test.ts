import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import pino from 'pino'
import { LineBatch, requestJson } from './output.js'

/** What pino itself writes for `logger.child(bindings).info(fields, 'request')`, time removed. */
function pinoLine(bindings: Record<string, unknown>, fields: object): string {
  const lines: string[] = []
  pino({ base: undefined }, { write: (line: string) => lines.push(line) })
    .child(bindings)
    .info(fields, 'request')
  return withoutTime(lines[0] ?? '')
}

function withoutTime(line: string): string {
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

describe('the JSON request line', () => {
  const cases: [string, object][] = [
    ['a plain line', line],
    ['a path with quotes and backslashes', { ...line, path: '/a"b\\c' }],
    ['a path with control characters', { ...line, path: '/a\u0000b\nc\u001f\u007f' }],
    ['a path with non-ASCII text and a surrogate pair', { ...line, path: '/café/☃/😀' }],
    [
      'fields left undefined (a 413 has no path or route key)',
      { ...line, path: undefined, routeKey: undefined },
    ],
    ['numbers JSON cannot hold', { ...line, ms: Number.NaN, status: Number.POSITIVE_INFINITY }],
    ['a negative and a large number', { ...line, ms: -0.5, status: 1e21 }],
    ['a key that needs escaping', { 'we"ird\n': 'x', ...line }],
    [
      'nested values, booleans, null and a bigint',
      { ...line, extra: { a: [1, 'b'] }, ok: true, none: null, n: 12n },
    ],
  ]
  for (const [name, fields] of cases) {
    test(`${name}: byte for byte what pino writes`, () => {
      const ours = withoutTime(requestJson(',"api":"abc123"', fields))
      assert.equal(ours, pinoLine({ api: 'abc123' }, fields))
      JSON.parse(ours)
    })
  }

  test('a path with lone surrogates keeps them, escaped, as JSON.stringify does', () => {
    // pino writes them raw, and they reach the log as U+FFFD.
    const path = '/\ud800x\udfff'
    const ours = requestJson('', { ...line, path })
    assert.match(ours, /"path":"\/\\ud800x\\udfff"/)
    assert.equal((JSON.parse(ours) as { path: string }).path, path)
  })

  test('carries the current time, as pino does', () => {
    const before = Date.now()
    const parsed = JSON.parse(requestJson('', line)) as { time: number }
    assert.ok(parsed.time >= before && parsed.time <= Date.now())
  })
})

describe('LineBatch', () => {
  test('passes lines on in order, once at least the batch size is gathered, and on flush', () => {
    const chunks: string[] = []
    const batch = new LineBatch((chunk) => chunks.push(chunk), 10)
    batch.write('abcd\n')
    assert.deepEqual(chunks, [])
    batch.write('efgh\n')
    assert.deepEqual(chunks, ['abcd\nefgh\n'])
    batch.write('ij\n')
    batch.flush()
    batch.flush()
    assert.deepEqual(chunks, ['abcd\nefgh\n', 'ij\n'])
  })
})

test('the JSON logger keeps request lines and other lines in the order they were logged, and flushes at exit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-log-'))
  try {
    const file = join(dir, 'log.jsonl')
    const script = `
      import { createCliLogger } from ${JSON.stringify(new URL('./output.ts', import.meta.url).href)}
      const log = createCliLogger('json', ${JSON.stringify(file)})
      const api = log.child({ api: 'abc123' })
      for (let i = 0; i < 300; i++) {
        api.info({ method: 'GET', path: '/p/' + i, status: 200 }, 'request')
        if (i % 100 === 0) api.warn({ i }, 'between')
      }
      log.info({ last: true }, 'done')
    `
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    })
    assert.equal(run.status, 0, run.stderr)
    const records = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    assert.equal(records.length, 300 + 3 + 1)
    const order = records.map((r) => (r.msg === 'request' ? r.path : `${r.msg}:${r.i ?? ''}`))
    const expected: unknown[] = []
    for (let i = 0; i < 300; i++) {
      expected.push(`/p/${i}`)
      if (i % 100 === 0) expected.push(`between:${i}`)
    }
    expected.push('done:')
    assert.deepEqual(order, expected)
    assert.deepEqual(records[0], {
      level: 30,
      time: records[0]?.time,
      api: 'abc123',
      method: 'GET',
      path: '/p/0',
      status: 200,
      msg: 'request',
    })
    assert.equal(records[1]?.level, 40)
    assert.equal(records[1]?.api, 'abc123')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
