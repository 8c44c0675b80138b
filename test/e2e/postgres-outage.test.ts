// A database outage (security.md FL8, FL9): user pool calls fail fast with 503 and Retry-After,
// JWKS and discovery keep being served from memory, and service resumes by itself.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect, createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import pg from 'pg'
import { startUserPoolServer, type UserPoolServer } from '../../src/server/index.js'
import { eventually } from '../support/app.js'
import { rawCognito } from '../support/userpool.js'

const url = process.env.PORTCULLIS_TEST_POSTGRES

/** A TCP relay to PostgreSQL that the test can cut and restore, like a network partition. */
class Relay {
  #server: Server | undefined
  readonly #sockets = new Set<Socket>()
  readonly #target: { host: string; port: number }
  port = 0

  constructor(target: { host: string; port: number }) {
    this.#target = target
  }

  async open(): Promise<void> {
    this.#server = createServer((client) => {
      const upstream = connect(this.#target.port, this.#target.host)
      for (const s of [client, upstream]) {
        this.#sockets.add(s)
        s.on('close', () => this.#sockets.delete(s))
        s.on('error', () => {})
      }
      client.pipe(upstream).pipe(client)
    })
    await new Promise<void>((r) => this.#server!.listen(this.port, '127.0.0.1', r))
    this.port = (this.#server.address() as { port: number }).port
  }

  async cut(): Promise<void> {
    for (const s of this.#sockets) s.destroy()
    await new Promise((r) => this.#server?.close(r))
  }
}

describe('a PostgreSQL outage', {
  skip: url ? false : 'set PORTCULLIS_TEST_POSTGRES (scripts/test-postgres.sh)',
}, () => {
  const schema = `outage_${randomBytes(6).toString('hex')}`
  let admin: pg.Client
  let relay: Relay
  let server: UserPoolServer
  let dir: string
  let clientId: string
  let poolId: string

  before(async () => {
    admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    const target = new URL(url!)
    relay = new Relay({ host: target.hostname, port: Number(target.port || 5432) })
    await relay.open()
    const through = new URL(url!)
    through.hostname = '127.0.0.1'
    through.port = String(relay.port)
    through.searchParams.set('options', `-c search_path=${schema}`)
    dir = mkdtempSync(join(tmpdir(), 'portcullis-outage-'))
    server = await startUserPoolServer({ dataDir: dir, port: 0, databaseUrl: through.toString() })
    const sdk = new CognitoIdentityProviderClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: server.credentials,
      maxAttempts: 1,
    })
    poolId = (
      await sdk.send(new CreateUserPoolCommand({ PoolName: 'outage', UsernameAttributes: ['email'] }))
    ).UserPool!.Id!
    clientId = (await sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c' })))
      .UserPoolClient!.ClientId!
  })
  after(async () => {
    await server?.close()
    await relay?.cut().catch(() => {})
    await admin?.query(`drop schema if exists ${schema} cascade`)
    await admin?.end()
    rmSync(dir, { recursive: true, force: true })
  })

  test('503 with Retry-After during the outage, JWKS from memory, recovery without a restart', async () => {
    const jwksUrl = `${server.url}/${poolId}/.well-known/jwks.json`
    const jwks = await (await fetch(jwksUrl)).text()
    const signUp = (name: string) =>
      rawCognito(
        server.url,
        'SignUp',
        JSON.stringify({ ClientId: clientId, Username: `${name}@example.com`, Password: 'Passw0rd!' }),
      )
    assert.equal((await signUp('before')).status, 200)

    await relay.cut()
    const during = await signUp('during')
    assert.equal(during.status, 503)
    assert.equal(during.body.__type, 'ServiceUnavailableException')
    assert.ok(Number(during.headers.get('retry-after')) > 0)
    assert.equal(JSON.stringify(during.body).includes('ECONN'), false, 'no driver detail leaks')
    const cached = await fetch(jwksUrl)
    assert.equal(cached.status, 200)
    assert.equal(await cached.text(), jwks)

    await relay.open()
    const recovered = await eventually(async () => {
      const res = await signUp('after')
      assert.equal(res.status, 200)
      return res
    })
    assert.equal(recovered.body.UserConfirmed, false)
    // The sign-up refused during the outage left nothing behind: the same name signs up now.
    const sdk = new CognitoIdentityProviderClient({
      endpoint: server.url,
      region: 'us-east-1',
      maxAttempts: 1,
    })
    const again = await sdk.send(
      new SignUpCommand({ ClientId: clientId, Username: 'during@example.com', Password: 'Passw0rd!' }),
    )
    assert.equal(again.UserConfirmed, false)
  })
})
