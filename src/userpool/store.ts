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
  /** Removes the user with its logins, codes, tokens, sessions and group memberships. */
  deleteUser(poolId: string, sub: string): Promise<boolean>
  /**
   * Users ordered by `sub`, starting after `after`, optionally narrowed by one searchable value.
   * Values are compared literally (exact or prefix); nothing in them is SQL.
   */
  listUsers(poolId: string, query: UserQuery): Promise<UserRecord[]>

  /** Replaces the code of this purpose (a new code supersedes the old one). */
  putCode(code: CodeRecord): Promise<void>
  getCode(poolId: string, sub: string, purpose: CodePurpose): Promise<CodeRecord | undefined>
  /**
   * Reserves one attempt at a code in a single statement: counts it and returns the code, or
   * undefined when there is no code or `maxAttempts` are spent. Concurrent guesses therefore
   * cannot check more than `maxAttempts` values (security.md §3 E99).
   */
  reserveCodeAttempt(
    poolId: string,
    sub: string,
    purpose: CodePurpose,
    maxAttempts: number,
  ): Promise<CodeRecord | undefined>
  /**
   * Reserves one send of a code in a single statement: a new window when the last one is over,
   * else one more send in it while fewer than `maxSends` went out. Returns the window and count
   * to record, or undefined when the limit is reached; `{ windowStart: now, sends: 1 }` when
   * there is no code yet.
   */
  reserveCodeSend(
    poolId: string,
    sub: string,
    purpose: CodePurpose,
    limit: { now: number; windowMs: number; maxSends: number },
  ): Promise<{ windowStart: number; sends: number } | undefined>

  /**
   * Stores a new refresh token; with `clearFailuresKey`, clears that sign-in failure count in the
   * same transaction (a successful sign-in commits once).
   */
  insertRefreshToken(token: RefreshTokenRecord, clearFailuresKey?: string): Promise<void>
  getRefreshToken(hash: string): Promise<RefreshTokenRecord | undefined>
  /** Marks one refresh token revoked (and with it its `origin_jti`); false if it was not there. */
  revokeRefreshToken(hash: string, at: number): Promise<boolean>
  /** Sets the user's signed-out time and revokes all of their refresh tokens, in one transaction. */
  signOutUser(poolId: string, sub: string, at: number): Promise<void>
  /** Whether the authentication `originJti` descends from has been revoked. */
  isOriginRevoked(poolId: string, originJti: string): Promise<boolean>

  insertAuthSession(session: AuthSessionRecord): Promise<void>
  /**
   * Marks a challenge session used and returns it. `firstUse` is true for exactly one caller,
   * however many take the same session concurrently. On that first use of an unexpired session
   * with a `lockKey`, one sign-in attempt is admitted in the same transaction (`admitSignIn`).
   */
  takeAuthSession(
    hash: string,
    at: number,
    schedule: LockoutSchedule,
  ): Promise<{ session: AuthSessionRecord; firstUse: boolean; admission?: Admission } | undefined>

  /**
   * Admits one password evaluation for `key` unless it is locked out, counting it as a failure
   * in the same statement (check-and-increment), so concurrent guesses cannot exceed the
   * schedule. A correct password clears the count with `clearSignInFailures`.
   */
  admitSignIn(poolId: string, key: string, now: number, schedule: LockoutSchedule): Promise<Admission>
  clearSignInFailures(poolId: string, key: string): Promise<void>
  /** Deletes spent challenge sessions and idle failure counts. */
  purgeExpired(now: number, idleMs: number): Promise<void>

  /** Returns false when a group of that name exists in the pool. */
  insertGroup(group: GroupRecord): Promise<boolean>
  getGroup(poolId: string, name: string): Promise<GroupRecord | undefined>
  /** Groups ordered by name, starting after `after`. */
  listGroups(poolId: string, limit: number, after?: string): Promise<GroupRecord[]>
  updateGroup(group: GroupRecord): Promise<void>
  /** Removes the group and its memberships. */
  deleteGroup(poolId: string, name: string): Promise<boolean>
  addUserToGroup(poolId: string, name: string, sub: string): Promise<void>
  removeUserFromGroup(poolId: string, name: string, sub: string): Promise<void>
  /** The user's groups ordered by name, starting after `after`. */
  listGroupsForUser(poolId: string, sub: string, limit: number, after?: string): Promise<GroupRecord[]>
  /** Members ordered by `sub`, starting after `after`. */
  listUsersInGroup(poolId: string, name: string, limit: number, after?: string): Promise<UserRecord[]>

  /** Returns false when the pool already has a resource server with that identifier. */
  insertResourceServer(server: ResourceServerRecord): Promise<boolean>
  getResourceServer(poolId: string, identifier: string): Promise<ResourceServerRecord | undefined>
  /** Resource servers ordered by identifier, starting after `after`. */
  listResourceServers(poolId: string, limit: number, after?: string): Promise<ResourceServerRecord[]>
  updateResourceServer(server: ResourceServerRecord): Promise<void>
  deleteResourceServer(poolId: string, identifier: string): Promise<boolean>

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
  /** The SRP salt and verifier, sealed (encrypted) by the user pool; the store keeps it opaque. */
  srpVerifier: string | null
  /** When the current password was set; a temporary one expires relative to it. */
  passwordSetAt: number | null
  /** Access tokens issued before this time (GlobalSignOut) are revoked. */
  signedOutAt: number | null
  attributes: Record<string, string>
  createdAt: number
  updatedAt: number
}

export interface UserChanges {
  addLogins?: readonly string[]
  removeLogins?: readonly string[]
  deleteCodes?: readonly CodePurpose[]
  /** Codes to store (each replaces the user's code of its purpose). */
  putCodes?: readonly CodeRecord[]
  /** Revokes every refresh token of the user at this time (a password reset signs out everywhere). */
  revokeTokensAt?: number
}

export type CodePurpose = 'SIGN_UP' | 'FORGOT_PASSWORD' | 'VERIFY_EMAIL' | 'VERIFY_PHONE_NUMBER'

export interface CodeRecord {
  poolId: string
  sub: string
  purpose: CodePurpose
  /** For attribute verification: the new value that becomes current once verified. */
  pendingValue?: string
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

/**
 * A page of users, optionally narrowed by one searchable value (ListUsers `Filter`), compared
 * exactly or as a prefix, against the value as stored or its `foldSearchValue` form.
 */
export interface UserQuery {
  limit: number
  after?: string
  filter?: { attribute: string; value: string; prefix: boolean; folded: boolean }
}

/** A challenge `Session`: stored by digest only, single use, short-lived. */
export interface AuthSessionRecord {
  /** SHA-256 of the opaque session value. */
  hash: string
  poolId: string
  clientId: string
  /** The user being signed in; null for a simulated unknown user. */
  sub: string | null
  challenge: string
  /** Sealed challenge state (for SRP it holds the server's secret exponent). */
  state: string
  /** The sign-in failure count that answering this challenge counts against, if any. */
  lockKey: string | null
  expiresAt: number
  usedAt: number | null
}

/** Lockout after the n-th counted failure is `lockMs[n - 1]` (the last entry repeats). */
export interface LockoutSchedule {
  lockMs: readonly number[]
  /** Counting starts over after this long without an admitted attempt. */
  idleMs: number
}

export type Admission = { admitted: true; failures: number } | { admitted: false }

export interface GroupRecord {
  poolId: string
  name: string
  description?: string
  roleArn?: string
  precedence?: number
  createdAt: number
  updatedAt: number
}

/** An OAuth 2.0 resource server and its custom scopes (`<identifier>/<ScopeName>` in tokens). */
export interface ResourceServerRecord {
  poolId: string
  identifier: string
  name: string
  scopes: Array<{ ScopeName: string; ScopeDescription: string }>
}
