// Several instances on one PostgreSQL database behave as one deployment: they start together on an
// empty database, agree on ids and signing keys, and a user or token from one works on the other.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import pg from 'pg'
import { cli, copyExample, freePort, parseExports, type RunningApp, startCli } from '../support/app.js'

const url = process.env.PORTCULLIS_TEST_POSTGRES
/** Behind one load balancer every instance names the same issuer; nothing listens there in the test. */
const PUBLIC_URL = 'http://127.0.0.1:9/auth'

interface Instance {
  app: RunningApp
  cognito: string
  api: string
}

describe('instances sharing PostgreSQL', {
  skip: url ? false : 'set PORTCULLIS_TEST_POSTGRES (scripts/test-postgres.sh)',
}, () => {
  let example: ReturnType<typeof copyExample>
  let admin: pg.Client
  let database = ''
  const schema = `e2e_${randomBytes(6).toString('hex')}`
  const instances: Instance[] = []

  before(async () => {
    admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    const scoped = new URL(url!)
    scoped.searchParams.set('options', `-c search_path=${schema}`)
    database = scoped.toString()
    example = copyExample('jwt-auth-cognito')
    const start = async (name: string): Promise<Instance> => {
      const [api, cognito] = [await freePort(), await freePort()]
      const app = await startCli(
        example.dir,
        [
          'start',
          '--no-supervisor',
          '--port',
          String(api),
          '--userpool-port',
          String(cognito),
          '--data-dir',
          join(example.dir, `.portcullis/${name}`),
        ],
        { PORTCULLIS_DATABASE_URL: database, PORTCULLIS_PUBLIC_URL: PUBLIC_URL },
      )
      return { app, cognito: `http://127.0.0.1:${cognito}`, api: `http://127.0.0.1:${api}` }
    }
    // Both start at once on the empty database.
    instances.push(...(await Promise.all([start('a'), start('b')])))
  })
  after(async () => {
    for (const { app } of instances) await app.stop()
    example?.remove()
    await admin?.query(`drop schema if exists ${schema} cascade`)
    await admin?.end()
  })

  test('same ids and keys; users and tokens work across instances', async () => {
    const [a, b] = instances as [Instance, Instance]
    assert.equal(a.app.outputs.MyStack?.UserPoolId, b.app.outputs.MyStack?.UserPoolId)
    assert.equal(a.app.outputs.MyStack?.UserPoolClientId, b.app.outputs.MyStack?.UserPoolClientId)
    const poolId = String(a.app.outputs.MyStack?.UserPoolId)
    const clientId = String(a.app.outputs.MyStack?.UserPoolClientId)
    assert.equal(a.app.outputs.portcullis.userPools['MyStack/UserPool']?.issuer, `${PUBLIC_URL}/${poolId}`)
    const jwks = await Promise.all(
      [a, b].map(async (i) => (await fetch(`${i.cognito}/${poolId}/.well-known/jwks.json`)).text()),
    )
    assert.equal(jwks[0], jwks[1])
    assert.equal(JSON.parse(jwks[0]!).keys.length, 2)

    // `portcullis env` reads the stage's credentials from the shared database.
    const env = parseExports(
      (
        await cli(example.dir, ['env', '--data-dir', join(example.dir, '.portcullis/b')], {
          PORTCULLIS_DATABASE_URL: database,
        })
      ).stdout,
    )
    const credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! }
    const sdk = (i: Instance) =>
      new CognitoIdentityProviderClient({
        endpoint: i.cognito,
        region: 'us-east-1',
        credentials,
        maxAttempts: 1,
      })

    await sdk(a).send(
      new SignUpCommand({ ClientId: clientId, Username: 'shared@example.com', Password: 'Passw0rd!' }),
    )
    await assert.rejects(
      sdk(b).send(
        new SignUpCommand({ ClientId: clientId, Username: 'SHARED@example.com', Password: 'Passw0rd!' }),
      ),
      { name: 'UsernameExistsException' },
    )
    await sdk(b).send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'shared@example.com' }))
    const { AuthenticationResult } = await sdk(b).send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: 'shared@example.com', PASSWORD: 'Passw0rd!' },
      }),
    )
    for (const i of [a, b]) {
      const res = await fetch(`${i.api}/private`, {
        headers: { Authorization: `Bearer ${AuthenticationResult!.AccessToken}` },
      })
      assert.equal(res.status, 200)
      assert.match(await res.text(), /^Hello [0-9a-f-]{36}!$/)
    }
  })

  test('remove deletes the stage from PostgreSQL: its tables and nothing else in the schema', async () => {
    for (const { app } of instances) await app.stop()
    await admin.query(`create table ${schema}.not_ours (x int)`)
    const dataDir = join(example.dir, '.portcullis/b')
    const removed = await cli(example.dir, ['remove', '--yes', '--data-dir', dataDir], {
      PORTCULLIS_DATABASE_URL: database,
    })
    assert.equal(removed.code, 0, removed.stderr)
    const { rows } = await admin.query(
      'select table_name from information_schema.tables where table_schema = $1 order by 1',
      [schema],
    )
    assert.deepEqual(
      rows.map((r: { table_name: string }) => r.table_name),
      ['not_ours'],
    )
    const again = await cli(example.dir, ['remove', '--yes', '--data-dir', dataDir], {
      PORTCULLIS_DATABASE_URL: database,
    })
    assert.equal(again.code, 1)
    assert.match(again.stderr, /holds no Portcullis stage/)
  })
})
