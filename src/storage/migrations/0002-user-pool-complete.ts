import { type Kysely, type Migration, sql } from 'kysely'
import { foldSearchValue, searchValues, type UserRecord } from '../../userpool/index.js'

/**
 * The complete user pool: SRP verifiers and password ages on users, the per-user sign-out time,
 * pending attribute values on codes, challenge sessions, lockout counters, groups, and the
 * searchable-value index ListUsers filters on (backfilled for existing users).
 */
export const userPoolComplete: Migration = {
  async up(db: Kysely<unknown>) {
    for (const column of ['srp_verifier', 'password_set_at', 'signed_out_at'] as const)
      await db.schema
        .alterTable('users')
        .addColumn(column, column === 'srp_verifier' ? 'text' : 'bigint')
        .execute()
    await db.schema.alterTable('codes').addColumn('pending_value', 'text').execute()
    await db.schema.createIndex('refresh_tokens_origin').on('refresh_tokens').column('origin_jti').execute()

    await db.schema
      .createTable('auth_sessions')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('pool_id', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('sub', 'text')
      .addColumn('challenge', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .execute()
    await db.schema.createIndex('auth_sessions_expiry').on('auth_sessions').column('expires_at').execute()

    await db.schema
      .createTable('sign_in_failures')
      .addColumn('pool_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('locked_until', 'bigint', (c) => c.notNull())
      .addColumn('last_attempt_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('sign_in_failures_pk', ['pool_id', 'key'])
      .execute()

    await db.schema
      .createTable('user_groups')
      .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('role_arn', 'text')
      .addColumn('precedence', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('user_groups_pk', ['pool_id', 'name'])
      .execute()
    await db.schema
      .createTable('group_members')
      .addColumn('pool_id', 'text', (c) => c.notNull())
      .addColumn('group_name', 'text', (c) => c.notNull())
      .addColumn('sub', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('group_members_pk', ['pool_id', 'group_name', 'sub'])
      .addForeignKeyConstraint(
        'group_members_group',
        ['pool_id', 'group_name'],
        'user_groups',
        ['pool_id', 'name'],
        (fk) => fk.onDelete('cascade'),
      )
      .addForeignKeyConstraint('group_members_user', ['pool_id', 'sub'], 'users', ['pool_id', 'sub'], (fk) =>
        fk.onDelete('cascade'),
      )
      .execute()
    await db.schema.createIndex('group_members_sub').on('group_members').columns(['pool_id', 'sub']).execute()

    await db.schema
      .createTable('user_search')
      .addColumn('pool_id', 'text', (c) => c.notNull())
      .addColumn('sub', 'text', (c) => c.notNull())
      .addColumn('attribute', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('folded', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('user_search_pk', ['pool_id', 'sub', 'attribute'])
      .addForeignKeyConstraint('user_search_user', ['pool_id', 'sub'], 'users', ['pool_id', 'sub'], (fk) =>
        fk.onDelete('cascade'),
      )
      .execute()
    await db.schema
      .createIndex('user_search_value')
      .on('user_search')
      .columns(['pool_id', 'attribute', 'value'])
      .execute()
    await backfillSearch(db)
  },
}

interface LegacyUserRow {
  pool_id: string
  sub: string
  username: string
  status: string
  enabled: number
  attributes: string
}

async function backfillSearch(db: Kysely<unknown>): Promise<void> {
  const users =
    await sql<LegacyUserRow>`select pool_id, sub, username, status, enabled, attributes from users`.execute(
      db,
    )
  for (const row of users.rows) {
    const user = {
      sub: row.sub,
      username: row.username,
      status: row.status,
      enabled: Number(row.enabled) === 1,
      attributes: JSON.parse(row.attributes),
    } as UserRecord
    for (const { attribute, value } of searchValues(user))
      await sql`insert into user_search (pool_id, sub, attribute, value, folded) values (${row.pool_id}, ${row.sub}, ${attribute}, ${value}, ${foldSearchValue(value)})`.execute(
        db,
      )
  }
}
