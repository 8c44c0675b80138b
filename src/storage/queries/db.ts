import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../schema.js'

/** A connection or a transaction: what the query functions run on. */
export type Db = Kysely<Database> | Transaction<Database>

/** How an adapter recognises a unique-key violation and a store outage in its driver's errors. */
export interface DriverErrors {
  isUniqueViolation(error: unknown): boolean
  /** Maps outages (locked, disk full, connection lost) to StoreUnavailableError; returns others unchanged. */
  translate(error: unknown): unknown
}

/**
 * Runs work whose commits need not survive a power loss, only a process crash: lockout counts and
 * challenge sessions. Each adapter says how (SQLite: `synchronous=NORMAL` in WAL mode, which still
 * survives `kill -9`; PostgreSQL: `synchronous_commit=off`); the default is full durability.
 */
export type RelaxedDurability = <T>(
  db: Kysely<Database>,
  work: (db: Kysely<Database>) => Promise<T>,
) => Promise<T>

export const fullDurability: RelaxedDurability = (db, work) => work(db)
