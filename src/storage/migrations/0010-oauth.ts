import type { Kysely, Migration } from 'kysely'

/**
 * OAuth 2.0: resource servers with their custom scopes, authorization codes and hosted-UI login
 * sessions. Codes and sessions are stored by SHA-256 digest only.
 */
export const oauth: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('resource_servers')
      .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
      .addColumn('identifier', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('resource_servers_pk', ['pool_id', 'identifier'])
      .execute()

    await db.schema
      .createTable('authorization_codes')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('pool_id', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('sub', 'text', (c) => c.notNull())
      .addColumn('redirect_uri', 'text', (c) => c.notNull())
      .addColumn('code_challenge', 'text')
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('nonce', 'text')
      .addColumn('auth_time', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .addColumn('origin_jti', 'text')
      .addColumn('replayed_at', 'bigint')
      .execute()
    await db.schema
      .createIndex('authorization_codes_expiry')
      .on('authorization_codes')
      .column('expires_at')
      .execute()

    await db.schema
      .createTable('login_sessions')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('pool_id', 'text', (c) => c.notNull())
      .addColumn('sub', 'text', (c) => c.notNull())
      .addColumn('auth_time', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('login_sessions_expiry').on('login_sessions').column('expires_at').execute()
  },
}
