import type { Clock, Logger } from '../core/index.js'
import { JwtAuthorizer } from './authorizer.js'
import { type ApiConfig, DEFAULT_ACCOUNT_ID, type JwtAuthorizerConfig } from './config.js'
import { Cors } from './cors.js'
import { type AuthFailure, insufficientScope } from './errors.js'
import type { ApiFacts } from './event.js'
import { DEFAULT_FUNCTION_TIMEOUT_MS } from './invoke.js'
import { KeySet } from './jwks.js'
import { parseRouteKey } from './route-key.js'
import { Router } from './router.js'
import { VerifiedTokenCache } from './token-cache.js'

/** A route with everything the data plane needs precomputed. */
export interface CompiledRoute {
  routeKey: string
  functionId: string
  timeoutMs: number
  authorizer: JwtAuthorizer | undefined
  /** `undefined` on routes without `authorizationScopes` (then `jwt.scopes` is `null`). */
  scopes: ReadonlySet<string> | undefined
  /** The 403 answer of this route when a valid token holds none of its scopes. */
  forbidden: AuthFailure
}

/** An API definition turned into lookup structures, built once per `createGateway`/`update`. */
export interface CompiledApi {
  facts: ApiFacts
  /** `/dev` for a stage named `dev`; `undefined` for `$default`, which is served from the root. */
  stagePrefix: string | undefined
  router: Router<CompiledRoute>
  cors: Cors | undefined
  /** Header fields that must not be sent twice: `authorization`, `host` and every header identity source. */
  singletons: ReadonlySet<string>
}

/** Key sets and verified-token caches outlive configuration updates when their inputs are unchanged. */
export interface SharedState {
  keySets: Map<string, KeySet>
  caches: Map<string, VerifiedTokenCache>
  fetch: typeof fetch
  clock: Clock
  logger: Logger
  functionTimeoutMs: ((functionId: string) => number) | undefined
}

export function compileApi(config: ApiConfig, shared: SharedState): CompiledApi {
  const singletons = new Set(['authorization', 'host'])
  const authorizers = new Map<string, JwtAuthorizer>()
  const keySetsInUse = new Set<string>()
  const cachesInUse = new Set<string>()
  for (const authorizerConfig of config.authorizers) {
    const keySetId = `${authorizerConfig.issuer}\n${authorizerConfig.jwksUri ?? ''}`
    const cacheId = cacheIdentity(authorizerConfig)
    keySetsInUse.add(keySetId)
    cachesInUse.add(cacheId)
    const { issuer, jwksUri } = authorizerConfig
    const { fetch, clock, logger } = shared
    const keySet = reuse(
      shared.keySets,
      keySetId,
      () => new KeySet({ issuer, jwksUri, fetch, clock, logger }),
    )
    const cache = reuse(shared.caches, cacheId, () => new VerifiedTokenCache())
    const authorizer = new JwtAuthorizer(authorizerConfig, keySet, cache, shared.clock)
    if (authorizer.source.kind === 'header') singletons.add(authorizer.source.name)
    authorizers.set(authorizerConfig.name, authorizer)
  }
  release(shared, keySetsInUse, cachesInUse)
  const router = new Router<CompiledRoute>()
  for (const route of config.routes) {
    const key = parseRouteKey(route.routeKey)
    if (typeof key === 'string') throw new Error(`routes[${JSON.stringify(route.routeKey)}]: ${key}`)
    const scopes = route.authorizationScopes?.length ? route.authorizationScopes : undefined
    router.add(key, {
      routeKey: route.routeKey,
      functionId: route.functionId,
      timeoutMs: shared.functionTimeoutMs?.(route.functionId) ?? DEFAULT_FUNCTION_TIMEOUT_MS,
      authorizer: route.authorizer === undefined ? undefined : authorizers.get(route.authorizer),
      scopes: scopes && new Set(scopes),
      forbidden: insufficientScope(scopes ?? []),
    })
  }
  const stage = config.stage ?? '$default'
  return {
    facts: { apiId: config.apiId, accountId: config.accountId ?? DEFAULT_ACCOUNT_ID, stage },
    stagePrefix: stage === '$default' ? undefined : `/${stage}`,
    router,
    cors: config.cors && new Cors(config.cors),
    singletons,
  }
}

/** What a verified token's validity depends on; the identity source and name do not matter. */
function cacheIdentity(config: JwtAuthorizerConfig): string {
  return JSON.stringify([
    config.issuer,
    config.jwksUri ?? '',
    [...config.audience].sort(),
    config.tokenUse ?? 'any',
  ])
}

function reuse<T>(map: Map<string, T>, id: string, create: () => T): T {
  const existing = map.get(id)
  if (existing !== undefined) return existing
  const created = create()
  map.set(id, created)
  return created
}

function release(shared: SharedState, keySets: Set<string>, caches: Set<string>): void {
  for (const [id, keySet] of shared.keySets)
    if (!keySets.has(id)) {
      keySet.close()
      shared.keySets.delete(id)
    }
  for (const id of shared.caches.keys()) if (!caches.has(id)) shared.caches.delete(id)
}
