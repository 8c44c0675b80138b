import type { SigningKey } from '../tokens/index.js'
import type { ClientSettings } from './clients.js'
import type { PoolSettings } from './pools.js'

/**
 * The user pool's storage port, shaped by what the actions need. Every method that writes more
 * than one row does so in one transaction. Adapters live in src/storage and all pass
 * src/storage/contract.ts.
 */
export interface UserPoolStore {
  insertPool(pool: PoolRecord, keys: readonly SigningKey[]): Promise<void>
  getPool(id: string): Promise<PoolRecord | undefined>
  /** Pools ordered by id, starting after `after`. */
  listPools(limit: number, after?: string): Promise<PoolRecord[]>
  updatePool(pool: PoolRecord): Promise<void>
  /** Removes the pool with its clients, users, codes, tokens and keys. */
  deletePool(id: string): Promise<boolean>
  countUsers(poolId: string): Promise<number>
  getSigningKeys(poolId: string): Promise<SigningKey[]>

  insertClient(client: ClientRecord): Promise<void>
  getClient(id: string): Promise<ClientRecord | undefined>
  listClients(poolId: string, limit: number, after?: string): Promise<ClientRecord[]>
  updateClient(client: ClientRecord): Promise<void>
  deleteClient(id: string): Promise<boolean>

  /**
   * Creates a user with its login keys (and an optional code) atomically. Throws
   * `LoginTakenError` when any login key already belongs to a user of the pool — the unique
   * index decides, so concurrent sign-ups of one name yield exactly one user.
   */
  insertUser(user: UserRecord, logins: readonly string[], code?: CodeRecord): Promise<void>
  findUserByLogin(poolId: string, login: string): Promise<UserRecord | undefined>
  getUser(poolId: string, sub: string): Promise<UserRecord | undefined>
  /** Saves the user and applies the login and code changes in one transaction. */
  saveUser(user: UserRecord, changes?: UserChanges): Promise<void>

  /** Replaces the code of this purpose (a new code supersedes the old one). */
  putCode(code: CodeRecord): Promise<void>
  getCode(poolId: string, sub: string, purpose: CodePurpose): Promise<CodeRecord | undefined>
  /** Atomically counts one failed attempt and returns the new count. */
  countCodeFailure(poolId: string, sub: string, purpose: CodePurpose): Promise<number>

  insertRefreshToken(token: RefreshTokenRecord): Promise<void>
  getRefreshToken(hash: string): Promise<RefreshTokenRecord | undefined>

  /** A per-install secret, created by `create` on first use and stable afterwards. */
  secret(name: string, create: () => string): Promise<string>
}

export class LoginTakenError extends Error {
  readonly login: string

  constructor(login: string) {
    super(`login ${login} is taken`)
    this.login = login
  }
}

export interface PoolRecord {
  id: string
  name: string
  createdAt: number
  updatedAt: number
  settings: PoolSettings
}

export interface ClientRecord {
  id: string
  poolId: string
  name: string
  /** The secret itself: SECRET_HASH is an HMAC keyed with it, so a digest cannot verify it. */
  secret?: string
  createdAt: number
  updatedAt: number
  settings: ClientSettings
}

export type UserStatus =
  | 'UNCONFIRMED'
  | 'CONFIRMED'
  | 'FORCE_CHANGE_PASSWORD'
  | 'RESET_REQUIRED'
  | 'EXTERNAL_PROVIDER'

export interface UserRecord {
  poolId: string
  sub: string
  username: string
  status: UserStatus
  enabled: boolean
  /** argon2id PHC string; null for users without a password. */
  passwordHash: string | null
  attributes: Record<string, string>
  createdAt: number
  updatedAt: number
}

export interface UserChanges {
  addLogins?: readonly string[]
  removeLogins?: readonly string[]
  deleteCodes?: readonly CodePurpose[]
}

export type CodePurpose = 'SIGN_UP' | 'FORGOT_PASSWORD' | 'VERIFY_EMAIL' | 'VERIFY_PHONE_NUMBER'

export interface CodeRecord {
  poolId: string
  sub: string
  purpose: CodePurpose
  /** Keyed hash of the code; the code itself is never stored. */
  hash: string
  expiresAt: number
  failures: number
  /** Start of the current sending window and the number of codes sent in it (rate limit). */
  windowStart: number
  sends: number
}

export interface RefreshTokenRecord {
  /** SHA-256 of the token; the token itself is never stored. */
  hash: string
  poolId: string
  clientId: string
  sub: string
  originJti: string
  authTime: number
  scope: string
  expiresAt: number
  revokedAt: number | null
}
