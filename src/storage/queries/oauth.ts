// Resource servers, authorization codes and hosted-UI login sessions.
import type { Kysely, Selectable } from 'kysely'
import type { AuthorizationCodeRecord, LoginSessionRecord } from '../../oauth/index.js'
import type { ResourceServerRecord } from '../../userpool/index.js'
import type { Database } from '../schema.js'

export async function insertResourceServer(
  db: Kysely<Database>,
  server: ResourceServerRecord,
): Promise<boolean> {
  const result = await db
    .insertInto('resource_servers')
    .values(resourceServerRow(server))
    .onConflict((oc) => oc.columns(['pool_id', 'identifier']).doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
}

export async function getResourceServer(
  db: Kysely<Database>,
  poolId: string,
  identifier: string,
): Promise<ResourceServerRecord | undefined> {
  const row = await db
    .selectFrom('resource_servers')
    .selectAll()
    .where('pool_id', '=', poolId)
    .where('identifier', '=', identifier)
    .executeTakeFirst()
  return row && toResourceServer(row)
}

export async function listResourceServers(
  db: Kysely<Database>,
  poolId: string,
  limit: number,
  after?: string,
): Promise<ResourceServerRecord[]> {
  let query = db
    .selectFrom('resource_servers')
    .selectAll()
    .where('pool_id', '=', poolId)
    .orderBy('identifier')
    .limit(limit)
  if (after !== undefined) query = query.where('identifier', '>', after)
  return (await query.execute()).map(toResourceServer)
}

export async function updateResourceServer(
  db: Kysely<Database>,
  server: ResourceServerRecord,
): Promise<void> {
  const { pool_id, identifier, ...row } = resourceServerRow(server)
  await db
    .updateTable('resource_servers')
    .set(row)
    .where('pool_id', '=', pool_id)
    .where('identifier', '=', identifier)
    .execute()
}

export async function deleteResourceServer(
  db: Kysely<Database>,
  poolId: string,
  identifier: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('resource_servers')
    .where('pool_id', '=', poolId)
    .where('identifier', '=', identifier)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

function resourceServerRow(server: ResourceServerRecord) {
  return {
    pool_id: server.poolId,
    identifier: server.identifier,
    name: server.name,
    scopes: JSON.stringify(server.scopes),
  }
}

function toResourceServer(row: Selectable<Database['resource_servers']>): ResourceServerRecord {
  return { poolId: row.pool_id, identifier: row.identifier, name: row.name, scopes: JSON.parse(row.scopes) }
}

export async function insertAuthorizationCode(
  db: Kysely<Database>,
  code: AuthorizationCodeRecord,
): Promise<void> {
  await db
    .insertInto('authorization_codes')
    .values({
      hash: code.hash,
      pool_id: code.poolId,
      client_id: code.clientId,
      sub: code.sub,
      redirect_uri: code.redirectUri,
      code_challenge: code.codeChallenge,
      scope: code.scope,
      nonce: code.nonce,
      auth_time: code.authTime,
      expires_at: code.expiresAt,
      used_at: code.usedAt,
      origin_jti: code.originJti,
      replayed_at: code.replayedAt,
    })
    .execute()
}

export function redeemAuthorizationCode(
  db: Kysely<Database>,
  hash: string,
  at: number,
  originJti: string,
): Promise<{ code: AuthorizationCodeRecord; firstUse: boolean } | undefined> {
  return db.transaction().execute(async (trx) => {
    // One conditional UPDATE: of concurrent redemptions exactly one sees the row change.
    const taken = await trx
      .updateTable('authorization_codes')
      .set({ used_at: at, origin_jti: originJti })
      .where('hash', '=', hash)
      .where('used_at', 'is', null)
      .returningAll()
      .executeTakeFirst()
    if (taken) return { code: toCode(taken), firstUse: true }
    const seen = await trx
      .selectFrom('authorization_codes')
      .selectAll()
      .where('hash', '=', hash)
      .executeTakeFirst()
    return seen && { code: toCode(seen), firstUse: false }
  })
}

export function revokeCodeGrant(db: Kysely<Database>, codeHash: string, at: number): Promise<void> {
  return db.transaction().execute(async (trx) => {
    const code = await trx
      .updateTable('authorization_codes')
      .set({ replayed_at: at })
      .where('hash', '=', codeHash)
      .returning(['pool_id', 'origin_jti'])
      .executeTakeFirst()
    if (!code?.origin_jti) return
    await trx
      .updateTable('refresh_tokens')
      .set({ revoked_at: at })
      .where('pool_id', '=', code.pool_id)
      .where('origin_jti', '=', code.origin_jti)
      .where('revoked_at', 'is', null)
      .execute()
  })
}

export async function codeReplayed(db: Kysely<Database>, codeHash: string): Promise<boolean> {
  const row = await db
    .selectFrom('authorization_codes')
    .select('replayed_at')
    .where('hash', '=', codeHash)
    .executeTakeFirst()
  return row?.replayed_at !== null && row?.replayed_at !== undefined
}

function toCode(row: Selectable<Database['authorization_codes']>): AuthorizationCodeRecord {
  const n = (v: number | null) => (v === null ? null : Number(v))
  return {
    hash: row.hash,
    poolId: row.pool_id,
    clientId: row.client_id,
    sub: row.sub,
    redirectUri: row.redirect_uri,
    codeChallenge: row.code_challenge,
    scope: row.scope,
    nonce: row.nonce,
    authTime: Number(row.auth_time),
    expiresAt: Number(row.expires_at),
    usedAt: n(row.used_at),
    originJti: row.origin_jti,
    replayedAt: n(row.replayed_at),
  }
}

export function insertLoginSession(
  db: Kysely<Database>,
  session: LoginSessionRecord,
  replaces?: string,
): Promise<void> {
  return db.transaction().execute(async (trx) => {
    if (replaces !== undefined) await trx.deleteFrom('login_sessions').where('hash', '=', replaces).execute()
    await trx
      .insertInto('login_sessions')
      .values({
        hash: session.hash,
        pool_id: session.poolId,
        sub: session.sub,
        auth_time: session.authTime,
        expires_at: session.expiresAt,
      })
      .execute()
  })
}

export async function getLoginSession(
  db: Kysely<Database>,
  hash: string,
): Promise<LoginSessionRecord | undefined> {
  const row = await db.selectFrom('login_sessions').selectAll().where('hash', '=', hash).executeTakeFirst()
  return (
    row && {
      hash: row.hash,
      poolId: row.pool_id,
      sub: row.sub,
      authTime: Number(row.auth_time),
      expiresAt: Number(row.expires_at),
    }
  )
}

export async function deleteLoginSession(db: Kysely<Database>, hash: string): Promise<void> {
  await db.deleteFrom('login_sessions').where('hash', '=', hash).execute()
}

/** Spent codes are kept a day past their expiry, so a late replay still revokes what they issued. */
const CODE_RETENTION_MS = 24 * 3600 * 1000

export async function purgeOAuth(db: Kysely<Database>, now: number): Promise<void> {
  await db
    .deleteFrom('authorization_codes')
    .where('expires_at', '<', now - CODE_RETENTION_MS)
    .execute()
  await db.deleteFrom('login_sessions').where('expires_at', '<', now).execute()
}
