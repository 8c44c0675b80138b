import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { StoreUnavailableError } from '../../core/index.js'
import { KyselyUserPoolStore, type RelaxedDurability } from '../kysely-store.js'
import { migrate, type Database as Schema } from '../schema.js'

/** int8 columns hold epoch milliseconds and counts, well inside the safe integer range. */
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value))

/** SQLSTATE classes that mean the database, not the request, is the problem (PostgreSQL Appendix A). */
const OUTAGE_CLASSES = new Set(['08', '53', '57', '58'])
const OUTAGE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
])

function code(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : ''
}

function isOutage(error: unknown): boolean {
  const c = code(error)
  if (OUTAGE_ERRNOS.has(c) || OUTAGE_CLASSES.has(c.slice(0, 2))) return true
  return (
    error instanceof Error &&
    /Connection terminated|timeout exceeded when trying to connect/i.test(error.message)
  )
}

/**
 * `synchronous_commit = off` on one held connection for the unit of work: its commits return
 * before the WAL is flushed, so a server crash can lose the last few hundred milliseconds of such
 * writes, never corrupt them (PostgreSQL "Asynchronous Commit"). Reset before the connection goes
 * back to the pool.
 */
const relaxedDurability: RelaxedDurability = (db, work) =>
  db.connection().execute(async (connection) => {
    await sql`set synchronous_commit = off`.execute(connection)
    try {
      return await work(connection)
    } finally {
      await sql`reset synchronous_commit`.execute(connection)
    }
  })

export interface PostgresStore {
  store: KyselyUserPoolStore
  close(): Promise<void>
}

export interface PostgresOptions {
  /** `postgres://user:password@host:port/database` */
  url: string
  /** Connections per process. Default 10. */
  poolSize?: number
  /** How long a statement or a connection attempt may take before the request fails with 503. */
  timeoutMs?: number
}

/**
 * The store for several instances sharing users, clients, keys and counters. Migrations run
 * under the migrator's lock, so instances starting together apply them once (security.md FL16).
 */
export async function openPostgresStore(options: PostgresOptions): Promise<PostgresStore> {
  const timeout = options.timeoutMs ?? 2000
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: timeout,
    statement_timeout: timeout,
    query_timeout: timeout + 500,
  })
  // A connection dropping (database restart, network cut) must not take the process down: idle
  // clients report on the pool, checked-out ones on themselves. The query in flight fails with
  // the error, and the next one connects again.
  pool.on('error', () => {})
  pool.on('connect', (client) => client.on('error', () => {}))
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) })
  try {
    const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db)
    const schema = rows[0]?.schema
    if (!schema) throw new Error('no schema on the search_path exists; create it or set search_path')
    await migrate(db, schema)
  } catch (error) {
    await db.destroy()
    throw isOutage(error) || isOutage((error as { cause?: unknown }).cause)
      ? new StoreUnavailableError(`PostgreSQL is unreachable: ${String((error as Error).message)}`, {
          cause: error,
        })
      : error
  }
  const store = new KyselyUserPoolStore(
    db,
    {
      isUniqueViolation: (error) => code(error) === '23505',
      translate: (error) =>
        isOutage(error)
          ? new StoreUnavailableError(`PostgreSQL: ${code(error) || (error as Error).message}`, {
              cause: error,
            })
          : error,
    },
    relaxedDurability,
  )
  return { store, close: () => db.destroy() }
}

/**
 * Deletes a stage's data from PostgreSQL (`portcullis remove`): the tables Portcullis's
 * migrations create — found by running them on an empty in-memory database — and the migrator's
 * own, nothing else in the schema. Refuses a database that holds no Portcullis stage.
 */
export async function dropStageTables(url: string): Promise<string[]> {
  const { openSqliteStore } = await import('../sqlite/index.js')
  const probe = await openSqliteStore(':memory:')
  const ours = (await probe.db.introspection.getTables()).map((t) => t.name)
  await probe.close()
  const pool = new pg.Pool({ connectionString: url, max: 1 })
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) })
  try {
    const present = new Set(
      (await db.introspection.getTables({ withInternalKyselyTables: true })).map((t) => t.name),
    )
    if (!present.has('meta')) throw new Error('this database holds no Portcullis stage')
    const drop = [...ours, 'kysely_migration', 'kysely_migration_lock'].filter((t) => present.has(t))
    await db.transaction().execute(async (trx) => {
      for (const table of drop) await sql`drop table if exists ${sql.table(table)} cascade`.execute(trx)
    })
    return drop
  } finally {
    await db.destroy()
  }
}
