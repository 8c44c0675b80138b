import type { Generated, Kysely } from 'kysely'
import { type MigrationProvider, Migrator } from 'kysely'
import { MIGRATIONS } from './migrations/index.js'

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
    srp_verifier: string | null
    password_set_at: number | null
    signed_out_at: number | null
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
    pending_value: string | null
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
  auth_sessions: {
    hash: string
    pool_id: string
    client_id: string
    sub: string | null
    challenge: string
    state: string
    expires_at: number
    used_at: number | null
    lock_key: string | null
  }
  sign_in_failures: {
    pool_id: string
    key: string
    failures: number
    locked_until: number
    last_attempt_at: number
  }
  user_groups: {
    pool_id: string
    name: string
    description: string | null
    role_arn: string | null
    precedence: number | null
    created_at: number
    updated_at: number
  }
  group_members: { pool_id: string; group_name: string; sub: string }
  user_search: { pool_id: string; sub: string; attribute: string; value: string; folded: string }
  resource_servers: { pool_id: string; identifier: string; name: string; scopes: string }
  authorization_codes: {
    hash: string
    pool_id: string
    client_id: string
    sub: string
    redirect_uri: string
    code_challenge: string | null
    scope: string
    nonce: string | null
    auth_time: number
    expires_at: number
    used_at: number | null
    origin_jti: string | null
    replayed_at: number | null
  }
  login_sessions: { hash: string; pool_id: string; sub: string; auth_time: number; expires_at: number }
}

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS }

/**
 * Brings the schema up to date. `schema` names where the migration bookkeeping lives; PostgreSQL
 * passes its current schema, since the migrator would otherwise take another schema's bookkeeping
 * table in the same database for its own.
 */
export async function migrate(db: Kysely<Database>, schema?: string): Promise<void> {
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error || failed) {
    const step = failed ? ` ${failed.migrationName}` : ''
    const reason = error instanceof Error ? `: ${error.message}` : ''
    throw new Error(`database migration${step} failed${reason}`, { cause: error })
  }
}
