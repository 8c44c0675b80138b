import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { StoreUnavailableError } from '../../core/index.js'
import { KyselyUserPoolStore } from '../kysely-store.js'
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

export interface SqliteStore {
  store: KyselyUserPoolStore
  close(): Promise<void>
}

/**
 * The embedded store: one SQLite file per stage, WAL with `synchronous=FULL` so an acknowledged
 * write survives a power loss (security.md §1 item 9), foreign keys on, migrations at open.
 */
export async function openSqliteStore(path: string): Promise<SqliteStore> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const database = new Database(path)
  database.pragma('journal_mode = WAL')
  database.pragma('synchronous = FULL')
  database.pragma('foreign_keys = ON')
  database.pragma('busy_timeout = 5000')
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database }) })
  await migrate(db)
  const store = new KyselyUserPoolStore(db, {
    isUniqueViolation: (error) =>
      sqliteCode(error).startsWith('SQLITE_CONSTRAINT_PRIMARYKEY') ||
      sqliteCode(error) === 'SQLITE_CONSTRAINT_UNIQUE',
    translate: (error) =>
      OUTAGE_CODES.has(sqliteCode(error).split('_').slice(0, 2).join('_'))
        ? new StoreUnavailableError(`SQLite: ${sqliteCode(error)}`, { cause: error })
        : error,
  })
  return { store, close: () => db.destroy() }
}
