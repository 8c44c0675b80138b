// Records of the user pool port to rows and back. Times are epoch milliseconds.
import type { Selectable } from 'kysely'
import type {
  AuthSessionRecord,
  ClientRecord,
  CodeRecord,
  GroupRecord,
  PoolRecord,
  UserRecord,
  UserStatus,
} from '../../userpool/index.js'
import type { Database } from '../schema.js'

export function poolRow(pool: PoolRecord) {
  return {
    id: pool.id,
    name: pool.name,
    settings: JSON.stringify(pool.settings),
    created_at: pool.createdAt,
    updated_at: pool.updatedAt,
  }
}

export function toPool(row: Selectable<Database['user_pools']>): PoolRecord {
  return {
    id: row.id,
    name: row.name,
    settings: JSON.parse(row.settings),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

export function clientRow(client: ClientRecord) {
  return {
    id: client.id,
    pool_id: client.poolId,
    name: client.name,
    secret: client.secret ?? null,
    settings: JSON.stringify(client.settings),
    created_at: client.createdAt,
    updated_at: client.updatedAt,
  }
}

export function toClient(row: Selectable<Database['user_pool_clients']>): ClientRecord {
  return {
    id: row.id,
    poolId: row.pool_id,
    name: row.name,
    ...(row.secret !== null ? { secret: row.secret } : {}),
    settings: JSON.parse(row.settings),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

export function userRow(user: UserRecord) {
  return {
    pool_id: user.poolId,
    sub: user.sub,
    username: user.username,
    status: user.status,
    enabled: user.enabled ? 1 : 0,
    password_hash: user.passwordHash,
    attributes: JSON.stringify(user.attributes),
    created_at: user.createdAt,
    updated_at: user.updatedAt,
    srp_verifier: user.srpVerifier,
    password_set_at: user.passwordSetAt,
    signed_out_at: user.signedOutAt,
  }
}

export function toUser(row: Selectable<Database['users']>): UserRecord {
  return {
    poolId: row.pool_id,
    sub: row.sub,
    username: row.username,
    status: row.status as UserStatus,
    enabled: Number(row.enabled) === 1,
    passwordHash: row.password_hash,
    srpVerifier: row.srp_verifier,
    passwordSetAt: row.password_set_at === null ? null : Number(row.password_set_at),
    signedOutAt: row.signed_out_at === null ? null : Number(row.signed_out_at),
    attributes: JSON.parse(row.attributes),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

export function codeRow(code: CodeRecord) {
  return {
    pool_id: code.poolId,
    sub: code.sub,
    purpose: code.purpose,
    hash: code.hash,
    expires_at: code.expiresAt,
    failures: code.failures,
    window_start: code.windowStart,
    sends: code.sends,
    pending_value: code.pendingValue ?? null,
  }
}

export function toSession(row: Selectable<Database['auth_sessions']>): AuthSessionRecord {
  return {
    hash: row.hash,
    poolId: row.pool_id,
    clientId: row.client_id,
    sub: row.sub,
    challenge: row.challenge,
    state: row.state,
    expiresAt: Number(row.expires_at),
    usedAt: row.used_at === null ? null : Number(row.used_at),
    lockKey: row.lock_key,
  }
}

export function groupRow(group: GroupRecord) {
  return {
    pool_id: group.poolId,
    name: group.name,
    description: group.description ?? null,
    role_arn: group.roleArn ?? null,
    precedence: group.precedence ?? null,
    created_at: group.createdAt,
    updated_at: group.updatedAt,
  }
}

export function toGroup(row: Selectable<Database['user_groups']>): GroupRecord {
  return {
    poolId: row.pool_id,
    name: row.name,
    ...(row.description !== null ? { description: row.description } : {}),
    ...(row.role_arn !== null ? { roleArn: row.role_arn } : {}),
    ...(row.precedence !== null ? { precedence: Number(row.precedence) } : {}),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}
