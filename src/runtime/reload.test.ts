// Reload, in both modes: a save swaps in new code for the next request, without dropping
// the requests in flight, and a broken save keeps the previous build serving.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { type LogRecord, recordingLogger, UserFacingError } from '../core/index.js'
import type { InvokeOutcome, Runtime } from './contract.js'
import { type FixtureApp, fixtureApp, request, sleep } from './fixture-app.test-support.js'
import { createRuntime } from './index.js'

const version = (v: string) =>
  `import { suffix } from './suffix.js'\nexport const main = async () => '${v}' + suffix\n`
const slowVersion = (v: string) =>
  `export const main = async () => { await new Promise((r) => setTimeout(r, 400)); return '${v}' }\n`

function resultOf(outcome: InvokeOutcome): unknown {
  assert.ok(outcome.ok, `expected success, got ${JSON.stringify(outcome)}`)
  return outcome.result
}

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await sleep(10)
  }
}

for (const mode of ['isolated', 'inprocess'] as const) {
  describe(`reload (${mode})`, () => {
    let app: FixtureApp
    let runtime: Runtime
    const records: LogRecord[] = []
    const reloads: string[][] = []
    const nextReload = async (): Promise<string[]> => {
      const seen = reloads.length
      await until(() => reloads.length > seen)
      return reloads[reloads.length - 1]!
    }
    const value = async (functionId = 'versioned') => resultOf(await runtime.invoke(request(functionId)))

    before(async () => {
      app = await fixtureApp({
        'src/versioned.ts': version('v1'),
        'src/suffix.ts': `export const suffix = ''\n`,
        'src/slow.ts': slowVersion('slow-v1'),
      })
      runtime = await createRuntime({
        rootDir: app.rootDir,
        mode,
        watch: true,
        logger: recordingLogger(records),
        functions: [
          { id: 'versioned', handler: 'src/versioned.main' },
          { id: 'slow', handler: 'src/slow.main' },
        ],
        onReload: (changed) => reloads.push(changed),
      })
    })
    after(async () => {
      await runtime?.close()
      await app?.cleanup()
    })

    test('saving a handler makes the next request run the new code', async () => {
      assert.equal(await value(), 'v1')
      const reloaded = nextReload()
      await app.write('src/versioned.ts', version('v2'))
      assert.deepEqual(await reloaded, ['versioned'])
      assert.equal(await value(), 'v2')
    })

    test('saving a file the handler imports reloads it too', async () => {
      const reloaded = nextReload()
      await app.write('src/suffix.ts', `export const suffix = '+dep'\n`)
      assert.deepEqual(await reloaded, ['versioned'])
      assert.equal(await value(), 'v2+dep')
    })

    test('an atomic save (temp file renamed over the handler) reloads', async () => {
      const reloaded = nextReload()
      await app.writeAtomically('src/versioned.ts', version('v3'))
      await reloaded
      assert.equal(await value(), 'v3+dep')
    })

    test('an invocation in flight during a save finishes on the old code', async () => {
      const inFlight = runtime.invoke(request('slow'))
      await sleep(50)
      const reloaded = nextReload()
      await app.write('src/slow.ts', slowVersion('slow-v2'))
      await reloaded
      const next = runtime.invoke(request('slow'))
      assert.equal(resultOf(await inFlight), 'slow-v1')
      assert.equal(resultOf(await next), 'slow-v2')
    })

    test('a save that does not build keeps the previous build serving, and says why', async () => {
      const errorsBefore = records.filter((r) => r.level === 'error').length
      await app.write('src/versioned.ts', `export const main = async () => {\n  return 'half-writ\n`)
      await until(() => records.filter((r) => r.level === 'error').length > errorsBefore)
      const error = records.filter((r) => r.level === 'error').at(-1)!
      assert.match(
        error.msg ?? '',
        /versioned: src\/versioned\.ts does not build:.*Still serving the previous build/s,
      )
      assert.equal(await value(), 'v3+dep')
      const reloaded = nextReload()
      await app.write('src/versioned.ts', version('v4'))
      await reloaded
      assert.equal(await value(), 'v4+dep')
    })

    test('a file written in two quick steps is served once finished, not half-written', async () => {
      const reloaded = nextReload()
      const full = version('v6')
      await app.write('src/versioned.ts', full.slice(0, full.length - 20))
      await sleep(25)
      await app.write('src/versioned.ts', full)
      await reloaded
      await until(() => records.at(-1)?.msg?.startsWith('reloaded') === true)
      assert.equal(await value(), 'v6+dep')
    })

    test('a save whose module throws while loading keeps the previous build serving', async () => {
      const errorsBefore = records.filter((r) => r.level === 'error').length
      await app.write(
        'src/versioned.ts',
        `throw new Error('top-level failure')\nexport const main = async () => 'never'\n`,
      )
      await until(() => records.filter((r) => r.level === 'error').length > errorsBefore)
      assert.match(
        records.at(-1)?.msg ?? '',
        /versioned: cannot load src\/versioned\.ts: .*top-level failure/,
      )
      assert.equal(await value(), 'v6+dep')
    })

    test('a save that drops the export keeps the previous build serving', async () => {
      const errorsBefore = records.filter((r) => r.level === 'error').length
      await app.write('src/versioned.ts', `export const renamed = async () => 'nope'\n`)
      await until(() => records.filter((r) => r.level === 'error').length > errorsBefore)
      assert.match(records.at(-1)?.msg ?? '', /has no export "main"/)
      assert.equal(await value(), 'v6+dep')
      const reloaded = nextReload()
      await app.write('src/versioned.ts', version('v7'))
      await reloaded
      assert.equal(await value(), 'v7+dep')
    })
  })
}

for (const mode of ['isolated', 'inprocess'] as const) {
  describe(`rebuild and update without watching (${mode})`, () => {
    let app: FixtureApp
    let runtime: Runtime

    before(async () => {
      app = await fixtureApp({
        'src/a.ts': `export const main = async () => 'a1'\n`,
        'src/env.ts': `const color = process.env.COLOR\nexport const main = async () => color\n`,
      })
      runtime = await createRuntime({
        rootDir: app.rootDir,
        mode,
        logger: recordingLogger(),
        functions: [
          { id: 'a', handler: 'src/a.main' },
          { id: 'env', handler: 'src/env.main', environment: { COLOR: 'red' } },
        ],
      })
    })
    after(async () => {
      await runtime?.close()
      await app?.cleanup()
    })

    test('rebuild() picks up changed sources', async () => {
      await app.write('src/a.ts', `export const main = async () => 'a2'\n`)
      assert.equal(resultOf(await runtime.invoke(request('a'))), 'a1')
      await runtime.rebuild()
      assert.equal(resultOf(await runtime.invoke(request('a'))), 'a2')
    })

    test('update() adds, changes and removes functions', async () => {
      await app.write('src/b.ts', `export const main = async () => 'b'\n`)
      await runtime.update([
        { id: 'env', handler: 'src/env.main', environment: { COLOR: 'blue' } },
        { id: 'b', handler: 'src/b.main' },
      ])
      assert.equal(resultOf(await runtime.invoke(request('env'))), 'blue')
      assert.equal(resultOf(await runtime.invoke(request('b'))), 'b')
      const removed = await runtime.invoke(request('a'))
      assert.ok(!removed.ok && removed.reason === 'crash')
    })

    test('update() with a broken function changes nothing', async () => {
      await assert.rejects(
        runtime.update([{ id: 'env', handler: 'src/env.missing' }]),
        (error: unknown) =>
          error instanceof UserFacingError && /env: src\/env\.ts has no export "missing"/.test(error.message),
      )
      assert.equal(resultOf(await runtime.invoke(request('env'))), 'blue')
      assert.equal(resultOf(await runtime.invoke(request('b'))), 'b')
    })
  })
}
