// Isolated mode only: what a misbehaving handler costs (one invocation, never the runtime),
// the worker pool's concurrency, and per-worker environments and log attribution.
import assert from 'node:assert/strict'
import { mkdtemp, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { type LogRecord, recordingLogger, UserFacingError } from '../core/index.js'
import type { InvokeOutcome, Runtime } from './contract.js'
import { type FixtureApp, fixtureApp, request } from './fixture-app.test-support.js'
import { createRuntime } from './index.js'

const FILES: Record<string, string> = {
  'src/ok.ts': `export const main = async (event: { n?: number }) => ({ fine: true, n: event.n })\n`,
  'src/misbehave.ts': [
    `export const exits = async () => { process.exit(3) }`,
    `export const loops = async () => { for (;;) {} }`,
    `export const hogs = async () => {`,
    `  const hoard: number[][] = []`,
    `  for (;;) hoard.push(new Array(100_000).fill(1))`,
    `}`,
    `export const throwsLater = async () => {`,
    `  setTimeout(() => { throw new Error('escaped the handler') }, 1)`,
    `  return new Promise(() => {})`,
    `}`,
    `export const unclonable = async () => ({ statusCode: 200, body: 'x', helper() {} })`,
  ].join('\n'),
  'src/busy.ts': [
    `let running = 0`,
    `let most = 0`,
    `export const main = async (_e: unknown, context: { logStreamName: string }) => {`,
    `  running++`,
    `  most = Math.max(most, running)`,
    `  await new Promise((r) => setTimeout(r, 100))`,
    `  running--`,
    `  return { most, stream: context.logStreamName }`,
    `}`,
  ].join('\n'),
  'src/env.ts': [
    `export const main = async (event: { sleep?: number }) => {`,
    `  if (event.sleep) await new Promise((r) => setTimeout(r, event.sleep))`,
    `  return {`,
    `  color: process.env.COLOR, name: process.env.AWS_LAMBDA_FUNCTION_NAME,`,
    `  memory: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, base: process.env.FROM_BASE,`,
    `  host: process.env.PORTCULLIS_TEST_HOST_ONLY, root: process.env.LAMBDA_TASK_ROOT,`,
    `  }`,
    `}`,
  ].join('\n'),
  'src/singleton.ts': [
    `import { appendFileSync, existsSync, writeFileSync } from 'node:fs'`,
    `const dir = process.env.LOCK_DIR`,
    `appendFileSync(\`\${dir}/attempts\`, 'x')`,
    `if (existsSync(\`\${dir}/lock\`)) throw new Error('only one instance may run')`,
    `writeFileSync(\`\${dir}/lock\`, '')`,
    `export const main = async () => { await new Promise((r) => setTimeout(r, 30)); return 'served' }`,
  ].join('\n'),
  'src/mixed.ts': [
    `let runs = 0`,
    `export const main = async (event: { exit?: boolean; loop?: boolean; sleep?: number; n?: number }) => {`,
    `  runs++`,
    `  if (event.exit) process.exit(4)`,
    `  if (event.loop) for (;;) {}`,
    `  if (event.sleep) await new Promise((r) => setTimeout(r, event.sleep))`,
    `  return { n: event.n, runs }`,
    `}`,
  ].join('\n'),
  'src/talks.ts': [
    `export const main = async (event: { word: string }) => {`,
    `  console.log('said %s', event.word)`,
    `  console.error({ oops: 1 })`,
    `  return 'done'`,
    `}`,
  ].join('\n'),
}

function crashDetail(outcome: InvokeOutcome): string {
  assert.ok(!outcome.ok && outcome.reason === 'crash', `expected a crash, got ${JSON.stringify(outcome)}`)
  return outcome.detail
}

describe('isolated mode contains misbehaving handlers', () => {
  let app: FixtureApp
  let runtime: Runtime
  const records: LogRecord[] = []

  before(async () => {
    process.env['PORTCULLIS_TEST_HOST_ONLY'] = 'leaked'
    app = await fixtureApp(FILES)
    runtime = await createRuntime({
      rootDir: app.rootDir,
      mode: 'isolated',
      logger: recordingLogger(records),
      baseEnvironment: { FROM_BASE: 'base' },
      functions: [
        { id: 'ok', handler: 'src/ok.main' },
        { id: 'exits', handler: 'src/misbehave.exits' },
        { id: 'loops', handler: 'src/misbehave.loops' },
        { id: 'hogs', handler: 'src/misbehave.hogs', memoryMb: 32 },
        { id: 'throws-later', handler: 'src/misbehave.throwsLater' },
        { id: 'unclonable', handler: 'src/misbehave.unclonable' },
        { id: 'red', handler: 'src/env.main', environment: { COLOR: 'red' }, memoryMb: 256 },
        { id: 'blue', handler: 'src/env.main', environment: { COLOR: 'blue' }, name: 'blue-function' },
        { id: 'talks', handler: 'src/talks.main' },
      ],
    })
  })
  after(async () => {
    delete process.env['PORTCULLIS_TEST_HOST_ONLY']
    await runtime?.close()
    await app?.cleanup()
  })

  const misbehaviours = [
    { functionId: 'exits', timeoutMs: 5000, expect: /exited with code 3/ },
    { functionId: 'loops', timeoutMs: 200, expect: 'timeout' },
    { functionId: 'hogs', timeoutMs: 20_000, expect: /out of memory/ },
    { functionId: 'throws-later', timeoutMs: 5000, expect: /escaped the handler/ },
  ] as const

  for (const { functionId, timeoutMs, expect } of misbehaviours) {
    test(`${functionId}: costs only that invocation; the next one is served`, async () => {
      const outcome = await runtime.invoke(request(functionId, {}, timeoutMs))
      if (expect === 'timeout') assert.deepEqual(outcome, { ok: false, reason: 'timeout' })
      else assert.match(crashDetail(outcome), expect)
      assert.deepEqual(await runtime.invoke(request('ok', { n: 1 })), {
        ok: true,
        result: { fine: true, n: 1 },
      })
      const again = await runtime.invoke(request(functionId, {}, timeoutMs))
      assert.equal(again.ok, false, 'the replaced worker runs the same code again')
    })
  }

  test('a crash is logged with the function, and other functions keep working meanwhile', async () => {
    const crash = runtime.invoke(request('exits'))
    const meanwhile = await Promise.all([1, 2, 3].map((n) => runtime.invoke(request('ok', { n }))))
    assert.ok(meanwhile.every((o) => o.ok))
    await crash
    assert.ok(
      records.some((r) => r.level === 'error' && r['functionId'] === 'exits' && /crashed/.test(r.msg ?? '')),
    )
  })

  test('a result structured clone cannot copy goes through JSON, as on Lambda', async () => {
    assert.deepEqual(await runtime.invoke(request('unclonable')), {
      ok: true,
      result: { statusCode: 200, body: 'x' },
    })
  })

  test('each worker has its own environment: base, Lambda variables, then its own; nothing from the host', async () => {
    const [red, blue] = await Promise.all([runtime.invoke(request('red')), runtime.invoke(request('blue'))])
    assert.deepEqual(red, {
      ok: true,
      result: { color: 'red', name: 'red', memory: '256', base: 'base', host: undefined, root: app.rootDir },
    })
    assert.deepEqual(blue, {
      ok: true,
      result: {
        color: 'blue',
        name: 'blue-function',
        memory: '1024',
        base: 'base',
        host: undefined,
        root: app.rootDir,
      },
    })
  })

  test("a handler's console output reaches the logger with its function and request id", async () => {
    const req = request('talks', { word: 'hi' })
    assert.deepEqual(await runtime.invoke(req), { ok: true, result: 'done' })
    await new Promise((resolve) => setTimeout(resolve, 20))
    const lines = records.filter((r) => r['requestId'] === req.requestId)
    assert.deepEqual(
      lines.map((r) => [r.level, r['functionId'], r.msg]),
      [
        ['info', 'talks', 'said hi'],
        ['error', 'talks', '{ oops: 1 }'],
      ],
    )
  })
})

describe('isolated mode worker pool', () => {
  let app: FixtureApp
  before(async () => {
    app = await fixtureApp(FILES)
  })
  after(() => app?.cleanup())

  async function withRuntime(
    options: { maxWorkersPerFunction?: number; maxQueuePerFunction?: number },
    body: (runtime: Runtime) => Promise<void>,
  ) {
    const runtime = await createRuntime({
      rootDir: app.rootDir,
      mode: 'isolated',
      logger: recordingLogger(),
      functions: [{ id: 'busy', handler: 'src/busy.main' }],
      ...options,
    })
    try {
      await body(runtime)
    } finally {
      await runtime.close()
    }
  }

  test('parallel invocations run on parallel workers, each running one at a time', async () => {
    await withRuntime({ maxWorkersPerFunction: 4 }, async (runtime) => {
      const outcomes = await Promise.all(Array.from({ length: 8 }, () => runtime.invoke(request('busy'))))
      const results = outcomes.map((o) => (o.ok ? (o.result as { most: number; stream: string }) : undefined))
      assert.ok(
        results.every((r) => r?.most === 1),
        'one invocation at a time per worker',
      )
      assert.equal(new Set(results.map((r) => r?.stream)).size, 4, 'spread over four workers')
    })
  })

  test('beyond workers and queue, invocations are throttled instead of piling up', async () => {
    await withRuntime({ maxWorkersPerFunction: 1, maxQueuePerFunction: 1 }, async (runtime) => {
      const outcomes = await Promise.all([1, 2, 3].map(() => runtime.invoke(request('busy'))))
      assert.deepEqual(
        outcomes.map((o) => (o.ok ? 'ok' : o.reason === 'error' ? o.error.name : o.reason)),
        ['ok', 'ok', 'TooManyRequestsException'],
      )
    })
  })

  test('a worker that cannot load is not retried in a loop; the healthy one serves the queue', async () => {
    const dir = await mkdtemp(join(app.rootDir, 'lock-'))
    const runtime = await createRuntime({
      rootDir: app.rootDir,
      mode: 'isolated',
      logger: recordingLogger(),
      maxWorkersPerFunction: 4,
      functions: [{ id: 'singleton', handler: 'src/singleton.main', environment: { LOCK_DIR: dir } }],
    })
    try {
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, () => runtime.invoke(request('singleton'))),
      )
      assert.deepEqual(
        outcomes.map((o) => (o.ok ? o.result : o)),
        Array.from({ length: 10 }, () => 'served'),
      )
      assert.ok((await readFile(join(dir, 'attempts'), 'utf8')).length <= 4)
    } finally {
      await runtime.close()
    }
  })

  describe('invocations waiting while every worker is busy', () => {
    async function withMixed(maxWorkersPerFunction: number, body: (runtime: Runtime) => Promise<void>) {
      const runtime = await createRuntime({
        rootDir: app.rootDir,
        mode: 'isolated',
        logger: recordingLogger(),
        maxWorkersPerFunction,
        functions: [{ id: 'mixed', handler: 'src/mixed.main' }],
      })
      try {
        await body(runtime)
      } finally {
        await runtime.close()
      }
    }
    const resultOf = (o: InvokeOutcome) => (o.ok ? o.result : o)

    test('one whose deadline passes is answered and never runs', async () => {
      await withMixed(1, async (runtime) => {
        const first = runtime.invoke(request('mixed', { n: 1, sleep: 150 }))
        const late = runtime.invoke(request('mixed', { n: 2 }, 50))
        const third = runtime.invoke(request('mixed', { n: 3 }))
        assert.deepEqual(await late, { ok: false, reason: 'timeout' })
        assert.deepEqual((await Promise.all([first, third])).map(resultOf), [
          { n: 1, runs: 1 },
          { n: 3, runs: 2 },
        ])
      })
    })

    test('none waits behind a slow one while another worker is free', async () => {
      await withMixed(2, async (runtime) => {
        const slow = runtime.invoke(request('mixed', { n: 0, sleep: 1000 }))
        await runtime.invoke(request('mixed', { n: 0 }))
        // Both workers are up; the first is busy for a while. Some of these are handed to it.
        const quick = Array.from({ length: 6 }, (_, i) => runtime.invoke(request('mixed', { n: i + 1 })))
        let slowDone = false
        void slow.then(() => {
          slowDone = true
        })
        const outcomes = await Promise.all(quick)
        assert.equal(slowDone, false, 'every quick invocation was served while the slow one ran')
        assert.deepEqual(
          outcomes.map((o) => (resultOf(o) as { n: number }).n),
          [1, 2, 3, 4, 5, 6],
        )
        assert.ok((await slow).ok)
      })
    })

    test('after an update, the ones that had not started run the new code', async () => {
      const runtime = await createRuntime({
        rootDir: app.rootDir,
        mode: 'isolated',
        logger: recordingLogger(),
        maxWorkersPerFunction: 1,
        functions: [{ id: 'env', handler: 'src/env.main', environment: { COLOR: 'old' } }],
      })
      try {
        const slow = runtime.invoke(request('env', { sleep: 1500 }))
        const waiting = [runtime.invoke(request('env')), runtime.invoke(request('env'))]
        await runtime.update([{ id: 'env', handler: 'src/env.main', environment: { COLOR: 'new' } }])
        const colors = (await Promise.all([slow, ...waiting])).map(
          (o) => (resultOf(o) as { color: string }).color,
        )
        assert.deepEqual(colors, ['old', 'new', 'new'])
      } finally {
        await runtime.close()
      }
    })

    test('a crash costs only the invocation that crashed; the waiting ones run on the new worker', async () => {
      await withMixed(1, async (runtime) => {
        const outcomes = await Promise.all([
          runtime.invoke(request('mixed', { exit: true })),
          runtime.invoke(request('mixed', { n: 1 })),
          runtime.invoke(request('mixed', { n: 2 })),
        ])
        assert.match(crashDetail(outcomes[0]!), /exited with code 4/)
        assert.deepEqual(outcomes.slice(1).map(resultOf), [
          { n: 1, runs: 1 },
          { n: 2, runs: 2 },
        ])
      })
    })

    test('a timeout costs only the invocation that timed out; the waiting ones run on the new worker', async () => {
      await withMixed(1, async (runtime) => {
        const outcomes = await Promise.all([
          runtime.invoke(request('mixed', { loop: true }, 200)),
          runtime.invoke(request('mixed', { n: 1 })),
          runtime.invoke(request('mixed', { n: 2 })),
        ])
        assert.deepEqual(outcomes.map(resultOf), [
          { ok: false, reason: 'timeout' },
          { n: 1, runs: 1 },
          { n: 2, runs: 2 },
        ])
      })
    })
  })

  test('time spent queued counts against the request timeout', async () => {
    await withRuntime({ maxWorkersPerFunction: 1 }, async (runtime) => {
      const first = runtime.invoke(request('busy', {}, 5000))
      const queued = await runtime.invoke(request('busy', {}, 50))
      assert.deepEqual(queued, { ok: false, reason: 'timeout' })
      assert.ok((await first).ok)
    })
  })
})

test('a module that throws while loading stops start-up with a message naming it', async () => {
  const app = await fixtureApp({
    'src/broken.ts': `throw new Error('no config')\nexport const main = () => 1\n`,
  })
  try {
    await assert.rejects(
      createRuntime({
        rootDir: app.rootDir,
        mode: 'isolated',
        logger: recordingLogger(),
        functions: [{ id: 'broken', handler: 'src/broken.main' }],
      }),
      (error: unknown) =>
        error instanceof UserFacingError &&
        /broken: cannot load src\/broken\.ts: .*no config/.test(error.message),
    )
  } finally {
    await app.cleanup()
  }
})
