import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { Kysely, type SqliteDatabase, SqliteDialect, type SqliteStatement, sql } from 'kysely'
import { StoreUnavailableError } from '../../core/index.js'
import { KyselyUserPoolStore, type RelaxedDurability } from '../kysely-store.js'
import { migrate, type Database as Schema } from '../schema.js'

const OUTAGE_CODES = new Set([
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_FULL',
  'SQLITE_IOERR',
  'SQLITE_READONLY',
  'SQLITE_CANTOPEN',
])

function sqliteCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : ''
}

/** Prepared statements kept per SQL text; Kysely's driver would prepare every query anew. */
const STATEMENT_CACHE_SIZE = 512

/**
 * Reuses prepared statements: the store's SQL comes from a fixed set of queries with bound
 * parameters, so the same texts recur. Safe with Kysely's single-connection driver, which runs
 * one statement at a time to completion (`all` or `run`; the store never streams).
 */
function withStatementCache(database: Database.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>()
  return {
    close: () => database.close(),
    prepare(sql) {
      let statement = cache.get(sql)
      if (!statement) {
        statement = database.prepare(sql)
        cache.set(sql, statement)
        if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!)
      }
      return statement
    },
  }
}

/**
 * In WAL mode `synchronous=NORMAL` commits without an fsync: the commit survives a crash of the
 * process (the WAL is in the OS cache) but not a power loss, until the next FULL commit syncs the
 * WAL (SQLite "WAL mode" docs, §Performance Considerations). The pragma is switched on the one
 * connection, held for the whole unit of work, so no other write runs with it.
 */
const relaxedDurability: RelaxedDurability = (db, work) =>
  db.connection().execute(async (connection) => {
    await sql`pragma synchronous = normal`.execute(connection)
    try {
      return await work(connection)
    } finally {
      await sql`pragma synchronous = full`.execute(connection)
    }
  })

export interface SqliteStore {
  store: KyselyUserPoolStore
  /** The database itself, for maintenance (introspection), never for the ports' work. */
  db: Kysely<Schema>
  close(): Promise<void>
}

/**
 * The embedded store: one SQLite file per stage, WAL with `synchronous=FULL` so an acknowledged
 * write survives a power loss (security.md §1 item 9), foreign keys on, migrations at open.
 */
export async function openSqliteStore(path: string): Promise<SqliteStore> {
  // The file holds private signing keys and the stage's admin secret: owner-only, as are the
  // -wal and -shm files SQLite creates with the database file's permissions.
  if (path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
    closeSync(openSync(path, 'a', 0o600))
    chmodSync(path, 0o600)
  }
  const database = new Database(path)
  database.pragma('journal_mode = WAL')
  database.pragma('synchronous = FULL')
  database.pragma('foreign_keys = ON')
  database.pragma('busy_timeout = 5000')
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) })
  await migrate(db)
  const store = new KyselyUserPoolStore(
    db,
    {
      isUniqueViolation: (error) =>
        sqliteCode(error).startsWith('SQLITE_CONSTRAINT_PRIMARYKEY') ||
        sqliteCode(error) === 'SQLITE_CONSTRAINT_UNIQUE',
      translate: (error) =>
        OUTAGE_CODES.has(sqliteCode(error).split('_').slice(0, 2).join('_'))
          ? new StoreUnavailableError(`SQLite: ${sqliteCode(error)}`, { cause: error })
          : error,
    },
    relaxedDurability,
  )
  return { store, db, close: () => db.destroy() }
}
