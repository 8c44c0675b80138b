import type { Kysely, Migration } from 'kysely'

/** Challenge sessions name the failure count their answer is admitted against. */
export const sessionLockKeys: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('auth_sessions').addColumn('lock_key', 'text').execute()
  },
}
