import type { Kysely } from 'kysely'
import type { AuthorizationCodeRecord, LoginSessionRecord, OAuthStore } from '../oauth/index.js'
import type { SigningKey } from '../tokens/index.js'
import type {
  Admission,
  AuthSessionRecord,
  ClientRecord,
  CodePurpose,
  CodeRecord,
  GroupRecord,
  LockoutSchedule,
  PoolRecord,
  RefreshTokenRecord,
  ResourceServerRecord,
  UserChanges,
  UserPoolStore,
  UserQuery,
  UserRecord,
} from '../userpool/index.js'
import { type DriverErrors, fullDurability, type RelaxedDurability } from './queries/db.js'
import * as groups from './queries/groups.js'
import * as oauth from './queries/oauth.js'
import * as pools from './queries/pools.js'
import * as signIn from './queries/sign-in.js'
import * as users from './queries/users.js'
import type { Database } from './schema.js'

export type { DriverErrors, RelaxedDurability } from './queries/db.js'

/**
 * The user pool store over Kysely. The SQL is portable, so the SQLite and PostgreSQL adapters
 * share this class and differ only in their driver and error mapping. Queries live in
 * `queries/`, one file per part of the port; this class maps driver outages for all of them.
 */
export class KyselyUserPoolStore implements UserPoolStore, OAuthStore {
  readonly #db: Kysely<Database>
  readonly #driver: DriverErrors
  readonly #relaxed: RelaxedDurability

  constructor(db: Kysely<Database>, driver: DriverErrors, relaxed: RelaxedDurability = fullDurability) {
    this.#db = db
    this.#driver = driver
    this.#relaxed = relaxed
  }

  /** Sign-in bookkeeping that may roll back on a power loss, never on a crash (RelaxedDurability). */
  #runRelaxed<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
    return this.#run(() => this.#relaxed(this.#db, work))
  }

  async #run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (error) {
      throw this.#driver.translate(error)
    }
  }

  insertPool(pool: PoolRecord, keys: readonly SigningKey[]): Promise<void> {
    return this.#run(() => pools.insertPool(this.#db, pool, keys))
  }

  getPool(id: string): Promise<PoolRecord | undefined> {
    return this.#run(() => pools.getPool(this.#db, id))
  }

  listPools(limit: number, after?: string): Promise<PoolRecord[]> {
    return this.#run(() => pools.listPools(this.#db, limit, after))
  }

  updatePool(pool: PoolRecord): Promise<void> {
    return this.#run(() => pools.updatePool(this.#db, pool))
  }

  deletePool(id: string): Promise<boolean> {
    return this.#run(() => pools.deletePool(this.#db, id))
  }

  countUsers(poolId: string): Promise<number> {
    return this.#run(() => pools.countUsers(this.#db, poolId))
  }

  getSigningKeys(poolId: string): Promise<SigningKey[]> {
    return this.#run(() => pools.getSigningKeys(this.#db, poolId))
  }

  insertClient(client: ClientRecord): Promise<void> {
    return this.#run(() => pools.insertClient(this.#db, client))
  }

  getClient(id: string): Promise<ClientRecord | undefined> {
    return this.#run(() => pools.getClient(this.#db, id))
  }

  listClients(poolId: string, limit: number, after?: string): Promise<ClientRecord[]> {
    return this.#run(() => pools.listClients(this.#db, poolId, limit, after))
  }

  updateClient(client: ClientRecord): Promise<void> {
    return this.#run(() => pools.updateClient(this.#db, client))
  }

  deleteClient(id: string): Promise<boolean> {
    return this.#run(() => pools.deleteClient(this.#db, id))
  }

  insertUser(user: UserRecord, logins: readonly string[], code?: CodeRecord): Promise<void> {
    return this.#run(() => users.insertUser(this.#db, this.#driver, user, logins, code))
  }

  findUserByLogin(poolId: string, login: string): Promise<UserRecord | undefined> {
    return this.#run(() => users.findUserByLogin(this.#db, poolId, login))
  }

  getUser(poolId: string, sub: string): Promise<UserRecord | undefined> {
    return this.#run(() => users.getUser(this.#db, poolId, sub))
  }

  saveUser(user: UserRecord, changes: UserChanges = {}): Promise<void> {
    return this.#run(() => users.saveUser(this.#db, this.#driver, user, changes))
  }

  deleteUser(poolId: string, sub: string): Promise<boolean> {
    return this.#run(() => users.deleteUser(this.#db, poolId, sub))
  }

  listUsers(poolId: string, query: UserQuery): Promise<UserRecord[]> {
    return this.#run(() => users.listUsers(this.#db, poolId, query))
  }

  putCode(code: CodeRecord): Promise<void> {
    return this.#run(() => users.putCode(this.#db, code))
  }

  getCode(poolId: string, sub: string, purpose: CodePurpose): Promise<CodeRecord | undefined> {
    return this.#run(() => users.getCode(this.#db, poolId, sub, purpose))
  }

  reserveCodeAttempt(
    poolId: string,
    sub: string,
    purpose: CodePurpose,
    maxAttempts: number,
  ): Promise<CodeRecord | undefined> {
    return this.#run(() => users.reserveCodeAttempt(this.#db, poolId, sub, purpose, maxAttempts))
  }

  reserveCodeSend(
    poolId: string,
    sub: string,
    purpose: CodePurpose,
    limit: { now: number; windowMs: number; maxSends: number },
  ): Promise<{ windowStart: number; sends: number } | undefined> {
    return this.#run(() => users.reserveCodeSend(this.#db, poolId, sub, purpose, limit))
  }

  insertRefreshToken(token: RefreshTokenRecord, clearFailuresKey?: string): Promise<void> {
    return this.#run(() => signIn.insertRefreshToken(this.#db, token, clearFailuresKey))
  }

  getRefreshToken(hash: string): Promise<RefreshTokenRecord | undefined> {
    return this.#run(() => signIn.getRefreshToken(this.#db, hash))
  }

  revokeRefreshToken(hash: string, at: number): Promise<boolean> {
    return this.#run(() => signIn.revokeRefreshToken(this.#db, hash, at))
  }

  signOutUser(poolId: string, sub: string, at: number): Promise<void> {
    return this.#run(() => signIn.signOutUser(this.#db, poolId, sub, at))
  }

  isOriginRevoked(poolId: string, originJti: string): Promise<boolean> {
    return this.#run(() => signIn.isOriginRevoked(this.#db, poolId, originJti))
  }

  insertAuthSession(session: AuthSessionRecord): Promise<void> {
    return this.#runRelaxed((db) => signIn.insertAuthSession(db, session))
  }

  takeAuthSession(
    hash: string,
    at: number,
    schedule: LockoutSchedule,
  ): Promise<{ session: AuthSessionRecord; firstUse: boolean; admission?: Admission } | undefined> {
    return this.#runRelaxed((db) => signIn.takeAuthSession(db, hash, at, schedule))
  }

  admitSignIn(poolId: string, key: string, now: number, schedule: LockoutSchedule): Promise<Admission> {
    return this.#runRelaxed((db) => signIn.admitSignIn(db, poolId, key, now, schedule))
  }

  clearSignInFailures(poolId: string, key: string): Promise<void> {
    return this.#runRelaxed((db) => signIn.clearSignInFailures(db, poolId, key))
  }

  purgeExpired(now: number, idleMs: number): Promise<void> {
    return this.#runRelaxed((db) => signIn.purgeExpired(db, now, idleMs))
  }

  insertGroup(group: GroupRecord): Promise<boolean> {
    return this.#run(() => groups.insertGroup(this.#db, group))
  }

  getGroup(poolId: string, name: string): Promise<GroupRecord | undefined> {
    return this.#run(() => groups.getGroup(this.#db, poolId, name))
  }

  listGroups(poolId: string, limit: number, after?: string): Promise<GroupRecord[]> {
    return this.#run(() => groups.listGroups(this.#db, poolId, limit, after))
  }

  updateGroup(group: GroupRecord): Promise<void> {
    return this.#run(() => groups.updateGroup(this.#db, group))
  }

  deleteGroup(poolId: string, name: string): Promise<boolean> {
    return this.#run(() => groups.deleteGroup(this.#db, poolId, name))
  }

  addUserToGroup(poolId: string, name: string, sub: string): Promise<void> {
    return this.#run(() => groups.addUserToGroup(this.#db, poolId, name, sub))
  }

  removeUserFromGroup(poolId: string, name: string, sub: string): Promise<void> {
    return this.#run(() => groups.removeUserFromGroup(this.#db, poolId, name, sub))
  }

  listGroupsForUser(poolId: string, sub: string, limit: number, after?: string): Promise<GroupRecord[]> {
    return this.#run(() => groups.listGroupsForUser(this.#db, poolId, sub, limit, after))
  }

  listUsersInGroup(poolId: string, name: string, limit: number, after?: string): Promise<UserRecord[]> {
    return this.#run(() => groups.listUsersInGroup(this.#db, poolId, name, limit, after))
  }

  secret(name: string, create: () => string): Promise<string> {
    return this.#run(() => pools.secret(this.#db, name, create))
  }

  insertResourceServer(server: ResourceServerRecord): Promise<boolean> {
    return this.#run(() => oauth.insertResourceServer(this.#db, server))
  }

  getResourceServer(poolId: string, identifier: string): Promise<ResourceServerRecord | undefined> {
    return this.#run(() => oauth.getResourceServer(this.#db, poolId, identifier))
  }

  listResourceServers(poolId: string, limit: number, after?: string): Promise<ResourceServerRecord[]> {
    return this.#run(() => oauth.listResourceServers(this.#db, poolId, limit, after))
  }

  updateResourceServer(server: ResourceServerRecord): Promise<void> {
    return this.#run(() => oauth.updateResourceServer(this.#db, server))
  }

  deleteResourceServer(poolId: string, identifier: string): Promise<boolean> {
    return this.#run(() => oauth.deleteResourceServer(this.#db, poolId, identifier))
  }

  insertAuthorizationCode(code: AuthorizationCodeRecord): Promise<void> {
    return this.#run(() => oauth.insertAuthorizationCode(this.#db, code))
  }

  redeemAuthorizationCode(
    hash: string,
    at: number,
    originJti: string,
  ): Promise<{ code: AuthorizationCodeRecord; firstUse: boolean } | undefined> {
    return this.#run(() => oauth.redeemAuthorizationCode(this.#db, hash, at, originJti))
  }

  revokeCodeGrant(codeHash: string, at: number): Promise<void> {
    return this.#run(() => oauth.revokeCodeGrant(this.#db, codeHash, at))
  }

  codeReplayed(codeHash: string): Promise<boolean> {
    return this.#run(() => oauth.codeReplayed(this.#db, codeHash))
  }

  insertLoginSession(session: LoginSessionRecord, replaces?: string): Promise<void> {
    return this.#run(() => oauth.insertLoginSession(this.#db, session, replaces))
  }

  getLoginSession(hash: string): Promise<LoginSessionRecord | undefined> {
    return this.#run(() => oauth.getLoginSession(this.#db, hash))
  }

  deleteLoginSession(hash: string): Promise<void> {
    return this.#run(() => oauth.deleteLoginSession(this.#db, hash))
  }

  purgeOAuth(now: number): Promise<void> {
    return this.#run(() => oauth.purgeOAuth(this.#db, now))
  }
}
