// ListUsers through the AWS SDK v3: the documented filters, AttributesToGet, pagination, and
// input that tries to be SQL (security.md §3 C60–C61).
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { ListUsersCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider'
import { startTestUserPool, type TestUserPool } from '../support/userpool.js'
import { confirmedUser, createPool, PASSWORD, rejectsWith } from './userpool-helpers.js'

let pool: TestUserPool
before(async () => {
  pool = await startTestUserPool()
})
after(() => pool.stop())

describe('ListUsers', () => {
  let ids: { poolId: string; clientId: string }
  const subs: Record<string, string> = {}
  before(async () => {
    ids = await createPool(pool, {
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
    })
    for (const [email, name] of [
      ['ann@example.com', 'Ann'],
      ['anna@example.com', 'Anna'],
      ['bob@example.org', 'Bob'],
      ['pct@example.com', '100%_sure'],
    ])
      subs[email!] = await confirmedUser(pool, ids, email!, { name: name! })
    await pool.anonymous.send(
      new SignUpCommand({ ClientId: ids.clientId, Username: 'pending@example.com', Password: PASSWORD }),
    )
  })

  const list = async (Filter?: string, extra: { Limit?: number; AttributesToGet?: string[] } = {}) =>
    (
      await pool.admin.send(
        new ListUsersCommand({
          UserPoolId: ids.poolId,
          ...(Filter !== undefined ? { Filter } : {}),
          ...extra,
        }),
      )
    ).Users!

  const emails = async (Filter?: string) =>
    (await list(Filter)).map((u) => u.Attributes?.find((a) => a.Name === 'email')?.Value).sort()

  test('the documented filters', async () => {
    assert.equal((await list()).length, 5)
    assert.deepEqual(await emails(''), (await emails()).sort())
    assert.deepEqual(await emails('email = "ann@example.com"'), ['ann@example.com'])
    assert.deepEqual(await emails('email = "ANN@example.com"'), ['ann@example.com'])
    assert.deepEqual(await emails('email ^= "ann"'), ['ann@example.com', 'anna@example.com'])
    assert.deepEqual(await emails('"email"^="bob"'), ['bob@example.org'])
    assert.deepEqual(await emails('name = "Anna"'), ['anna@example.com'])
    assert.deepEqual(await emails('name = "anna"'), [])
    assert.deepEqual(await emails('cognito:user_status = "unconfirmed"'), ['pending@example.com'])
    assert.deepEqual(await emails('status = "Enabled"'), await emails())
    assert.deepEqual(await emails(`sub = "${subs['bob@example.org']}"`), ['bob@example.org'])
    assert.deepEqual(await emails(`username = "${subs['ann@example.com']}"`), ['ann@example.com'])
  })

  test('AttributesToGet, Limit and PaginationToken', async () => {
    const [user] = await list('email = "ann@example.com"', { AttributesToGet: ['name'] })
    assert.deepEqual(user?.Attributes, [{ Name: 'name', Value: 'Ann' }])
    assert.equal(user?.UserStatus, 'CONFIRMED')
    assert.equal(user?.Enabled, true)
    assert.equal(user?.Username, subs['ann@example.com'])
    const seen: string[] = []
    let PaginationToken: string | undefined
    do {
      const page = await pool.admin.send(
        new ListUsersCommand({ UserPoolId: ids.poolId, Limit: 2, PaginationToken }),
      )
      assert.ok(page.Users!.length <= 2)
      seen.push(...page.Users!.map((u) => u.Username!))
      PaginationToken = page.PaginationToken
    } while (PaginationToken)
    assert.equal(new Set(seen).size, 5)
  })
})

describe('ListUsers input that tries to be SQL (security.md §3 C60–C61)', () => {
  let listIds: { poolId: string; clientId: string }
  before(async () => {
    listIds = await createPool(pool, { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] })
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com'])
      await confirmedUser(pool, listIds, email)
  })

  test('injection-shaped values are literal: 200 with no match', async () => {
    for (const Filter of [
      'email = "a\\" OR \\"1\\"=\\"1"',
      'email = "\' OR 1=1 --"',
      'email ^= "%"',
      'email ^= "_"',
      'email ^= "_@example.com"',
      'name = "\\\\"',
      'username = "x\\"; DROP TABLE users; --"',
      'email = "a@example.com\' --"',
    ]) {
      const { Users } = await pool.admin.send(new ListUsersCommand({ UserPoolId: listIds.poolId, Filter }))
      assert.deepEqual(Users, [], Filter)
    }
    const { Users } = await pool.admin.send(new ListUsersCommand({ UserPoolId: listIds.poolId }))
    assert.equal(Users?.length, 3)
  })

  test('bad grammar, custom attributes, limits and foreign or forged tokens are InvalidParameterException', async () => {
    const other = await createPool(pool, { UsernameAttributes: ['email'] })
    await pool.anonymous.send(
      new SignUpCommand({ ClientId: other.clientId, Username: 'x@example.com', Password: PASSWORD }),
    )
    await pool.anonymous.send(
      new SignUpCommand({ ClientId: other.clientId, Username: 'y@example.com', Password: PASSWORD }),
    )
    const otherPage = await pool.admin.send(new ListUsersCommand({ UserPoolId: other.poolId, Limit: 1 }))
    const ownPage = await pool.admin.send(new ListUsersCommand({ UserPoolId: listIds.poolId, Limit: 1 }))
    const [body, mac] = ownPage.PaginationToken!.split('.')
    const forged = `${Buffer.from(JSON.stringify(['users', listIds.poolId, '', ''])).toString('base64url')}.${mac}`
    const bad: Array<{ Filter?: string; Limit?: number; PaginationToken?: string }> = [
      { Filter: 'custom:foo = "x"' },
      { Filter: 'email = "a" and name = "b"' },
      { Filter: 'email != "a"' },
      { Filter: 'email ~= "a"' },
      { Filter: 'email = "unbalanced' },
      { Filter: `email = "${'a'.repeat(250)}"` },
      { Limit: 61 },
      { Limit: -1 },
      { PaginationToken: otherPage.PaginationToken },
      { PaginationToken: `${body}x.${mac}` },
      { PaginationToken: forged },
      { PaginationToken: 'garbage' },
      { PaginationToken: ownPage.PaginationToken, Filter: 'email ^= "a"' },
    ]
    for (const input of bad)
      await rejectsWith(
        pool.admin.send(new ListUsersCommand({ UserPoolId: listIds.poolId, ...input })),
        'InvalidParameterException',
      ).catch((error) => assert.fail(`${JSON.stringify(input)}: ${error}`))
    await pool.admin.send(
      new ListUsersCommand({ UserPoolId: listIds.poolId, PaginationToken: ownPage.PaginationToken }),
    )
  })
})
