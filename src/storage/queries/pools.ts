// Pools with their signing keys, app clients, and per-install secrets.
import type { Kysely } from 'kysely'
import type { SigningKey } from '../../tokens/index.js'
import type { ClientRecord, PoolRecord } from '../../userpool/index.js'
import type { Database } from '../schema.js'
import { clientRow, poolRow, toClient, toPool } from './rows.js'

export function insertPool(
  db: Kysely<Database>,
  pool: PoolRecord,
  keys: readonly SigningKey[],
): Promise<void> {
  return db.transaction().execute(async (trx) => {
    await trx.insertInto('user_pools').values(poolRow(pool)).execute()
    for (const key of keys)
      await trx
        .insertInto('signing_keys')
        .values({
          kid: key.kid,
          pool_id: pool.id,
          use: key.use,
          private_jwk: JSON.stringify(key.privateJwk),
          created_at: key.createdAt,
        })
        .execute()
  })
}

export async function getPool(db: Kysely<Database>, id: string): Promise<PoolRecord | undefined> {
  const row = await db.selectFrom('user_pools').selectAll().where('id', '=', id).executeTakeFirst()
  return row && toPool(row)
}

export async function listPools(db: Kysely<Database>, limit: number, after?: string): Promise<PoolRecord[]> {
  let query = db.selectFrom('user_pools').selectAll().orderBy('id').limit(limit)
  if (after !== undefined) query = query.where('id', '>', after)
  return (await query.execute()).map(toPool)
}

export async function updatePool(db: Kysely<Database>, pool: PoolRecord): Promise<void> {
  await db
    .updateTable('user_pools')
    .set({ name: pool.name, settings: JSON.stringify(pool.settings), updated_at: pool.updatedAt })
    .where('id', '=', pool.id)
    .execute()
}

export function deletePool(db: Kysely<Database>, id: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    // Explicit deletes in dependency order, so the result does not rely on cascade settings.
    for (const table of [
      'refresh_tokens',
      'codes',
      'user_logins',
      'group_members',
      'user_search',
      'auth_sessions',
      'sign_in_failures',
      'user_groups',
      'resource_servers',
      'authorization_codes',
      'login_sessions',
    ] as const)
      await trx.deleteFrom(table).where('pool_id', '=', id).execute()
    await trx.deleteFrom('users').where('pool_id', '=', id).execute()
    await trx.deleteFrom('user_pool_clients').where('pool_id', '=', id).execute()
    await trx.deleteFrom('signing_keys').where('pool_id', '=', id).execute()
    const result = await trx.deleteFrom('user_pools').where('id', '=', id).executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  })
}

export async function countUsers(db: Kysely<Database>, poolId: string): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('pool_id', '=', poolId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function getSigningKeys(db: Kysely<Database>, poolId: string): Promise<SigningKey[]> {
  const rows = await db.selectFrom('signing_keys').selectAll().where('pool_id', '=', poolId).execute()
  return rows.map((r) => ({
    kid: r.kid,
    use: r.use as SigningKey['use'],
    privateJwk: JSON.parse(r.private_jwk),
    createdAt: Number(r.created_at),
  }))
}

export async function insertClient(db: Kysely<Database>, client: ClientRecord): Promise<void> {
  await db.insertInto('user_pool_clients').values(clientRow(client)).execute()
}

export async function getClient(db: Kysely<Database>, id: string): Promise<ClientRecord | undefined> {
  const row = await db.selectFrom('user_pool_clients').selectAll().where('id', '=', id).executeTakeFirst()
  return row && toClient(row)
}

export async function listClients(
  db: Kysely<Database>,
  poolId: string,
  limit: number,
  after?: string,
): Promise<ClientRecord[]> {
  let query = db
    .selectFrom('user_pool_clients')
    .selectAll()
    .where('pool_id', '=', poolId)
    .orderBy('id')
    .limit(limit)
  if (after !== undefined) query = query.where('id', '>', after)
  return (await query.execute()).map(toClient)
}

export async function updateClient(db: Kysely<Database>, client: ClientRecord): Promise<void> {
  const { id, ...row } = clientRow(client)
  await db.updateTable('user_pool_clients').set(row).where('id', '=', id).execute()
}

export function deleteClient(db: Kysely<Database>, id: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('refresh_tokens').where('client_id', '=', id).execute()
    const result = await trx.deleteFrom('user_pool_clients').where('id', '=', id).executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  })
}

export async function secret(db: Kysely<Database>, name: string, create: () => string): Promise<string> {
  await db
    .insertInto('meta')
    .values({ name, value: create() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute()
  const row = await db.selectFrom('meta').select('value').where('name', '=', name).executeTakeFirstOrThrow()
  return row.value
}
