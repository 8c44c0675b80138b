import type { Generated, Kysely } from 'kysely'
import { type Migration, type MigrationProvider, Migrator } from 'kysely'

/** Row types of the tables every adapter shares. Times are epoch milliseconds. */
export interface Database {
  meta: { name: string; value: string }
  user_pools: { id: string; name: string; settings: string; created_at: number; updated_at: number }
  signing_keys: { kid: string; pool_id: string; use: string; private_jwk: string; created_at: number }
  user_pool_clients: {
    id: string
    pool_id: string
    name: string
    secret: string | null
    settings: string
    created_at: number
    updated_at: number
  }
  users: {
    pool_id: string
    sub: string
    username: string
    status: string
    enabled: number
    password_hash: string | null
    attributes: string
    created_at: number
    updated_at: number
  }
  user_logins: { pool_id: string; login: string; sub: string }
  codes: {
    pool_id: string
    sub: string
    purpose: string
    hash: string
    expires_at: number
    failures: Generated<number>
    window_start: number
    sends: number
  }
  refresh_tokens: {
    hash: string
    pool_id: string
    client_id: string
    sub: string
    origin_jti: string
    auth_time: number
    scope: string
    expires_at: number
    revoked_at: number | null
  }
}

/**
 * Migrations, written with Kysely's schema builder so that SQLite and PostgreSQL run the same
 * ones. Append new migrations; never edit one that has shipped.
 */
const migrations: Record<string, Migration> = {
  '0001-user-pools': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('meta')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('user_pools')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('signing_keys')
        .addColumn('kid', 'text', (c) => c.primaryKey())
        .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
        .addColumn('use', 'text', (c) => c.notNull())
        .addColumn('private_jwk', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('signing_keys_pool').on('signing_keys').column('pool_id').execute()
      await db.schema
        .createTable('user_pool_clients')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('secret', 'text')
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('clients_pool').on('user_pool_clients').columns(['pool_id', 'id']).execute()
      await db.schema
        .createTable('users')
        .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
        .addColumn('sub', 'text', (c) => c.notNull())
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('password_hash', 'text')
        .addColumn('attributes', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('users_pk', ['pool_id', 'sub'])
        .execute()
      // The unique key that decides sign-up races and alias ownership (security.md FL2, FL3).
      await db.schema
        .createTable('user_logins')
        .addColumn('pool_id', 'text', (c) => c.notNull())
        .addColumn('login', 'text', (c) => c.notNull())
        .addColumn('sub', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('user_logins_pk', ['pool_id', 'login'])
        .addForeignKeyConstraint('user_logins_user', ['pool_id', 'sub'], 'users', ['pool_id', 'sub'], (fk) =>
          fk.onDelete('cascade'),
        )
        .execute()
      await db.schema.createIndex('user_logins_sub').on('user_logins').columns(['pool_id', 'sub']).execute()
      await db.schema
        .createTable('codes')
        .addColumn('pool_id', 'text', (c) => c.notNull())
        .addColumn('sub', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('window_start', 'bigint', (c) => c.notNull())
        .addColumn('sends', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('codes_pk', ['pool_id', 'sub', 'purpose'])
        .addForeignKeyConstraint('codes_user', ['pool_id', 'sub'], 'users', ['pool_id', 'sub'], (fk) =>
          fk.onDelete('cascade'),
        )
        .execute()
      await db.schema
        .createTable('refresh_tokens')
        .addColumn('hash', 'text', (c) => c.primaryKey())
        .addColumn('pool_id', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('sub', 'text', (c) => c.notNull())
        .addColumn('origin_jti', 'text', (c) => c.notNull())
        .addColumn('auth_time', 'bigint', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .addForeignKeyConstraint(
          'refresh_tokens_user',
          ['pool_id', 'sub'],
          'users',
          ['pool_id', 'sub'],
          (fk) => fk.onDelete('cascade'),
        )
        .execute()
      await db.schema
        .createIndex('refresh_tokens_user')
        .on('refresh_tokens')
        .columns(['pool_id', 'sub'])
        .execute()
    },
  },
}

const provider: MigrationProvider = { getMigrations: async () => migrations }

export async function migrate(db: Kysely<Database>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error || failed)
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed`, { cause: error })
}
