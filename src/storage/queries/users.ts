// Users with their login keys, searchable values and codes.
import { type Kysely, type Selectable, sql } from 'kysely'
import {
  type CodePurpose,
  type CodeRecord,
  foldSearchValue,
  LoginTakenError,
  searchValues,
  type UserChanges,
  type UserQuery,
  type UserRecord,
} from '../../userpool/index.js'
import type { Database } from '../schema.js'
import type { Db, DriverErrors } from './db.js'
import { codeRow, toUser, userRow } from './rows.js'

export function insertUser(
  db: Kysely<Database>,
  driver: DriverErrors,
  user: UserRecord,
  logins: readonly string[],
  code?: CodeRecord,
): Promise<void> {
  return db.transaction().execute(async (trx) => {
    await trx.insertInto('users').values(userRow(user)).execute()
    await addLogins(trx, driver, user, logins)
    await indexUser(trx, user)
    if (code) await trx.insertInto('codes').values(codeRow(code)).execute()
  })
}

/** Rewrites the user's searchable values (ListUsers filters on them). */
async function indexUser(trx: Db, user: UserRecord): Promise<void> {
  await trx.deleteFrom('user_search').where('pool_id', '=', user.poolId).where('sub', '=', user.sub).execute()
  const rows = searchValues(user).map(({ attribute, value }) => ({
    pool_id: user.poolId,
    sub: user.sub,
    attribute,
    value,
    folded: foldSearchValue(value),
  }))
  if (rows.length > 0) await trx.insertInto('user_search').values(rows).execute()
}

/** A taken login throws inside the transaction, so nothing of the write survives. */
async function addLogins(
  trx: Db,
  driver: DriverErrors,
  user: UserRecord,
  logins: readonly string[],
): Promise<void> {
  for (const login of logins) {
    try {
      await trx.insertInto('user_logins').values({ pool_id: user.poolId, login, sub: user.sub }).execute()
    } catch (error) {
      if (driver.isUniqueViolation(error)) throw new LoginTakenError(login)
      throw error
    }
  }
}

export async function findUserByLogin(
  db: Kysely<Database>,
  poolId: string,
  login: string,
): Promise<UserRecord | undefined> {
  const row = await db
    .selectFrom('user_logins')
    .innerJoin('users', (join) =>
      join.onRef('users.pool_id', '=', 'user_logins.pool_id').onRef('users.sub', '=', 'user_logins.sub'),
    )
    .selectAll('users')
    .where('user_logins.pool_id', '=', poolId)
    .where('user_logins.login', '=', login)
    .executeTakeFirst()
  return row && toUser(row)
}

export async function getUser(
  db: Kysely<Database>,
  poolId: string,
  sub: string,
): Promise<UserRecord | undefined> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('pool_id', '=', poolId)
    .where('sub', '=', sub)
    .executeTakeFirst()
  return row && toUser(row)
}

export function saveUser(
  db: Kysely<Database>,
  driver: DriverErrors,
  user: UserRecord,
  changes: UserChanges = {},
): Promise<void> {
  return db.transaction().execute(async (trx) => {
    const { pool_id, sub, ...row } = userRow(user)
    if (changes.removeLogins?.length)
      await trx
        .deleteFrom('user_logins')
        .where('pool_id', '=', pool_id)
        .where('sub', '=', sub)
        .where('login', 'in', [...changes.removeLogins])
        .execute()
    if (changes.deleteCodes?.length)
      await trx
        .deleteFrom('codes')
        .where('pool_id', '=', pool_id)
        .where('sub', '=', sub)
        .where('purpose', 'in', [...changes.deleteCodes])
        .execute()
    for (const code of changes.putCodes ?? []) await upsertCode(trx, code)
    if (changes.revokeTokensAt !== undefined)
      await trx
        .updateTable('refresh_tokens')
        .set({ revoked_at: changes.revokeTokensAt })
        .where('pool_id', '=', pool_id)
        .where('sub', '=', sub)
        .where('revoked_at', 'is', null)
        .execute()
    await trx.updateTable('users').set(row).where('pool_id', '=', pool_id).where('sub', '=', sub).execute()
    await indexUser(trx, user)
    // Last, so a taken login (the only expected failure) rolls back every write above.
    if (changes.addLogins?.length) await addLogins(trx, driver, user, changes.addLogins)
  })
}

export function deleteUser(db: Kysely<Database>, poolId: string, sub: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    for (const table of [
      'refresh_tokens',
      'codes',
      'user_logins',
      'group_members',
      'user_search',
      'auth_sessions',
    ] as const)
      await trx.deleteFrom(table).where('pool_id', '=', poolId).where('sub', '=', sub).execute()
    await trx
      .deleteFrom('sign_in_failures')
      .where('pool_id', '=', poolId)
      .where('key', '=', `sub:${sub}`)
      .execute()
    const result = await trx
      .deleteFrom('users')
      .where('pool_id', '=', poolId)
      .where('sub', '=', sub)
      .executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  })
}

export async function listUsers(
  db: Kysely<Database>,
  poolId: string,
  query: UserQuery,
): Promise<UserRecord[]> {
  let select = db
    .selectFrom('users')
    .selectAll('users')
    .where('users.pool_id', '=', poolId)
    .orderBy('users.sub')
    .limit(query.limit)
  if (query.after !== undefined) select = select.where('users.sub', '>', query.after)
  const filter = query.filter
  if (filter) {
    const column = sql.ref(filter.folded ? 's.folded' : 's.value')
    const wanted = filter.folded ? foldSearchValue(filter.value) : filter.value
    // A prefix is compared with substr, not LIKE, so no character in it has a meaning (security.md C60).
    const match = filter.prefix
      ? sql<boolean>`substr(${column}, 1, cast(${[...wanted].length} as integer)) = ${wanted}`
      : sql<boolean>`${column} = ${wanted}`
    select = select.where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_search as s')
          .select('s.sub')
          .whereRef('s.pool_id', '=', 'users.pool_id')
          .whereRef('s.sub', '=', 'users.sub')
          .where('s.attribute', '=', filter.attribute)
          .where(match),
      ),
    )
  }
  return (await select.execute()).map(toUser)
}

export function putCode(db: Kysely<Database>, code: CodeRecord): Promise<void> {
  return upsertCode(db, code)
}

/** Replaces the user's code of that purpose. */
async function upsertCode(db: Db, code: CodeRecord): Promise<void> {
  const row = codeRow(code)
  await db
    .insertInto('codes')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['pool_id', 'sub', 'purpose']).doUpdateSet({
        pending_value: row.pending_value,
        hash: row.hash,
        expires_at: row.expires_at,
        failures: row.failures,
        window_start: row.window_start,
        sends: row.sends,
      }),
    )
    .execute()
}

export async function getCode(
  db: Kysely<Database>,
  poolId: string,
  sub: string,
  purpose: CodePurpose,
): Promise<CodeRecord | undefined> {
  const row = await db
    .selectFrom('codes')
    .selectAll()
    .where('pool_id', '=', poolId)
    .where('sub', '=', sub)
    .where('purpose', '=', purpose)
    .executeTakeFirst()
  return row && toCode(row)
}

export async function reserveCodeAttempt(
  db: Kysely<Database>,
  poolId: string,
  sub: string,
  purpose: CodePurpose,
  maxAttempts: number,
): Promise<CodeRecord | undefined> {
  const row = await db
    .updateTable('codes')
    .set((eb) => ({ failures: eb('failures', '+', 1) }))
    .where('pool_id', '=', poolId)
    .where('sub', '=', sub)
    .where('purpose', '=', purpose)
    .where('failures', '<', maxAttempts)
    .returningAll()
    .executeTakeFirst()
  return row && toCode(row)
}

export async function reserveCodeSend(
  db: Kysely<Database>,
  poolId: string,
  sub: string,
  purpose: CodePurpose,
  limit: { now: number; windowMs: number; maxSends: number },
): Promise<{ windowStart: number; sends: number } | undefined> {
  const over = limit.now - limit.windowMs
  const row = await db
    .updateTable('codes')
    .set((eb) => ({
      sends: eb
        .case()
        .when('window_start', '<=', over)
        .then(1)
        .else(eb('sends', '+', 1))
        .end(),
      window_start: eb
        .case()
        .when('window_start', '<=', over)
        .then(limit.now)
        .else(eb.ref('window_start'))
        .end(),
    }))
    .where('pool_id', '=', poolId)
    .where('sub', '=', sub)
    .where('purpose', '=', purpose)
    .where((eb) => eb.or([eb('window_start', '<=', over), eb('sends', '<', limit.maxSends)]))
    .returning(['window_start', 'sends'])
    .executeTakeFirst()
  if (row) return { windowStart: Number(row.window_start), sends: Number(row.sends) }
  const exists = await getCode(db, poolId, sub, purpose)
  return exists ? undefined : { windowStart: limit.now, sends: 1 }
}

function toCode(row: Selectable<Database['codes']>): CodeRecord {
  return {
    poolId: row.pool_id,
    sub: row.sub,
    purpose: row.purpose as CodePurpose,
    ...(row.pending_value !== null ? { pendingValue: row.pending_value } : {}),
    hash: row.hash,
    expiresAt: Number(row.expires_at),
    failures: Number(row.failures),
    windowStart: Number(row.window_start),
    sends: Number(row.sends),
  }
}
