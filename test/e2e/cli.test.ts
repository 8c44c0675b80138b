// The CLI as a user meets it: stages, stable ids, reload, and errors that say what to fix.
import assert from 'node:assert/strict'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { cli, copyExample, eventually, readOutputsFile, startCli } from '../support/app.js'

describe('stages and ids', () => {
  let example: ReturnType<typeof copyExample>
  before(() => {
    example = copyExample('jwt-auth-cognito')
  })
  after(() => example.remove())

  test('ids are stable across restarts of a stage and differ between stages; remove touches one stage', async () => {
    const first = await startCli(example.dir, ['dev', '--port', '0'])
    const { ApiEndpoint: _, ...ids } = first.outputs.MyStack ?? {}
    assert.equal(await first.stop(), 0)
    const again = await startCli(example.dir, ['dev', '--port', '0'])
    assert.equal(again.outputs.MyStack?.UserPoolId, ids.UserPoolId)
    assert.equal(again.outputs.MyStack?.UserPoolClientId, ids.UserPoolClientId)
    await again.stop()

    const prod = await startCli(example.dir, ['dev', '--port', '0', '--stage', 'prod'])
    assert.notEqual(prod.outputs.MyStack?.UserPoolId, ids.UserPoolId)
    assert.notEqual(prod.outputs.MyStack?.UserPoolClientId, ids.UserPoolClientId)
    assert.equal(prod.outputs.portcullis.stage, 'prod')
    const devCreds = (await cli(example.dir, ['env'])).stdout
    const prodCreds = (await cli(example.dir, ['env', '--stage', 'prod'])).stdout
    assert.notEqual(
      devCreds.match(/AWS_ACCESS_KEY_ID='([^']+)'/)?.[1],
      prodCreds.match(/AWS_ACCESS_KEY_ID='([^']+)'/)?.[1],
    )

    const running = await cli(example.dir, ['remove', '--stage', 'prod', '--yes'])
    assert.equal(running.code, 1)
    assert.match(running.stderr, /stage "prod" is running/)
    await prod.stop()

    const noConfirm = await cli(example.dir, ['remove', '--stage', 'prod'])
    assert.equal(noConfirm.code, 1)
    assert.match(noConfirm.stderr, /pass --yes/)
    const removed = await cli(example.dir, ['remove', '--stage', 'prod', '--yes'])
    assert.equal(removed.code, 0, removed.stderr)
    assert.equal(existsSync(join(example.dir, '.portcullis', 'prod')), false)
    assert.equal(readOutputsFile(example.dir, 'dev').MyStack?.UserPoolId, ids.UserPoolId)

    const outputs = await cli(example.dir, ['outputs'])
    assert.equal(JSON.parse(outputs.stdout).MyStack.UserPoolId, ids.UserPoolId)
  })
})

describe('reload', () => {
  let example: ReturnType<typeof copyExample>
  let app: Awaited<ReturnType<typeof startCli>>
  before(async () => {
    example = copyExample('jwt-auth-cognito')
    app = await startCli(example.dir, ['dev', '--port', '0'])
  })
  after(async () => {
    await app.stop()
    example.remove()
  })

  test('editing a handler changes the next response', async () => {
    const api = String(app.outputs.MyStack?.ApiEndpoint)
    assert.equal(await (await fetch(`${api}/public`)).text(), 'Hello stranger!')
    const file = join(example.dir, 'src/public.js')
    writeFileSync(file, readFileSync(file, 'utf8').replace('Hello stranger!', 'Hello again!'))
    await eventually(async () => assert.equal(await (await fetch(`${api}/public`)).text(), 'Hello again!'))
  })

  test('editing the config adds a route without a restart; a broken edit keeps the old one serving', async () => {
    const api = String(app.outputs.MyStack?.ApiEndpoint)
    const stack = join(example.dir, 'stacks/MyStack.ts')
    const original = readFileSync(stack, 'utf8')
    assert.equal((await fetch(`${api}/extra`)).status, 404)
    writeFileSync(
      stack,
      original.replace(
        "'GET /private': 'src/private.main',",
        "'GET /private': 'src/private.main',\n      'GET /extra': { function: 'src/public.main', authorizationType: 'NONE' },",
      ),
    )
    await eventually(async () => assert.equal((await fetch(`${api}/extra`)).status, 200))
    writeFileSync(
      stack,
      original.replace("'GET /private': 'src/private.main',", "'GET /private/': 'src/private.main',"),
    )
    await app.waitFor(/config not applied/)
    assert.match(app.output(), /routes\["GET \/private\/"\]/)
    assert.equal((await fetch(`${api}/extra`)).status, 200)
    assert.equal(readOutputsFile(example.dir, 'dev').MyStack?.ApiEndpoint, api)
  })
})

describe('errors meant for the user', () => {
  let example: ReturnType<typeof copyExample>
  before(() => {
    example = copyExample('jwt-auth-cognito')
  })
  after(() => example.remove())

  const edit = (file: string, change: (s: string) => string) => {
    const path = join(example.dir, file)
    const before = readFileSync(path, 'utf8')
    writeFileSync(path, change(before))
    return () => writeFileSync(path, before)
  }

  test('an invalid definition names the path of each problem, without a stack trace', async () => {
    const undo = edit('stacks/MyStack.ts', (s) =>
      s
        .replace("'GET /private': 'src/private.main',", "'GET /private/': 'src/private.main',")
        .replace('signInCaseSensitive: false,', "signInCaseSensitive: 'no' as never,"),
    )
    const result = await cli(example.dir, ['dev', '--port', '0'])
    undo()
    assert.equal(result.code, 1)
    assert.match(result.stderr, /stacks\[0\]\.MyStack\.UserPool\.signInCaseSensitive: /)
    assert.match(result.stderr, /routes\["GET \/private\/"\]/)
    assert.doesNotMatch(result.stderr, /\n\s+at /)
  })

  test('a missing handler export is one clear message', async () => {
    const undo = edit('src/public.js', (s) =>
      s.replace('export async function main', 'export async function other'),
    )
    const result = await cli(example.dir, ['dev', '--port', '0'])
    undo()
    assert.equal(result.code, 1)
    assert.match(result.stderr, /src\/public\.main/)
    assert.match(result.stderr, /main/)
    assert.doesNotMatch(result.stderr, /\n\s+at /)
  })

  test('a port in use is one clear message', async () => {
    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r))
    const port = (blocker.address() as { port: number }).port
    const result = await cli(example.dir, ['dev', '--port', String(port), '--userpool-port', '0'])
    blocker.close()
    assert.equal(result.code, 1)
    assert.match(result.stderr, new RegExp(`Port ${port} on 127.0.0.1 is already in use`))
    assert.doesNotMatch(result.stderr, /\n\s+at /)
  })

  test('a folder without a config says so', async () => {
    const result = await cli(join(example.dir, 'src'), ['dev'])
    assert.equal(result.code, 1)
    assert.match(result.stderr, /No portcullis\.config\.ts/)
  })
})
