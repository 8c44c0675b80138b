// One semantic table, run against both execution modes: whatever a handler does, isolated
// and in-process mode give the gateway the same outcome.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { FunctionSpec, InvokeOutcome, Runtime } from './contract.js'
import { type FixtureApp, fixtureApp, request } from './fixture-app.test-support.js'
import { createRuntime } from './index.js'

const FILES: Record<string, string> = {
  'src/greeting.ts': `export const greeting = (name: string): string => \`hello \${name}\`\n`,
  'src/typed.ts': [
    `import { greeting } from './greeting.js'`,
    `interface Event { name: string }`,
    `export const main = async (event: Event) => ({ statusCode: 200, body: greeting(event.name) })`,
  ].join('\n'),
  'src/plain.mjs': `export async function main(event) { return { echo: event } }\n`,
  'src/common.cjs': `exports.main = async () => 'from commonjs'\n`,
  'src/legacy.js': `export const main = (event) => ({ sync: true, n: event.n })\n`,
  'src/context.ts': [
    `export const main = async (_event: unknown, context: any) => {`,
    `  const { getRemainingTimeInMillis } = context`,
    `  return {`,
    `    ...Object.fromEntries(Object.entries(context).filter(([, v]) => typeof v !== 'function')),`,
    `    remaining: getRemainingTimeInMillis(),`,
    `    methods: ['done', 'fail', 'succeed'].map((name) => typeof context[name]),`,
    `  }`,
    `}`,
  ].join('\n'),
  'src/callback.ts': [
    `export const ok = (_e: unknown, _c: unknown, callback: (e: unknown, r?: unknown) => void) => {`,
    `  setTimeout(() => callback(null, { viaCallback: true }), 5)`,
    `}`,
    `export const fails = (_e: unknown, _c: unknown, callback: (e: unknown) => void) => {`,
    `  callback(new TypeError('callback failure'))`,
    `}`,
  ].join('\n'),
  'src/throws.ts': [
    `class ValidationError extends Error { override name = 'ValidationError' }`,
    `export const sync = () => {`,
    `  throw new Error('thrown synchronously')`,
    `}`,
    `export const rejects = async () => {`,
    `  await Promise.resolve()`,
    `  throw new ValidationError('bad input')`,
    `}`,
    `export const notAnError = async () => { throw 'just a string' }`,
  ].join('\n'),
  'src/slow.ts': [
    `const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms).unref())`,
    `export const main = async () => { await sleep(5_000); return 'too late' }`,
  ].join('\n'),
  'src/env.ts': [
    `export const main = async () => ({`,
    `  own: process.env.OWN_VALUE, aOnly: process.env.A_ONLY, bOnly: process.env.B_ONLY,`,
    `  base: process.env.FROM_BASE, region: process.env.AWS_REGION, version: process.env.AWS_LAMBDA_FUNCTION_VERSION,`,
    `})`,
  ].join('\n'),
  'src/nothing.ts': `export const main = async () => {}\n`,
  'src/claims.ts': [
    `export const main = async (event: any) => {`,
    `  const claims = event.requestContext.authorizer.jwt.claims`,
    `  const had = 'seen' in claims`,
    `  claims.seen = 'yes'`,
    `  event.requestContext.authorizer.jwt.scopes = ['changed']`,
    `  return { had, own: claims.hasOwnProperty('sub'), proto: Object.getPrototypeOf(claims) === Object.prototype, claims }`,
    `}`,
  ].join('\n'),
}

const FUNCTIONS: FunctionSpec[] = [
  { id: 'typed', handler: 'src/typed.main' },
  { id: 'plain', handler: 'src/plain.main' },
  { id: 'common', handler: 'src/common.main' },
  { id: 'legacy', handler: 'src/legacy.js.main' },
  { id: 'src/context.main', handler: 'src/context.main', memoryMb: 512 },
  { id: 'callback-ok', handler: 'src/callback.ok' },
  { id: 'callback-fails', handler: 'src/callback.fails' },
  { id: 'throws-sync', handler: 'src/throws.sync' },
  { id: 'throws-async', handler: 'src/throws.rejects' },
  { id: 'throws-string', handler: 'src/throws.notAnError' },
  { id: 'slow', handler: 'src/slow.main' },
  { id: 'slow-own-timeout', handler: 'src/slow.main', timeoutMs: 150 },
  { id: 'env-a', handler: 'src/env.main', environment: { A_ONLY: 'a', OWN_VALUE: 'same' } },
  { id: 'env-b', handler: 'src/env.main', environment: { B_ONLY: 'b', OWN_VALUE: 'same' } },
  { id: 'nothing', handler: 'src/nothing.main' },
  { id: 'claims', handler: 'src/claims.main' },
]

/** What the gateway passes: one frozen, null-prototype authorizer context shared across requests. */
const sharedClaims = Object.freeze(Object.assign(Object.create(null), { sub: 'abc', scope: 'a b' }))
const sharedAuthorizer = Object.freeze({ jwt: Object.freeze({ claims: sharedClaims, scopes: null }) })

interface Case {
  name: string
  functionId: string
  event?: unknown
  timeoutMs?: number
  check(outcome: InvokeOutcome, requestId: string): void
}

function errorOf(outcome: InvokeOutcome) {
  assert.equal(outcome.ok, false)
  assert.ok(
    !outcome.ok && outcome.reason === 'error',
    `expected an error outcome, got ${JSON.stringify(outcome)}`,
  )
  return outcome.error
}

function resultOf(outcome: InvokeOutcome): unknown {
  assert.ok(outcome.ok, `expected success, got ${JSON.stringify(outcome)}`)
  return outcome.result
}

const CASES: Case[] = [
  {
    name: "a handler gets a plain, mutable copy of the authorizer's claims (the gateway's stays untouched)",
    functionId: 'claims',
    event: { requestContext: { authorizer: sharedAuthorizer } },
    check: (o) => {
      assert.deepEqual(resultOf(o), {
        had: false,
        own: true,
        proto: true,
        claims: { sub: 'abc', scope: 'a b', seen: 'yes' },
      })
      assert.equal(sharedClaims.seen, undefined)
    },
  },
  {
    name: 'a TypeScript handler is bundled with what it imports',
    functionId: 'typed',
    event: { name: 'ada' },
    check: (o) => assert.deepEqual(resultOf(o), { statusCode: 200, body: 'hello ada' }),
  },
  {
    name: 'an ESM JavaScript handler gets the event as sent',
    functionId: 'plain',
    event: { nested: { list: [1, 'two', null], flag: true } },
    check: (o) => assert.deepEqual(resultOf(o), { echo: { nested: { list: [1, 'two', null], flag: true } } }),
  },
  {
    name: 'a CommonJS handler (exports.main)',
    functionId: 'common',
    check: (o) => assert.equal(resultOf(o), 'from commonjs'),
  },
  {
    name: 'a synchronous handler named with its extension',
    functionId: 'legacy',
    event: { n: 3 },
    check: (o) => assert.deepEqual(resultOf(o), { sync: true, n: 3 }),
  },
  {
    name: 'the context carries the Lambda fields',
    functionId: 'src/context.main',
    timeoutMs: 4000,
    check: (o, requestId) => {
      const context = resultOf(o) as Record<string, unknown>
      assert.equal(context['awsRequestId'], requestId)
      assert.equal(context['functionName'], 'src-context-main')
      assert.equal(context['functionVersion'], '$LATEST')
      assert.equal(
        context['invokedFunctionArn'],
        'arn:aws:lambda:eu-west-1:000000000000:function:src-context-main',
      )
      assert.equal(context['memoryLimitInMB'], '512')
      assert.equal(context['logGroupName'], '/aws/lambda/src-context-main')
      assert.match(String(context['logStreamName']), /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/)
      assert.equal(context['callbackWaitsForEmptyEventLoop'], true)
      const remaining = context['remaining'] as number
      // Counted down from the deadline: positive and never above the function's timeout.
      assert.ok(remaining > 0 && remaining <= 4000, `remaining ${remaining}`)
      assert.deepEqual(context['methods'], ['function', 'function', 'function'])
    },
  },
  {
    name: 'a callback-style handler answers through its callback',
    functionId: 'callback-ok',
    check: (o) => assert.deepEqual(resultOf(o), { viaCallback: true }),
  },
  {
    name: 'an error passed to the callback is a function error',
    functionId: 'callback-fails',
    check: (o) => assert.deepEqual(pick(errorOf(o)), { name: 'TypeError', message: 'callback failure' }),
  },
  {
    name: 'a synchronous throw is an error whose stack points at the TypeScript source',
    functionId: 'throws-sync',
    check: (o) => {
      const error = errorOf(o)
      assert.deepEqual(pick(error), { name: 'Error', message: 'thrown synchronously' })
      assert.match(error.stack ?? '', /src\/throws\.ts:3:\d+/)
    },
  },
  {
    name: 'a rejection keeps the error class name',
    functionId: 'throws-async',
    check: (o) => {
      const error = errorOf(o)
      assert.deepEqual(pick(error), { name: 'ValidationError', message: 'bad input' })
      assert.match(error.stack ?? '', /src\/throws\.ts:7:\d+/)
    },
  },
  {
    name: 'a thrown non-Error value is still an error',
    functionId: 'throws-string',
    check: (o) => assert.equal(errorOf(o).message, 'just a string'),
  },
  {
    name: "the request's deadline passing first is a timeout",
    functionId: 'slow',
    timeoutMs: 200,
    check: (o) => assert.deepEqual(o, { ok: false, reason: 'timeout' }),
  },
  {
    name: "the function's own timeout passing first is a function error",
    functionId: 'slow-own-timeout',
    timeoutMs: 2000,
    check: (o) =>
      assert.deepEqual(pick(errorOf(o)), {
        name: 'Sandbox.Timedout',
        message: 'Task timed out after 0.15 seconds',
      }),
  },
  {
    name: 'a function sees its own variables over the base and Lambda ones (a)',
    functionId: 'env-a',
    check: (o) =>
      assert.deepEqual(without(resultOf(o), 'bOnly'), {
        own: 'same',
        aOnly: 'a',
        base: 'base',
        region: 'eu-west-1',
        version: '$LATEST',
      }),
  },
  {
    name: 'a function sees its own variables over the base and Lambda ones (b)',
    functionId: 'env-b',
    check: (o) => {
      const env = resultOf(o) as Record<string, unknown>
      assert.equal(env['bOnly'], 'b')
      assert.equal(env['own'], 'same')
    },
  },
  {
    name: 'a handler resolving to nothing succeeds with undefined',
    functionId: 'nothing',
    check: (o) => assert.deepEqual(o, { ok: true, result: undefined }),
  },
  {
    name: 'an unknown function is a crash, not a hang',
    functionId: 'no-such-function',
    check: (o) => assert.ok(!o.ok && o.reason === 'crash' && o.detail.includes('no-such-function')),
  },
]

/** In-process mode shares process.env, so another function's variables may show; isolation.test.ts checks they do not in isolated mode. */
function without(value: unknown, key: string): unknown {
  const { [key]: _, ...rest } = value as Record<string, unknown>
  return rest
}

function pick(error: { name: string; message: string }) {
  return { name: error.name, message: error.message }
}

for (const mode of ['isolated', 'inprocess'] as const) {
  describe(`runtime semantics (${mode})`, () => {
    let app: FixtureApp
    let runtime: Runtime

    before(async () => {
      app = await fixtureApp(FILES)
      runtime = await createRuntime({
        rootDir: app.rootDir,
        functions: FUNCTIONS,
        mode,
        region: 'eu-west-1',
        baseEnvironment: { FROM_BASE: 'base', OWN_VALUE: 'overridden' },
      })
    })
    after(async () => {
      await runtime?.close()
      await app?.cleanup()
    })

    for (const c of CASES) {
      test(c.name, async () => {
        const req = request(c.functionId, c.event ?? {}, c.timeoutMs)
        c.check(await runtime.invoke(req), req.requestId)
      })
    }

    test("a handler's changes to its claims never reach the next invocation with the same token", async () => {
      const event = { requestContext: { authorizer: sharedAuthorizer } }
      for (let i = 0; i < 3; i++) {
        const result = resultOf(await runtime.invoke(request('claims', event))) as { had: boolean }
        assert.equal(result.had, false)
      }
      assert.equal(event.requestContext.authorizer, sharedAuthorizer)
      assert.equal(sharedAuthorizer.jwt.scopes, null)
    })

    test('interleaved invocations with different deadlines each time out at their own, never earlier', async () => {
      const started = performance.now()
      const plan = [
        ['slow', 300],
        ['plain', 300],
        ['slow', 150],
        ['plain', 150],
        ['slow', 300],
        ['slow', 150],
      ] as const
      const settled = await Promise.all(
        plan.map(async ([functionId, timeoutMs]) => {
          const outcome = await runtime.invoke(request(functionId, { functionId }, timeoutMs))
          return { functionId, timeoutMs, outcome, after: performance.now() - started }
        }),
      )
      for (const { functionId, timeoutMs, outcome, after } of settled) {
        if (functionId === 'plain') {
          assert.deepEqual(resultOf(outcome), { echo: { functionId } })
          continue
        }
        assert.deepEqual(outcome, { ok: false, reason: 'timeout' })
        assert.ok(after >= timeoutMs - 1, `timed out after ${after} ms, before its ${timeoutMs} ms`)
        assert.ok(after < timeoutMs + 2_000, `timed out after ${after} ms, long past its ${timeoutMs} ms`)
      }
      // One that arrives while another with the same timeout waits is due that long after it arrived.
      const first = runtime.invoke(request('slow', {}, 300))
      await new Promise((resolve) => setTimeout(resolve, 100))
      const second = performance.now()
      const secondOutcome = runtime.invoke(request('slow', {}, 300)).then((outcome) => ({
        outcome,
        after: performance.now() - second,
      }))
      assert.deepEqual(await first, { ok: false, reason: 'timeout' })
      const { outcome, after } = await secondOutcome
      assert.deepEqual(outcome, { ok: false, reason: 'timeout' })
      assert.ok(after >= 299 && after < 2_300, `the second timed out after ${after} ms`)
    })

    test('invocations in parallel all succeed', async () => {
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => runtime.invoke(request('plain', { i }))),
      )
      assert.deepEqual(
        outcomes.map((o) => resultOf(o)),
        Array.from({ length: 20 }, (_, i) => ({ echo: { i } })),
      )
    })

    test('after close, invocations fail fast', async () => {
      await runtime.close()
      const outcome = await runtime.invoke(request('plain'))
      assert.deepEqual(outcome, { ok: false, reason: 'crash', detail: 'the runtime is closed' })
    })
  })
}
