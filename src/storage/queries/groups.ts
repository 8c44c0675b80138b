// Groups and their members.
import type { Kysely } from 'kysely'
import type { GroupRecord, UserRecord } from '../../userpool/index.js'
import type { Database } from '../schema.js'
import { groupRow, toGroup, toUser } from './rows.js'

export async function insertGroup(db: Kysely<Database>, group: GroupRecord): Promise<boolean> {
  const result = await db
    .insertInto('user_groups')
    .values(groupRow(group))
    .onConflict((oc) => oc.columns(['pool_id', 'name']).doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
}

export async function getGroup(
  db: Kysely<Database>,
  poolId: string,
  name: string,
): Promise<GroupRecord | undefined> {
  const row = await db
    .selectFrom('user_groups')
    .selectAll()
    .where('pool_id', '=', poolId)
    .where('name', '=', name)
    .executeTakeFirst()
  return row && toGroup(row)
}

export async function listGroups(
  db: Kysely<Database>,
  poolId: string,
  limit: number,
  after?: string,
): Promise<GroupRecord[]> {
  let query = db
    .selectFrom('user_groups')
    .selectAll()
    .where('pool_id', '=', poolId)
    .orderBy('name')
    .limit(limit)
  if (after !== undefined) query = query.where('name', '>', after)
  return (await query.execute()).map(toGroup)
}

export async function updateGroup(db: Kysely<Database>, group: GroupRecord): Promise<void> {
  const { pool_id, name, created_at: _, ...row } = groupRow(group)
  await db
    .updateTable('user_groups')
    .set(row)
    .where('pool_id', '=', pool_id)
    .where('name', '=', name)
    .execute()
}

export function deleteGroup(db: Kysely<Database>, poolId: string, name: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('group_members')
      .where('pool_id', '=', poolId)
      .where('group_name', '=', name)
      .execute()
    const result = await trx
      .deleteFrom('user_groups')
      .where('pool_id', '=', poolId)
      .where('name', '=', name)
      .executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  })
}

export async function addUserToGroup(
  db: Kysely<Database>,
  poolId: string,
  name: string,
  sub: string,
): Promise<void> {
  await db
    .insertInto('group_members')
    .values({ pool_id: poolId, group_name: name, sub })
    .onConflict((oc) => oc.columns(['pool_id', 'group_name', 'sub']).doNothing())
    .execute()
}

export async function removeUserFromGroup(
  db: Kysely<Database>,
  poolId: string,
  name: string,
  sub: string,
): Promise<void> {
  await db
    .deleteFrom('group_members')
    .where('pool_id', '=', poolId)
    .where('group_name', '=', name)
    .where('sub', '=', sub)
    .execute()
}

export async function listGroupsForUser(
  db: Kysely<Database>,
  poolId: string,
  sub: string,
  limit: number,
  after?: string,
): Promise<GroupRecord[]> {
  let query = db
    .selectFrom('group_members as m')
    .innerJoin('user_groups as g', (join) =>
      join.onRef('g.pool_id', '=', 'm.pool_id').onRef('g.name', '=', 'm.group_name'),
    )
    .selectAll('g')
    .where('m.pool_id', '=', poolId)
    .where('m.sub', '=', sub)
    .orderBy('g.name')
    .limit(limit)
  if (after !== undefined) query = query.where('g.name', '>', after)
  return (await query.execute()).map(toGroup)
}

export async function listUsersInGroup(
  db: Kysely<Database>,
  poolId: string,
  name: string,
  limit: number,
  after?: string,
): Promise<UserRecord[]> {
  let query = db
    .selectFrom('group_members as m')
    .innerJoin('users', (join) =>
      join.onRef('users.pool_id', '=', 'm.pool_id').onRef('users.sub', '=', 'm.sub'),
    )
    .selectAll('users')
    .where('m.pool_id', '=', poolId)
    .where('m.group_name', '=', name)
    .orderBy('users.sub')
    .limit(limit)
  if (after !== undefined) query = query.where('users.sub', '>', after)
  return (await query.execute()).map(toUser)
}
