// `portcullis start`: handlers in-process under a supervisor; a handler that kills its process
// costs that process, and a new one takes over on the same ports.
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { copyExample, eventually, freePort, type RunningApp, startCli } from '../support/app.js'

let example: ReturnType<typeof copyExample>
let app: RunningApp

before(async () => {
  example = copyExample('jwt-auth-cognito')
  writeFileSync(
    join(example.dir, 'src/public.js'),
    `export async function main(event) {
  if (event.queryStringParameters?.exit) process.exit(3)
  if (event.queryStringParameters?.hang) for (;;) {}
  return { statusCode: 200, body: 'Hello stranger! ' + process.pid }
}
`,
  )
  const [api, pool] = [await freePort(), await freePort()]
  app = await startCli(example.dir, ['start', '--port', String(api), '--userpool-port', String(pool)], {
    PORTCULLIS_HEARTBEAT_TIMEOUT_MS: '3000',
  })
})
after(async () => {
  await app?.stop()
  example?.remove()
})

test('start logs JSON lines and serves the app in-process', async () => {
  const api = String(app.outputs.MyStack?.ApiEndpoint)
  const res = await fetch(`${api}/public`)
  assert.equal(res.status, 200)
  assert.match(await res.text(), /^Hello stranger! \d+$/)
  assert.match(app.output(), /"msg":"ready"/)
  assert.equal((await fetch(`${api}/private`)).status, 401)
  await app.waitFor(/"routeKey":"GET \/private".*"auth":"401 missing".*"msg":"request"/, 5_000)
})

test('--no-request-log (PORTCULLIS_NO_REQUEST_LOG) keeps the request lines out of the log', async () => {
  const quiet = copyExample('jwt-auth-cognito')
  const [api, pool] = [await freePort(), await freePort()]
  const running = await startCli(
    quiet.dir,
    ['start', '--no-supervisor', '--port', String(api), '--userpool-port', String(pool)],
    { PORTCULLIS_NO_REQUEST_LOG: '1' },
  )
  try {
    const url = String(running.outputs.MyStack?.ApiEndpoint)
    assert.equal((await fetch(`${url}/public`)).status, 200)
    assert.equal((await fetch(`${url}/private`)).status, 401)
    // Stopping flushes the log buffer, so every line written is in the output.
    await running.stop()
    assert.match(running.output(), /"msg":"ready"/)
    assert.doesNotMatch(running.output(), /"msg":"request"/)
  } finally {
    await running.stop()
    quiet.remove()
  }
})

test('a handler that exits its process is survived: a new process serves the same ports', async () => {
  const api = String(app.outputs.MyStack?.ApiEndpoint)
  const before = await (await fetch(`${api}/public`)).text()
  await fetch(`${api}/public?exit=1`).then(
    (res) => assert.ok(res.status >= 500, `status ${res.status}`),
    () => undefined,
  )
  const after = await eventually(async () => {
    const text = await (await fetch(`${api}/public`)).text()
    assert.match(text, /^Hello stranger! \d+$/)
    assert.notEqual(text, before)
    return text
  }, 20_000)
  assert.match(after, /^Hello stranger! \d+$/)
  assert.match(app.output(), /serving process exited \(3\); starting a new one/)
})

test('a handler that blocks the event loop is survived: the supervisor replaces the hung process', async () => {
  const api = String(app.outputs.MyStack?.ApiEndpoint)
  const before = await (await fetch(`${api}/public`)).text()
  const hung = fetch(`${api}/public?hang=1`).then(
    (res) => res.status,
    () => 'connection closed',
  )
  const after = await eventually(async () => {
    const text = await (await fetch(`${api}/public`, { signal: AbortSignal.timeout(1000) })).text()
    assert.match(text, /^Hello stranger! \d+$/)
    assert.notEqual(text, before)
    return text
  }, 20_000)
  assert.match(after, /^Hello stranger! \d+$/)
  assert.equal(await hung, 'connection closed')
  assert.match(app.output(), /stopped answering for (3000|6000) ms; replacing it/)
})

test('a first process that hangs while it starts is stopped, and start exits with the reason', async () => {
  const hanging = copyExample('jwt-auth-cognito')
  try {
    const stack = join(hanging.dir, 'stacks/MyStack.ts')
    writeFileSync(stack, `for (;;) {}\n${readFileSync(stack, 'utf8')}`)
    const [api, pool] = [await freePort(), await freePort()]
    await assert.rejects(
      startCli(hanging.dir, ['start', '--port', String(api), '--userpool-port', String(pool)], {
        PORTCULLIS_HEARTBEAT_TIMEOUT_MS: '2000',
      }),
      // Not ready yet: twice the allowance.
      /portcullis exited \(1\)[\s\S]*stopped answering for 4000 ms/,
    )
  } finally {
    hanging.remove()
  }
})
