import type { UserPoolDeps } from './deps.js'
import { errors } from './errors.js'
import type { ClientRecord, PoolRecord, UserRecord } from './store.js'
import { findUser } from './users.js'

export interface ActionContext {
  deps: UserPoolDeps
  /** The caller's address as the listener saw it (never a forwarded header). */
  sourceIp: string | undefined
}

/**
 * One Cognito operation. `auth: 'iam'` operations need a valid SigV4 signature made with the
 * stage's admin credentials; `'none'` ones are called by end users, as on AWS (§5.2).
 */
export interface Action {
  auth: 'none' | 'iam'
  run(ctx: ActionContext, body: unknown): Promise<object>
}

export async function requirePool(deps: UserPoolDeps, poolId: string): Promise<PoolRecord> {
  const pool = await deps.store.getPool(poolId)
  if (!pool) throw errors.poolNotFound(poolId)
  return pool
}

export async function requireClient(
  deps: UserPoolDeps,
  clientId: string,
): Promise<{ client: ClientRecord; pool: PoolRecord }> {
  const client = await deps.store.getClient(clientId)
  if (!client) throw errors.clientNotFound(clientId)
  const pool = await deps.store.getPool(client.poolId)
  if (!pool) throw errors.clientNotFound(clientId)
  return { client, pool }
}

/** The user a name (or an alias) denotes in the pool, or UserNotFoundException. */
export async function requireUser(
  deps: UserPoolDeps,
  pool: PoolRecord,
  username: string,
): Promise<UserRecord> {
  const user = await findUser(deps.store, pool, username)
  if (!user) throw errors.userNotFound()
  return user
}
