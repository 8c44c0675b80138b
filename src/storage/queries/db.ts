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
