// Pagination tokens of ListUserPools and ListUserPoolClients: they page through everything once,
// and a tampered token or one from another listing is InvalidParameterException (security.md C61).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { startTestUserPool, type TestUserPool } from '../support/userpool.js'

let pool: TestUserPool
let poolIds: string[]

before(async () => {
  pool = await startTestUserPool()
  poolIds = []
  for (const name of ['a', 'b', 'c'])
    poolIds.push((await pool.admin.send(new CreateUserPoolCommand({ PoolName: name }))).UserPool!.Id!)
  for (const name of ['x', 'y'])
    await pool.admin.send(new CreateUserPoolClientCommand({ UserPoolId: poolIds[0]!, ClientName: name }))
})
after(() => pool.stop())

test('pools and clients page through once each', async () => {
  const seen: string[] = []
  let NextToken: string | undefined
  do {
    const page = await pool.admin.send(
      new ListUserPoolsCommand({ MaxResults: 1, ...(NextToken ? { NextToken } : {}) }),
    )
    seen.push(...page.UserPools!.map((p) => p.Id!))
    NextToken = page.NextToken
  } while (NextToken)
  assert.deepEqual([...seen].sort(), [...poolIds].sort())
  const first = await pool.admin.send(
    new ListUserPoolClientsCommand({ UserPoolId: poolIds[0], MaxResults: 1 }),
  )
  const second = await pool.admin.send(
    new ListUserPoolClientsCommand({ UserPoolId: poolIds[0], MaxResults: 1, NextToken: first.NextToken }),
  )
  assert.equal(second.NextToken, undefined)
  assert.notEqual(first.UserPoolClients![0]!.ClientId, second.UserPoolClients![0]!.ClientId)
})

test('tampered tokens and tokens from another listing are refused', async () => {
  const { NextToken } = await pool.admin.send(new ListUserPoolsCommand({ MaxResults: 1 }))
  const clients = await pool.admin.send(
    new ListUserPoolClientsCommand({ UserPoolId: poolIds[0], MaxResults: 1 }),
  )
  const flipped = `${NextToken!.slice(0, -2)}${NextToken!.at(-2) === 'A' ? 'B' : 'A'}${NextToken!.at(-1)}`
  for (const token of [
    flipped,
    clients.NextToken!,
    Buffer.from(JSON.stringify(['pools', 'us-east-1_zzzzzzzzz'])).toString('base64url'),
  ])
    await assert.rejects(pool.admin.send(new ListUserPoolsCommand({ MaxResults: 1, NextToken: token })), {
      name: 'InvalidParameterException',
    })
  await assert.rejects(
    pool.admin.send(
      new ListUserPoolClientsCommand({ UserPoolId: poolIds[1], MaxResults: 1, NextToken: clients.NextToken }),
    ),
    { name: 'InvalidParameterException' },
  )
})
