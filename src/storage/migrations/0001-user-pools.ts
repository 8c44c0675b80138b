import type { Kysely, Migration } from 'kysely'

/** Pools, keys, clients, users with their login keys, codes and refresh tokens. */
export const userPools: Migration = {
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
      .addForeignKeyConstraint('refresh_tokens_user', ['pool_id', 'sub'], 'users', ['pool_id', 'sub'], (fk) =>
        fk.onDelete('cascade'),
      )
      .execute()
    await db.schema
      .createIndex('refresh_tokens_user')
      .on('refresh_tokens')
      .columns(['pool_id', 'sub'])
      .execute()
  },
}
