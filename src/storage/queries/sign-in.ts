// Refresh tokens and revocation, challenge sessions, and the sign-in failure counts.
import { type Kysely, type RawBuilder, sql } from 'kysely'
import type {
  Admission,
  AuthSessionRecord,
  LockoutSchedule,
  RefreshTokenRecord,
} from '../../userpool/index.js'
import type { Database } from '../schema.js'
import type { Db } from './db.js'
import { toSession } from './rows.js'

export function insertRefreshToken(
  db: Kysely<Database>,
  token: RefreshTokenRecord,
  clearFailuresKey?: string,
): Promise<void> {
  const insert = (on: Db) =>
    on
      .insertInto('refresh_tokens')
      .values({
        hash: token.hash,
        pool_id: token.poolId,
        client_id: token.clientId,
        sub: token.sub,
        origin_jti: token.originJti,
        auth_time: token.authTime,
        scope: token.scope,
        expires_at: token.expiresAt,
        revoked_at: token.revokedAt,
      })
      .execute()
  if (clearFailuresKey === undefined) return insert(db).then(() => undefined)
  return db.transaction().execute(async (trx) => {
    await insert(trx)
    await deleteFailures(trx, token.poolId, clearFailuresKey)
  })
}

export async function getRefreshToken(
  db: Kysely<Database>,
  hash: string,
): Promise<RefreshTokenRecord | undefined> {
  const r = await db.selectFrom('refresh_tokens').selectAll().where('hash', '=', hash).executeTakeFirst()
  return (
    r && {
      hash: r.hash,
      poolId: r.pool_id,
      clientId: r.client_id,
      sub: r.sub,
      originJti: r.origin_jti,
      authTime: Number(r.auth_time),
      scope: r.scope,
      expiresAt: Number(r.expires_at),
      revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
    }
  )
}

export async function revokeRefreshToken(db: Kysely<Database>, hash: string, at: number): Promise<boolean> {
  const result = await db
    .updateTable('refresh_tokens')
    .set({ revoked_at: at })
    .where('hash', '=', hash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

export function signOutUser(db: Kysely<Database>, poolId: string, sub: string, at: number): Promise<void> {
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ signed_out_at: at })
      .where('pool_id', '=', poolId)
      .where('sub', '=', sub)
      .execute()
    await trx
      .updateTable('refresh_tokens')
      .set({ revoked_at: at })
      .where('pool_id', '=', poolId)
      .where('sub', '=', sub)
      .where('revoked_at', 'is', null)
      .execute()
  })
}

export async function isOriginRevoked(
  db: Kysely<Database>,
  poolId: string,
  originJti: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('refresh_tokens')
    .select('hash')
    .where('pool_id', '=', poolId)
    .where('origin_jti', '=', originJti)
    .where('revoked_at', 'is not', null)
    .executeTakeFirst()
  return row !== undefined
}

export async function insertAuthSession(db: Kysely<Database>, session: AuthSessionRecord): Promise<void> {
  await db
    .insertInto('auth_sessions')
    .values({
      hash: session.hash,
      pool_id: session.poolId,
      client_id: session.clientId,
      sub: session.sub,
      challenge: session.challenge,
      state: session.state,
      expires_at: session.expiresAt,
      used_at: session.usedAt,
      lock_key: session.lockKey,
    })
    .execute()
}

export function takeAuthSession(
  db: Kysely<Database>,
  hash: string,
  at: number,
  schedule: LockoutSchedule,
): Promise<{ session: AuthSessionRecord; firstUse: boolean; admission?: Admission } | undefined> {
  return db.transaction().execute(async (trx) => {
    // One conditional UPDATE: of concurrent takers exactly one sees the row change.
    const taken = await trx
      .updateTable('auth_sessions')
      .set({ used_at: at })
      .where('hash', '=', hash)
      .where('used_at', 'is', null)
      .returningAll()
      .executeTakeFirst()
    if (taken) {
      const session = toSession(taken)
      if (session.lockKey === null || at >= session.expiresAt) return { session, firstUse: true }
      const admission = await admit(trx, session.poolId, session.lockKey, at, schedule)
      return { session, firstUse: true, admission }
    }
    const seen = await trx.selectFrom('auth_sessions').selectAll().where('hash', '=', hash).executeTakeFirst()
    return seen && { session: toSession(seen), firstUse: false }
  })
}

export function admitSignIn(
  db: Kysely<Database>,
  poolId: string,
  key: string,
  now: number,
  schedule: LockoutSchedule,
): Promise<Admission> {
  return admit(db, poolId, key, now, schedule)
}

/** `when 1 then 0 … else 900000`: the schedule's integers as SQL text, made once per schedule. */
const lockCases = new WeakMap<LockoutSchedule, RawBuilder<unknown>>()

function lockCase(schedule: LockoutSchedule): RawBuilder<unknown> {
  let cached = lockCases.get(schedule)
  if (!cached) {
    const ms = schedule.lockMs.map((v) => {
      if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`lockout of ${v} ms is not a duration`)
      return v
    })
    const whens = ms.slice(0, -1).map((v, i) => `when ${i + 1} then ${v}`)
    cached = sql.raw(`${whens.join(' ')} else ${ms.at(-1) ?? 0}`)
    lockCases.set(schedule, cached)
  }
  return cached
}

/**
 * The check-and-increment as one statement: an upsert whose update only happens when the key is
 * not locked out, setting the new count and the lockout it earns together. Written as one SQL
 * text because it runs on every sign-in; values are bound parameters, the schedule's integers
 * inlined by `lockCase`.
 */
async function admit(
  db: Db,
  poolId: string,
  key: string,
  now: number,
  schedule: LockoutSchedule,
): Promise<Admission> {
  const at = sql`cast(${now} as bigint)`
  const next = sql`(case when sign_in_failures.last_attempt_at <= cast(${now - schedule.idleMs} as bigint)
    then 1 else sign_in_failures.failures + 1 end)`
  const { rows } = await sql<{ failures: number }>`
    insert into sign_in_failures (pool_id, key, failures, locked_until, last_attempt_at)
    values (${poolId}, ${key}, 1, cast(${now + (schedule.lockMs[0] ?? 0)} as bigint), ${at})
    on conflict (pool_id, key) do update set
      failures = ${next},
      locked_until = ${at} + (case ${next} ${lockCase(schedule)} end),
      last_attempt_at = ${at}
    where sign_in_failures.locked_until <= ${at}
    returning failures`.execute(db)
  const row = rows[0]
  return row ? { admitted: true, failures: Number(row.failures) } : { admitted: false }
}

export function clearSignInFailures(db: Kysely<Database>, poolId: string, key: string): Promise<void> {
  return deleteFailures(db, poolId, key)
}

async function deleteFailures(db: Db, poolId: string, key: string): Promise<void> {
  await db.deleteFrom('sign_in_failures').where('pool_id', '=', poolId).where('key', '=', key).execute()
}

export async function purgeExpired(db: Kysely<Database>, now: number, idleMs: number): Promise<void> {
  await db.deleteFrom('auth_sessions').where('expires_at', '<', now).execute()
  await db
    .deleteFrom('sign_in_failures')
    .where('last_attempt_at', '<=', now - idleMs)
    .where('locked_until', '<=', now)
    .execute()
}
