import type { Migration } from 'kysely'
import { userPools } from './0001-user-pools.js'
import { userPoolComplete } from './0002-user-pool-complete.js'
import { sessionLockKeys } from './0003-session-lock-keys.js'
import { oauth } from './0010-oauth.js'

/**
 * Every migration, in order, written with Kysely's schema builder so that SQLite and PostgreSQL
 * run the same ones. Add a file and a line here; never edit a migration that has shipped.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-user-pools': userPools,
  '0002-user-pool-complete': userPoolComplete,
  '0003-session-lock-keys': sessionLockKeys,
  '0010-oauth': oauth,
}
