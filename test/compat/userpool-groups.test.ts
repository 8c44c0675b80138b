// Groups through the AWS SDK v3: the group actions, memberships, and `cognito:groups` in tokens.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  AdminAddUserToGroupCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  CreateGroupCommand,
  DeleteGroupCommand,
  GetGroupCommand,
  ListGroupsCommand,
  ListUsersInGroupCommand,
  UpdateGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { decodeJwt } from 'jose'
import { startTestUserPool, type TestUserPool } from '../support/userpool.js'
import {
  confirmedUser,
  createPool,
  PASSWORD,
  passwordSignIn,
  refreshWith,
  rejectsWith,
} from './userpool-helpers.js'

let pool: TestUserPool
before(async () => {
  pool = await startTestUserPool()
})
after(() => pool.stop())

describe('groups', () => {
  let ids: { poolId: string; clientId: string }
  before(async () => {
    ids = await createPool(pool, { UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] })
  })

  test('create, get, update, list and delete groups', async () => {
    const { Group } = await pool.admin.send(
      new CreateGroupCommand({
        UserPoolId: ids.poolId,
        GroupName: 'admins',
        Description: 'Administrators',
        Precedence: 5,
        RoleArn: 'arn:aws:iam::000000000000:role/admins',
      }),
    )
    assert.equal(Group?.GroupName, 'admins')
    assert.equal(Group?.UserPoolId, ids.poolId)
    assert.equal(Group?.Precedence, 5)
    assert.ok(Group?.CreationDate instanceof Date)
    await rejectsWith(
      pool.admin.send(new CreateGroupCommand({ UserPoolId: ids.poolId, GroupName: 'admins' })),
      'GroupExistsException',
      'A group with the name already exists.',
    )
    const updated = await pool.admin.send(
      new UpdateGroupCommand({ UserPoolId: ids.poolId, GroupName: 'admins', Description: 'Admins' }),
    )
    assert.equal(updated.Group?.Description, 'Admins')
    assert.equal(updated.Group?.Precedence, 5)
    assert.equal(
      (await pool.admin.send(new GetGroupCommand({ UserPoolId: ids.poolId, GroupName: 'admins' }))).Group
        ?.Description,
      'Admins',
    )
    for (const name of ['b-readers', 'c-writers', 'd-auditors'])
      await pool.admin.send(new CreateGroupCommand({ UserPoolId: ids.poolId, GroupName: name }))
    const first = await pool.admin.send(new ListGroupsCommand({ UserPoolId: ids.poolId, Limit: 3 }))
    assert.deepEqual(
      first.Groups?.map((g) => g.GroupName),
      ['admins', 'b-readers', 'c-writers'],
    )
    const rest = await pool.admin.send(
      new ListGroupsCommand({ UserPoolId: ids.poolId, Limit: 3, NextToken: first.NextToken }),
    )
    assert.deepEqual(
      rest.Groups?.map((g) => g.GroupName),
      ['d-auditors'],
    )
    assert.equal(rest.NextToken, undefined)
    await pool.admin.send(new DeleteGroupCommand({ UserPoolId: ids.poolId, GroupName: 'd-auditors' }))
    for (const send of [
      () => pool.admin.send(new GetGroupCommand({ UserPoolId: ids.poolId, GroupName: 'd-auditors' })),
      () => pool.admin.send(new DeleteGroupCommand({ UserPoolId: ids.poolId, GroupName: 'd-auditors' })),
      () =>
        pool.admin.send(
          new UpdateGroupCommand({ UserPoolId: ids.poolId, GroupName: 'd-auditors', Precedence: 1 }),
        ),
    ])
      await rejectsWith(send(), 'ResourceNotFoundException', 'Group not found.')
  })

  test('cognito:groups is in both tokens, by precedence, and absent without groups', async () => {
    const sub = await confirmedUser(pool, ids, 'member@example.com')
    const tokens = async () => {
      const { AuthenticationResult } = await passwordSignIn(
        pool,
        ids.clientId,
        'member@example.com',
        PASSWORD,
      )
      return [decodeJwt(AuthenticationResult!.IdToken!), decodeJwt(AuthenticationResult!.AccessToken!)]
    }
    for (const claims of await tokens()) assert.equal('cognito:groups' in claims, false)
    await pool.admin.send(
      new CreateGroupCommand({ UserPoolId: ids.poolId, GroupName: 'zeta', Precedence: 1 }),
    )
    await pool.admin.send(new CreateGroupCommand({ UserPoolId: ids.poolId, GroupName: 'alpha' }))
    for (const group of ['alpha', 'zeta', 'admins', 'b-readers'])
      await pool.admin.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: ids.poolId,
          Username: 'member@example.com',
          GroupName: group,
        }),
      )
    for (const claims of await tokens())
      assert.deepEqual(claims['cognito:groups'], ['zeta', 'admins', 'alpha', 'b-readers'])
    const listed = await pool.admin.send(
      new AdminListGroupsForUserCommand({ UserPoolId: ids.poolId, Username: 'member@example.com', Limit: 2 }),
    )
    assert.deepEqual(
      listed.Groups?.map((g) => g.GroupName),
      ['admins', 'alpha'],
    )
    const more = await pool.admin.send(
      new AdminListGroupsForUserCommand({
        UserPoolId: ids.poolId,
        Username: 'member@example.com',
        NextToken: listed.NextToken,
      }),
    )
    assert.deepEqual(
      more.Groups?.map((g) => g.GroupName),
      ['b-readers', 'zeta'],
    )
    const { Users } = await pool.admin.send(
      new ListUsersInGroupCommand({ UserPoolId: ids.poolId, GroupName: 'zeta' }),
    )
    assert.deepEqual(
      Users?.map((u) => u.Username),
      [sub],
    )
    await pool.admin.send(
      new AdminRemoveUserFromGroupCommand({
        UserPoolId: ids.poolId,
        Username: 'member@example.com',
        GroupName: 'zeta',
      }),
    )
    await pool.admin.send(new DeleteGroupCommand({ UserPoolId: ids.poolId, GroupName: 'alpha' }))
    for (const claims of await tokens()) assert.deepEqual(claims['cognito:groups'], ['admins', 'b-readers'])
    await rejectsWith(
      pool.admin.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: ids.poolId,
          Username: 'nobody@example.com',
          GroupName: 'admins',
        }),
      ),
      'UserNotFoundException',
    )
    await rejectsWith(
      pool.admin.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: ids.poolId,
          Username: 'member@example.com',
          GroupName: 'missing',
        }),
      ),
      'ResourceNotFoundException',
    )
  })

  test('refreshed tokens carry the current groups', async () => {
    await confirmedUser(pool, ids, 'refresh-member@example.com')
    const { RefreshToken } = (
      await passwordSignIn(pool, ids.clientId, 'refresh-member@example.com', PASSWORD)
    ).AuthenticationResult!
    await pool.admin.send(
      new AdminAddUserToGroupCommand({
        UserPoolId: ids.poolId,
        Username: 'refresh-member@example.com',
        GroupName: 'admins',
      }),
    )
    const { AuthenticationResult } = await refreshWith(pool, ids.clientId, RefreshToken!)
    assert.deepEqual(decodeJwt(AuthenticationResult!.AccessToken!)['cognito:groups'], ['admins'])
  })
})
