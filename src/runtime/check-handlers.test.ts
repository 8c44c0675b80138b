import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { recordingLogger, UserFacingError } from '../core/index.js'
import { type FixtureApp, fixtureApp } from './fixture-app.test-support.js'
import { checkHandlers, createRuntime } from './index.js'

describe('checkHandlers', () => {
  let app: FixtureApp
  before(async () => {
    app = await fixtureApp({
      'src/private.ts': `export const handler = async () => 'private'\nexport const other = 1\n`,
      'src/public.js': `export const main = async () => 'public'\n`,
      'src/broken.ts': `export const main = async () => {\n  return (\n}\n`,
      'src/common.cjs': `exports.main = async () => 1\n`,
    })
  })
  after(() => app?.cleanup())

  const cases = [
    { handler: 'src/public.main', problem: undefined },
    { handler: 'src/private.handler', problem: undefined },
    { handler: 'src/public.js.main', problem: undefined },
    { handler: 'src/common.main', problem: undefined },
    {
      handler: 'src/private.main',
      problem: 'src/private.main: src/private.ts has no export "main" (it exports handler, other)',
    },
    {
      handler: 'src/missing.main',
      problem: /^src\/missing\.main: handler file src\/missing not found in .* \(tried \.ts,/,
    },
    {
      handler: 'src/private',
      problem: 'src/private: handler "src/private" must look like path/to/file.export',
    },
    {
      handler: 'src/private.',
      problem: 'src/private.: handler "src/private." must look like path/to/file.export',
    },
    {
      handler: 'src/private.1x',
      problem: 'src/private.1x: handler "src/private.1x": "1x" is not an export name',
    },
    {
      handler: 'src/broken.main',
      problem: /^src\/broken\.main: src\/broken\.ts does not build:\n.*Unexpected "}".*src\/broken\.ts:3:0/s,
    },
  ]

  for (const { handler, problem } of cases) {
    test(`${handler} → ${problem ?? 'fine'}`, async () => {
      const problems = await checkHandlers(app.rootDir, [{ id: handler, handler }])
      if (problem === undefined) assert.deepEqual(problems, [])
      else if (typeof problem === 'string') assert.deepEqual(problems, [problem])
      else {
        assert.equal(problems.length, 1)
        assert.match(problems[0]!, problem)
      }
    })
  }

  test('options are checked, and every problem is reported at once', async () => {
    const problems = await checkHandlers(app.rootDir, [
      { id: 'a', handler: 'src/public.main', timeoutMs: 0 },
      { id: 'a', handler: 'src/public.main', memoryMb: 8 },
      { id: 'b', handler: 'src/private.main' },
    ])
    assert.deepEqual(problems, [
      'a: timeoutMs must be a positive integer',
      'a: defined twice',
      'a: memoryMb must be an integer of at least 16',
      'b: src/private.ts has no export "main" (it exports handler, other)',
    ])
  })

  test('createRuntime refuses to start with one user-facing error naming each broken function', async () => {
    for (const mode of ['isolated', 'inprocess'] as const) {
      await assert.rejects(
        createRuntime({
          rootDir: app.rootDir,
          mode,
          logger: recordingLogger(),
          functions: [
            { id: 'fine', handler: 'src/public.main' },
            { id: 'src/private.main', handler: 'src/private.main' },
            { id: 'gone', handler: 'src/gone.main' },
          ],
        }),
        (error: unknown) => {
          assert.ok(error instanceof UserFacingError)
          assert.match(error.message, /^2 functions cannot start:\n/)
          assert.match(error.message, /src\/private\.main: src\/private\.ts has no export "main"/)
          assert.match(error.message, /gone: handler file src\/gone not found/)
          return true
        },
      )
    }
  })
})
