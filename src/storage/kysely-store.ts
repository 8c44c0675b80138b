import type { Kysely, Selectable, Transaction } from 'kysely'
import type { SigningKey } from '../tokens/index.js'
import {
  type ClientRecord,
  type CodePurpose,
  type CodeRecord,
  LoginTakenError,
  type PoolRecord,
  type RefreshTokenRecord,
  type UserChanges,
  type UserPoolStore,
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
        for (const table of ['refresh_tokens', 'codes', 'user_logins'] as const)
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
        if (code) await trx.insertInto('codes').values(codeRow(code)).execute()
      }),
    )
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
        if (changes.addLogins?.length) await this.#addLogins(trx, user, changes.addLogins)
        if (changes.deleteCodes?.length)
          await trx
            .deleteFrom('codes')
            .where('pool_id', '=', pool_id)
            .where('sub', '=', sub)
            .where('purpose', 'in', [...changes.deleteCodes])
            .execute()
        await trx
          .updateTable('users')
          .set(row)
          .where('pool_id', '=', pool_id)
          .where('sub', '=', sub)
          .execute()
      }),
    )
  }

  putCode(code: CodeRecord): Promise<void> {
    return this.#run(async () => {
      const row = codeRow(code)
      await this.#db
        .insertInto('codes')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['pool_id', 'sub', 'purpose']).doUpdateSet({
            hash: row.hash,
            expires_at: row.expires_at,
            failures: row.failures,
            window_start: row.window_start,
            sends: row.sends,
          }),
        )
        .execute()
    })
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

  insertRefreshToken(token: RefreshTokenRecord): Promise<void> {
    return this.#run(async () => {
      await this.#db
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
    })
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
  }
}
