import type { UserPoolDeps } from './deps.js'
import { errors } from './errors.js'
import { list, parseInput, required, string, struct } from './input.js'
import type { PoolRecord, ResourceServerRecord } from './store.js'

/** CreateResourceServer / UpdateResourceServer members (CIDP-M ResourceServerType). */
export const resourceServerFields = {
  Identifier: required(
    string({ min: 1, max: 256, pattern: [/^[\x21\x23-\x5b\x5d-\x7e]+$/, '[\\x21\\x23-\\x5B\\x5D-\\x7E]+'] }),
  ),
  Name: required(string({ min: 1, max: 256, pattern: [/^[\w\s+=,.@-]+$/, '[\\w\\s+=,.@-]+'] })),
  Scopes: list(
    struct({
      // No `/`: custom scopes are `<identifier>/<ScopeName>`.
      ScopeName: required(
        string({
          min: 1,
          max: 256,
          pattern: [/^[\x21\x23-\x2e\x30-\x5b\x5d-\x7e]+$/, '[\\x21\\x23-\\x2E\\x30-\\x5B\\x5D-\\x7E]+'],
        }),
      ),
      ScopeDescription: required(string({ min: 1, max: 256 })),
    }),
    { max: 100 },
  ),
}

export function resourceServerFrom(
  poolId: string,
  input: {
    Identifier: string
    Name: string
    Scopes?: Array<{ ScopeName: string; ScopeDescription: string }> | undefined
  },
): ResourceServerRecord {
  const scopes = input.Scopes ?? []
  if (new Set(scopes.map((s) => s.ScopeName)).size !== scopes.length)
    throw errors.invalidParameter('Duplicate scope names are not allowed.')
  return {
    poolId,
    identifier: input.Identifier,
    name: input.Name,
    scopes: scopes.map((s) => ({ ScopeName: s.ScopeName, ScopeDescription: s.ScopeDescription })),
  }
}

export async function requireResourceServer(
  deps: UserPoolDeps,
  pool: PoolRecord,
  identifier: string,
): Promise<ResourceServerRecord> {
  const server = await deps.store.getResourceServer(pool.id, identifier)
  if (!server) throw errors.resourceServerNotFound()
  return server
}

export function describeResourceServer(server: ResourceServerRecord): Record<string, unknown> {
  return {
    UserPoolId: server.poolId,
    Identifier: server.identifier,
    Name: server.name,
    Scopes: server.scopes,
  }
}

/** The most resource servers a pool may have (Cognito's quota is 25). */
export const MAX_RESOURCE_SERVERS = 25

/** Every custom scope of the pool, as `<identifier>/<ScopeName>`. */
export async function customScopesOf(deps: UserPoolDeps, poolId: string): Promise<Set<string>> {
  const servers = await deps.store.listResourceServers(poolId, MAX_RESOURCE_SERVERS)
  return new Set(servers.flatMap((s) => s.scopes.map((scope) => `${s.identifier}/${scope.ScopeName}`)))
}

/** Declarative provisioning for apps: the pool's resource server with this identifier, created or updated in place. */
export async function ensureResourceServer(
  deps: UserPoolDeps,
  wanted: {
    pool: PoolRecord
    identifier: string
    name: string
    scopes: Array<{ ScopeName: string; ScopeDescription: string }>
  },
): Promise<ResourceServerRecord> {
  const input = parseInput(resourceServerFields, {
    Identifier: wanted.identifier,
    Name: wanted.name,
    Scopes: wanted.scopes,
  })
  const server = resourceServerFrom(wanted.pool.id, input)
  const existing = await deps.store.getResourceServer(wanted.pool.id, wanted.identifier)
  if (!existing) {
    if (!(await deps.store.insertResourceServer(server))) await deps.store.updateResourceServer(server)
  } else if (JSON.stringify(existing) !== JSON.stringify(server))
    await deps.store.updateResourceServer(server)
  return server
}
