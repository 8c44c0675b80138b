// UserPoolStore contract, part: Groups and memberships.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type ContractContext, sampleGroup, sampleUser } from './samples.js'

export function groupContract(ctx: ContractContext): void {
  test('groups: unique names, updates, members in both directions, delete with memberships', async () => {
    const pool = await ctx.newPool()
    const user = sampleUser(pool.id, 'member')
    await ctx.store.insertUser(user, ['username:member'])
    const admins = { ...sampleGroup(pool.id, 'admins'), precedence: 1, description: 'd', roleArn: 'r' }
    assert.equal(await ctx.store.insertGroup(admins), true)
    assert.equal(await ctx.store.insertGroup({ ...admins, description: 'other' }), false)
    assert.deepEqual(await ctx.store.getGroup(pool.id, 'admins'), admins)
    assert.equal(await ctx.store.insertGroup(sampleGroup(pool.id, 'readers')), true)
    const updated = { ...admins, precedence: 3, updatedAt: 9 }
    delete (updated as Partial<typeof updated>).roleArn
    await ctx.store.updateGroup(updated)
    assert.deepEqual(await ctx.store.getGroup(pool.id, 'admins'), updated)
    assert.deepEqual(
      (await ctx.store.listGroups(pool.id, 1, 'admins')).map((g) => g.name),
      ['readers'],
    )
    await ctx.store.addUserToGroup(pool.id, 'admins', user.sub)
    await ctx.store.addUserToGroup(pool.id, 'admins', user.sub)
    await ctx.store.addUserToGroup(pool.id, 'readers', user.sub)
    assert.deepEqual(
      (await ctx.store.listGroupsForUser(pool.id, user.sub, 10)).map((g) => g.name),
      ['admins', 'readers'],
    )
    assert.deepEqual(
      (await ctx.store.listUsersInGroup(pool.id, 'admins', 10)).map((u) => u.sub),
      [user.sub],
    )
    await ctx.store.removeUserFromGroup(pool.id, 'readers', user.sub)
    assert.deepEqual(
      (await ctx.store.listGroupsForUser(pool.id, user.sub, 10)).map((g) => g.name),
      ['admins'],
    )
    assert.equal(await ctx.store.deleteGroup(pool.id, 'admins'), true)
    assert.equal(await ctx.store.deleteGroup(pool.id, 'admins'), false)
    assert.deepEqual(await ctx.store.listGroupsForUser(pool.id, user.sub, 10), [])
  })
}
