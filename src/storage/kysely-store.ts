import { type Kysely, type Selectable, sql, type Transaction } from 'kysely'
import type { SigningKey } from '../tokens/index.js'
import {
  type Admission,
  type AuthSessionRecord,
  type ClientRecord,
  type CodePurpose,
  type CodeRecord,
  foldSearchValue,
  type GroupRecord,
  type LockoutSchedule,
  LoginTakenError,
  type PoolRecord,
  type RefreshTokenRecord,
  searchValues,
  type UserChanges,
  type UserPoolStore,
  type UserQuery,
  type UserRecord,
  type UserStatus,
} from '../userpool/index.js'
import type { Database } from './schema.js'

/** How an adapter recognises a unique-key violation and a store outage in its driver's errors. */
export interface DriverErrors {
  isUniqueViolation(error: unknown): boolean
  /** Maps outages (locked, disk full, connection lost) to StoreUnavailableError; returns others unchanged. */
  translate(error: unknown): unknown
}

type Db = Kysely<Database> | Transaction<Database>

/**
 * The user pool store over Kysely. The SQL is portable, so the SQLite and PostgreSQL adapters
 * share this class and differ only in their driver and error mapping.
 */
export class KyselyUserPoolStore implements UserPoolStore {
  readonly #db: Kysely<Database>
  readonly #driver: DriverErrors

  constructor(db: Kysely<Database>, driver: DriverErrors) {
    this.#db = db
    this.#driver = driver
  }

  async #run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (error) {
      throw this.#driver.translate(error)
    }
  }

  insertPool(pool: PoolRecord, keys: readonly SigningKey[]): Promise<void> {
    return this.#run(() =>
      this.#db.transaction().execute(async (trx) => {
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
      }),
    )
  }

  getPool(id: string): Promise<PoolRecord | undefined> {
    return this.#run(async () => {
      const row = await this.#db.selectFrom('user_pools').selectAll().where('id', '=', id).executeTakeFirst()
      return row && toPool(row)
    })
  }

  listPools(limit: number, after?: string): Promise<PoolRecord[]> {
    return this.#run(async () => {
      let query = this.#db.selectFrom('user_pools').selectAll().orderBy('id').limit(limit)
      if (after !== undefined) query = query.where('id', '>', after)
      return (await query.execute()).map(toPool)
    })
  }

  updatePool(pool: PoolRecord): Promise<void> {
    return this.#run(async () => {
      await this.#db
        .updateTable('user_pools')
        .set({ name: pool.name, settings: JSON.stringify(pool.settings), updated_at: pool.updatedAt })
        .where('id', '=', pool.id)
        .execute()
    })
  }

  deletePool(id: string): Promise<boolean> {
    return this.#run(() =>
      this.#db.transaction().execute(async (trx) => {
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
        ] as const)
          await trx.deleteFrom(table).where('pool_id', '=', id).execute()
        await trx.deleteFrom('users').where('pool_id', '=', id).execute()
        await trx.deleteFrom('user_pool_clients').where('pool_id', '=', id).execute()
        await trx.deleteFrom('signing_keys').where('pool_id', '=', id).execute()
        const result = await trx.deleteFrom('user_pools').where('id', '=', id).executeTakeFirst()
        return Number(result.numDeletedRows) > 0
      }),
    )
  }

  countUsers(poolId: string): Promise<number> {
    return this.#run(async () => {
      const row = await this.#db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('pool_id', '=', poolId)
        .executeTakeFirstOrThrow()
      return Number(row.n)
    })
  }

  getSigningKeys(poolId: string): Promise<SigningKey[]> {
    return this.#run(async () => {
      const rows = await this.#db
        .selectFrom('signing_keys')
        .selectAll()
        .where('pool_id', '=', poolId)
        .execute()
      return rows.map((r) => ({
        kid: r.kid,
        use: r.use as SigningKey['use'],
        privateJwk: JSON.parse(r.private_jwk),
        createdAt: Number(r.created_at),
      }))
    })
  }

  insertClient(client: ClientRecord): Promise<void> {
    return this.#run(async () => {
      await this.#db.insertInto('user_pool_clients').values(clientRow(client)).execute()
    })
  }

  getClient(id: string): Promise<ClientRecord | undefined> {
    return this.#run(async () => {
      const row = await this.#db
        .selectFrom('user_pool_clients')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst()
      return row && toClient(row)
    })
  }

  listClients(poolId: string, limit: number, after?: string): Promise<ClientRecord[]> {
    return this.#run(async () => {
      let query = this.#db
        .selectFrom('user_pool_clients')
        .selectAll()
        .where('pool_id', '=', poolId)
        .orderBy('id')
        .limit(limit)
      if (after !== undefined) query = query.where('id', '>', after)
      return (await query.execute()).map(toClient)
    })
  }

  updateClient(client: ClientRecord): Promise<void> {
    return this.#run(async () => {
      const { id, ...row } = clientRow(client)
      await this.#db.updateTable('user_pool_clients').set(row).where('id', '=', id).execute()
    })
  }

  deleteClient(id: string): Promise<boolean> {
    return this.#run(() =>
      this.#db.transaction().execute(async (trx) => {
        await trx.deleteFrom('refresh_tokens').where('client_id', '=', id).execute()
        const result = await trx.deleteFrom('user_pool_clients').where('id', '=', id).executeTakeFirst()
        return Number(result.numDeletedRows) > 0
      }),
    )
  }

  insertUser(user: UserRecord, logins: readonly string[], code?: CodeRecord): Promise<void> {
    return this.#run(() =>
      this.#db.transaction().execute(async (trx) => {
        await trx.insertInto('users').values(userRow(user)).execute()
        await this.#addLogins(trx, user, logins)
        await this.#index(trx, user)
        if (code) await trx.insertInto('codes').values(codeRow(code)).execute()
      }),
    )
  }

  /** Rewrites the user's searchable values (ListUsers filters on them). */
  async #index(trx: Db, user: UserRecord): Promise<void> {
    await trx
      .deleteFrom('user_search')
      .where('pool_id', '=', user.poolId)
      .where('sub', '=', user.sub)
      .execute()
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
  async #addLogins(trx: Db, user: UserRecord, logins: readonly string[]): Promise<void> {
    for (const login of logins) {
      try {
        await trx.insertInto('user_logins').values({ pool_id: user.poolId, login, sub: user.sub }).execute()
      } catch (error) {
        if (this.#driver.isUniqueViolation(error)) throw new LoginTakenError(login)
        throw error
      }
    }
  }

  findUserByLogin(poolId: string, login: string): Promise<UserRecord | undefined> {
    return this.#run(async () => {
      const row = await this.#db
        .selectFrom('user_logins')
        .innerJoin('users', (join) =>
          join.onRef('users.pool_id', '=', 'user_logins.pool_id').onRef('users.sub', '=', 'user_logins.sub'),
        )
        .selectAll('users')
        .where('user_logins.pool_id', '=', poolId)
        .where('user_logins.login', '=', login)
        .executeTakeFirst()
      return row && toUser(row)
    })
  }

  getUser(poolId: string, sub: string): Promise<UserRecord | undefined> {
    return this.#run(async () => {
      const row = await this.#db
        .selectFrom('users')
        .selectAll()
        .where('pool_id', '=', poolId)
        .where('sub', '=', sub)
        .executeTakeFirst()
      return row && toUser(row)
    })
  }

  saveUser(user: UserRecord, changes: UserChanges = {}): Promise<void> {
    return this.#run(() =>
      this.#db.transaction().execute(async (trx) => {
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
        for (const code of changes.putCodes ?? []) await this.#putCode(trx, code)
        if (changes.revokeTokensAt !== undefined)
          await trx
            .updateTable('refresh_tokens')
            .set({ revoked_at: changes.revokeTokensAt })
            .where('pool_id', '=', pool_id)
            .where('sub', '=', sub)
            .where('revoked_at', 'is', null)
            .execute()
        await trx
          .updateTable('users')
          .set(row)
          .where('pool_id', '=', pool_id)
          .where('sub', '=', sub)
          .execute()
        await this.#index(trx, user)
        // Last, so a taken login (the only expected failure) rolls back every write above.
        if (changes.addLogins?.length) await this.#addLogins(trx, user, changes.addLogins)
      }),
    )
  }

  deleteUser(poolId: string, sub: string): Promise<boolean> {
    return this.#run(() =>
      this.#db.transaction().execute(async (trx) => {
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
      }),
    )
  }

  listUsers(poolId: string, query: UserQuery): Promise<UserRecord[]> {
    return this.#run(async () => {
      let select = this.#db
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
    })
  }

  putCode(code: CodeRecord): Promise<void> {
    return this.#run(() => this.#putCode(this.#db, code))
  }

  async #putCode(db: Db, code: CodeRecord): Promise<void> {
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

  getCode(poolId: string, sub: string, purpose: CodePurpose): Promise<CodeRecord | undefined> {
    return this.#run(async () => {
      const row = await this.#db
        .selectFrom('codes')
        .selectAll()
        .where('pool_id', '=', poolId)
        .where('sub', '=', sub)
        .where('purpose', '=', purpose)
        .executeTakeFirst()
      return (
        row && {
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
      )
    })
  }

  countCodeFailure(poolId: string, sub: string, purpose: CodePurpose): Promise<number> {
    return this.#run(async () => {
      const row = await this.#db
        .updateTable('codes')
        .set((eb) => ({ failures: eb('failures', '+', 1) }))
        .where('pool_id', '=', poolId)
        .where('sub', '=', sub)
        .where('purpose', '=', purpose)
        .returning('failures')
        .executeTakeFirst()
      return row ? Number(row.failures) : Number.POSITIVE_INFINITY
    })
  }

  insertRefreshToken(token: RefreshTokenRecord, clearFailuresKey?: string): Promise<void> {
    const insert = (db: Db) =>
      db
        .insertInto('refresh_tokens')
        .values({
          hash: token.hash,
          pool_id: token.poolId,
          client_id: token.clientId,
          sub: token.sub,
          origin_jti: token.originJti,
          auth_time: token.authTime,
          scope: token.scope,
          expires_at: token.expiresAt,
          revoked_at: token.revokedAt,
        })
        .execute()
    if (clearFailuresKey === undefined) return this.#run(async () => void (await insert(this.#db)))
    return this.#run(() =>
      this.#db.transaction().execute(async (trx) => {
        await insert(trx)
        await this.#clearFailures(trx, token.poolId, clearFailuresKey)
      }),
    )
  }

  getRefreshToken(hash: string): Promise<RefreshTokenRecord | undefined> {
    return this.#run(async () => {
      const r = await this.#db
        .selectFrom('refresh_tokens')
        .selectAll()
        .where('hash', '=', hash)
        .executeTakeFirst()
      return (
        r && {
          hash: r.hash,
          poolId: r.pool_id,
          clientId: r.client_id,
          sub: r.sub,
          originJti: r.origin_jti,
          authTime: Number(r.auth_time),
          scope: r.scope,
          expiresAt: Number(r.expires_at),
          revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
        }
      )
    })
  }

  revokeRefreshToken(hash: string, at: number): Promise<boolean> {
    return this.#run(async () => {
      const result = await this.#db
        .updateTable('refresh_tokens')
        .set({ revoked_at: at })
        .where('hash', '=', hash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) > 0
    })
  }

  signOutUser(poolId: string, sub: string, at: number): Promise<void> {
    return this.#run(() =>
      this.#db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ signed_out_at: at })
          .where('pool_id', '=', poolId)
          .where('sub', '=', sub)
          .execute()
        await trx
          .updateTable('refresh_tokens')
          .set({ revoked_at: at })
          .where('pool_id', '=', poolId)
          .where('sub', '=', sub)
          .where('revoked_at', 'is', null)
          .execute()
      }),
    )
  }

  isOriginRevoked(poolId: string, originJti: string): Promise<boolean> {
    return this.#run(async () => {
      const row = await this.#db
        .selectFrom('refresh_tokens')
        .select('hash')
        .where('pool_id', '=', poolId)
        .where('origin_jti', '=', originJti)
        .where('revoked_at', 'is not', null)
        .executeTakeFirst()
      return row !== undefined
    })
  }

  insertAuthSession(session: AuthSessionRecord): Promise<void> {
    return this.#run(async () => {
      await this.#db
        .insertInto('auth_sessions')
        .values({
          hash: session.hash,
          pool_id: session.poolId,
          client_id: session.clientId,
          sub: session.sub,
          challenge: session.challenge,
          state: session.state,
          expires_at: session.expiresAt,
          used_at: session.usedAt,
          lock_key: session.lockKey,
        })
        .execute()
    })
  }

  takeAuthSession(
    hash: string,
    at: number,
    schedule: LockoutSchedule,
  ): Promise<{ session: AuthSessionRecord; firstUse: boolean; admission?: Admission } | undefined> {
    return this.#run(() =>
      this.#db.transaction().execute(async (trx) => {
        // One conditional UPDATE: of concurrent takers exactly one sees the row change.
        const taken = await trx
          .updateTable('auth_sessions')
          .set({ used_at: at })
          .where('hash', '=', hash)
          .where('used_at', 'is', null)
          .returningAll()
          .executeTakeFirst()
        if (taken) {
          const session = toSession(taken)
          if (session.lockKey === null || at >= session.expiresAt) return { session, firstUse: true }
          const admission = await this.#admit(trx, session.poolId, session.lockKey, at, schedule)
          return { session, firstUse: true, admission }
        }
        const seen = await trx
          .selectFrom('auth_sessions')
          .selectAll()
          .where('hash', '=', hash)
          .executeTakeFirst()
        return seen && { session: toSession(seen), firstUse: false }
      }),
    )
  }

  admitSignIn(poolId: string, key: string, now: number, schedule: LockoutSchedule): Promise<Admission> {
    return this.#run(() => this.#admit(this.#db, poolId, key, now, schedule))
  }

  /** The check-and-increment as one statement: an upsert whose update only happens when not locked. */
  async #admit(
    db: Db,
    poolId: string,
    key: string,
    now: number,
    schedule: LockoutSchedule,
  ): Promise<Admission> {
    const current = sql.ref('sign_in_failures.failures')
    const last = sql.ref('sign_in_failures.last_attempt_at')
    const next = sql<number>`(case when ${last} <= cast(${now - schedule.idleMs} as bigint) then 1 else ${current} + 1 end)`
    // The schedule as a CASE over the new count: check and increment stay one statement.
    const lockAfter = (count: typeof next) =>
      sql<number>`cast(${now} as bigint) + (case ${sql.join(
        schedule.lockMs.slice(0, -1).map((ms, i) => sql`when ${count} = ${i + 1} then cast(${ms} as bigint)`),
        sql` `,
      )} else cast(${schedule.lockMs.at(-1) ?? 0} as bigint) end)`
    const row = await db
      .insertInto('sign_in_failures')
      .values({
        pool_id: poolId,
        key,
        failures: 1,
        locked_until: now + (schedule.lockMs[0] ?? 0),
        last_attempt_at: now,
      })
      .onConflict((oc) =>
        oc
          .columns(['pool_id', 'key'])
          .doUpdateSet({ failures: next, locked_until: lockAfter(next), last_attempt_at: now })
          .where(sql<boolean>`${sql.ref('sign_in_failures.locked_until')} <= cast(${now} as bigint)`),
      )
      .returning('failures')
      .executeTakeFirst()
    return row ? { admitted: true, failures: Number(row.failures) } : { admitted: false }
  }

  clearSignInFailures(poolId: string, key: string): Promise<void> {
    return this.#run(() => this.#clearFailures(this.#db, poolId, key))
  }

  async #clearFailures(db: Db, poolId: string, key: string): Promise<void> {
    await db.deleteFrom('sign_in_failures').where('pool_id', '=', poolId).where('key', '=', key).execute()
  }

  purgeExpired(now: number, idleMs: number): Promise<void> {
    return this.#run(async () => {
      await this.#db.deleteFrom('auth_sessions').where('expires_at', '<', now).execute()
      await this.#db
        .deleteFrom('sign_in_failures')
        .where('last_attempt_at', '<=', now - idleMs)
        .where('locked_until', '<=', now)
        .execute()
    })
  }

  insertGroup(group: GroupRecord): Promise<boolean> {
    return this.#run(async () => {
      const result = await this.#db
        .insertInto('user_groups')
        .values(groupRow(group))
        .onConflict((oc) => oc.columns(['pool_id', 'name']).doNothing())
        .executeTakeFirst()
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
    })
  }

  getGroup(poolId: string, name: string): Promise<GroupRecord | undefined> {
    return this.#run(async () => {
      const row = await this.#db
        .selectFrom('user_groups')
        .selectAll()
        .where('pool_id', '=', poolId)
        .where('name', '=', name)
        .executeTakeFirst()
      return row && toGroup(row)
    })
  }

  listGroups(poolId: string, limit: number, after?: string): Promise<GroupRecord[]> {
    return this.#run(async () => {
      let query = this.#db
        .selectFrom('user_groups')
        .selectAll()
        .where('pool_id', '=', poolId)
        .orderBy('name')
        .limit(limit)
      if (after !== undefined) query = query.where('name', '>', after)
      return (await query.execute()).map(toGroup)
    })
  }

  updateGroup(group: GroupRecord): Promise<void> {
    return this.#run(async () => {
      const { pool_id, name, created_at: _, ...row } = groupRow(group)
      await this.#db
        .updateTable('user_groups')
        .set(row)
        .where('pool_id', '=', pool_id)
        .where('name', '=', name)
        .execute()
    })
  }

  deleteGroup(poolId: string, name: string): Promise<boolean> {
    return this.#run(() =>
      this.#db.transaction().execute(async (trx) => {
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
      }),
    )
  }

  addUserToGroup(poolId: string, name: string, sub: string): Promise<void> {
    return this.#run(async () => {
      await this.#db
        .insertInto('group_members')
        .values({ pool_id: poolId, group_name: name, sub })
        .onConflict((oc) => oc.columns(['pool_id', 'group_name', 'sub']).doNothing())
        .execute()
    })
  }

  removeUserFromGroup(poolId: string, name: string, sub: string): Promise<void> {
    return this.#run(async () => {
      await this.#db
        .deleteFrom('group_members')
        .where('pool_id', '=', poolId)
        .where('group_name', '=', name)
        .where('sub', '=', sub)
        .execute()
    })
  }

  listGroupsForUser(poolId: string, sub: string, limit: number, after?: string): Promise<GroupRecord[]> {
    return this.#run(async () => {
      let query = this.#db
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
    })
  }

  listUsersInGroup(poolId: string, name: string, limit: number, after?: string): Promise<UserRecord[]> {
    return this.#run(async () => {
      let query = this.#db
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
    })
  }

  secret(name: string, create: () => string): Promise<string> {
    return this.#run(async () => {
      await this.#db
        .insertInto('meta')
        .values({ name, value: create() })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute()
      const row = await this.#db
        .selectFrom('meta')
        .select('value')
        .where('name', '=', name)
        .executeTakeFirstOrThrow()
      return row.value
    })
  }
}

function poolRow(pool: PoolRecord) {
  return {
    id: pool.id,
    name: pool.name,
    settings: JSON.stringify(pool.settings),
    created_at: pool.createdAt,
    updated_at: pool.updatedAt,
  }
}

function toPool(row: Selectable<Database['user_pools']>): PoolRecord {
  return {
    id: row.id,
    name: row.name,
    settings: JSON.parse(row.settings),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

function clientRow(client: ClientRecord) {
  return {
    id: client.id,
    pool_id: client.poolId,
    name: client.name,
    secret: client.secret ?? null,
    settings: JSON.stringify(client.settings),
    created_at: client.createdAt,
    updated_at: client.updatedAt,
  }
}

function toClient(row: Selectable<Database['user_pool_clients']>): ClientRecord {
  return {
    id: row.id,
    poolId: row.pool_id,
    name: row.name,
    ...(row.secret !== null ? { secret: row.secret } : {}),
    settings: JSON.parse(row.settings),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

function userRow(user: UserRecord) {
  return {
    pool_id: user.poolId,
    sub: user.sub,
    username: user.username,
    status: user.status,
    enabled: user.enabled ? 1 : 0,
    password_hash: user.passwordHash,
    attributes: JSON.stringify(user.attributes),
    created_at: user.createdAt,
    updated_at: user.updatedAt,
    srp_verifier: user.srpVerifier,
    password_set_at: user.passwordSetAt,
    signed_out_at: user.signedOutAt,
  }
}

function toUser(row: Selectable<Database['users']>): UserRecord {
  return {
    poolId: row.pool_id,
    sub: row.sub,
    username: row.username,
    status: row.status as UserStatus,
    enabled: Number(row.enabled) === 1,
    passwordHash: row.password_hash,
    srpVerifier: row.srp_verifier,
    passwordSetAt: row.password_set_at === null ? null : Number(row.password_set_at),
    signedOutAt: row.signed_out_at === null ? null : Number(row.signed_out_at),
    attributes: JSON.parse(row.attributes),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

function codeRow(code: CodeRecord) {
  return {
    pool_id: code.poolId,
    sub: code.sub,
    purpose: code.purpose,
    hash: code.hash,
    expires_at: code.expiresAt,
    failures: code.failures,
    window_start: code.windowStart,
    sends: code.sends,
    pending_value: code.pendingValue ?? null,
  }
}

function toSession(row: Selectable<Database['auth_sessions']>): AuthSessionRecord {
  return {
    hash: row.hash,
    poolId: row.pool_id,
    clientId: row.client_id,
    sub: row.sub,
    challenge: row.challenge,
    state: row.state,
    expiresAt: Number(row.expires_at),
    usedAt: row.used_at === null ? null : Number(row.used_at),
    lockKey: row.lock_key,
  }
}

function groupRow(group: GroupRecord) {
  return {
    pool_id: group.poolId,
    name: group.name,
    description: group.description ?? null,
    role_arn: group.roleArn ?? null,
    precedence: group.precedence ?? null,
    created_at: group.createdAt,
    updated_at: group.updatedAt,
  }
}

function toGroup(row: Selectable<Database['user_groups']>): GroupRecord {
  return {
    poolId: row.pool_id,
    name: row.name,
    ...(row.description !== null ? { description: row.description } : {}),
    ...(row.role_arn !== null ? { roleArn: row.role_arn } : {}),
    ...(row.precedence !== null ? { precedence: Number(row.precedence) } : {}),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}
