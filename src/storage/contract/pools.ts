// UserPoolStore contract, part: Pools, clients and per-install secrets.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type ContractContext, sampleClient, sampleUser } from './samples.js'

export function poolContract(ctx: ContractContext): void {
  test('pools round-trip, list in id order with a cursor, and delete with everything in them', async () => {
    const a = await ctx.newPool()
    const b = await ctx.newPool()
    assert.deepEqual(await ctx.store.getPool(a.id), a)
    assert.equal((await ctx.store.getSigningKeys(a.id)).length, 2)
    const first = await ctx.store.listPools(1, a.id)
    assert.equal(first[0]?.id, b.id)
    const client = sampleClient(a.id, `c${ctx.serial}`)
    await ctx.store.insertClient(client)
    await ctx.store.insertUser(sampleUser(a.id, 'u1'), ['username:u1'])
    assert.equal(await ctx.store.countUsers(a.id), 1)
    assert.equal(await ctx.store.deletePool(a.id), true)
    assert.equal(await ctx.store.getPool(a.id), undefined)
    assert.equal(await ctx.store.getClient(client.id), undefined)
    assert.equal(await ctx.store.findUserByLogin(a.id, 'username:u1'), undefined)
    assert.deepEqual(await ctx.store.getSigningKeys(a.id), [])
    assert.equal(await ctx.store.deletePool(a.id), false)
  })

  test('clients round-trip, update and delete', async () => {
    const pool = await ctx.newPool()
    const client = sampleClient(pool.id, `cl${ctx.serial}`)
    await ctx.store.insertClient(client)
    assert.deepEqual(await ctx.store.getClient(client.id), client)
    const updated = { ...client, name: 'renamed', updatedAt: 5 }
    await ctx.store.updateClient(updated)
    assert.deepEqual(await ctx.store.getClient(client.id), updated)
    assert.deepEqual(
      (await ctx.store.listClients(pool.id, 10)).map((c) => c.id),
      [client.id],
    )
    assert.equal(await ctx.store.deleteClient(client.id), true)
    assert.equal(await ctx.store.getClient(client.id), undefined)
  })

  test('secrets are created once and stable under concurrency', async () => {
    const values = await Promise.all(
      Array.from({ length: 5 }, (_, i) => ctx.store.secret(`s${ctx.serial}`, () => `v${i}`)),
    )
    assert.equal(new Set(values).size, 1)
    assert.equal(await ctx.store.secret(`s${ctx.serial}`, () => 'other'), values[0])
  })
}
