import { generateSigningKey } from '../tokens/index.js'
import { checkClientAttributes } from './actions/update-user-pool-client.js'
import { clientSettingsFrom, clientSettingsShape, newClientSecret } from './clients.js'
import type { UserPoolDeps } from './deps.js'
import { CognitoError } from './errors.js'
import { parseInput } from './input.js'
import { checkOAuthSettings } from './oauth-settings.js'
import { poolSettingsFrom, poolSettingsShape } from './pools.js'
import type { ClientRecord, PoolRecord } from './store.js'

/**
 * Declarative provisioning for apps: make the pool with this id exist with these settings,
 * creating it (with fresh signing keys) or updating it in place. Settings are CreateUserPool
 * input; the same validation as the API applies. Settings AWS fixes at creation (how users sign
 * in, case sensitivity) cannot change on an existing pool.
 */
export async function ensurePool(
  deps: UserPoolDeps,
  wanted: { id: string; name: string; settings: Record<string, unknown> },
): Promise<PoolRecord> {
  const settings = poolSettingsFrom(parseInput(poolSettingsShape, wanted.settings))
  const now = deps.clock.now()
  const existing = await deps.store.getPool(wanted.id)
  if (!existing) {
    const pool = { id: wanted.id, name: wanted.name, createdAt: now, updatedAt: now, settings }
    const keys = await Promise.all([generateSigningKey('id', now), generateSigningKey('access', now)])
    await deps.store.insertPool(pool, keys)
    return pool
  }
  for (const key of ['UsernameAttributes', 'AliasAttributes', 'UsernameConfiguration'] as const)
    if (JSON.stringify(existing.settings[key] ?? null) !== JSON.stringify(settings[key] ?? null))
      throw new CognitoError(
        'InvalidParameterException',
        `${key} of user pool ${wanted.name} cannot change once the pool exists; remove the stage's data to recreate it`,
      )
  if (existing.name === wanted.name && JSON.stringify(existing.settings) === JSON.stringify(settings))
    return existing
  const pool = { ...existing, name: wanted.name, settings, updatedAt: now }
  await deps.store.updatePool(pool)
  return pool
}

/** Makes the client with this id exist with these settings; a secret, once made, is kept. */
export async function ensureClient(
  deps: UserPoolDeps,
  wanted: {
    id: string
    pool: PoolRecord
    name: string
    generateSecret: boolean
    settings: Record<string, unknown>
  },
): Promise<ClientRecord> {
  const settings = clientSettingsFrom(parseInput(clientSettingsShape, wanted.settings))
  checkClientAttributes(wanted.pool, settings)
  await checkOAuthSettings(deps, wanted.pool, settings, wanted.generateSecret)
  const now = deps.clock.now()
  const existing = await deps.store.getClient(wanted.id)
  const secret = wanted.generateSecret ? (existing?.secret ?? newClientSecret(deps.random)) : undefined
  const client: ClientRecord = {
    id: wanted.id,
    poolId: wanted.pool.id,
    name: wanted.name,
    ...(secret ? { secret } : {}),
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    settings,
  }
  if (!existing) await deps.store.insertClient(client)
  else if (existing.poolId !== wanted.pool.id)
    throw new CognitoError(
      'InvalidParameterException',
      `client ${wanted.name} cannot move to another user pool`,
    )
  else if (JSON.stringify({ ...existing, updatedAt: now }) !== JSON.stringify(client))
    await deps.store.updateClient(client)
  return existing && JSON.stringify({ ...existing, updatedAt: now }) === JSON.stringify(client)
    ? existing
    : client
}
