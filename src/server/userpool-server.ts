import type { Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { join } from 'node:path'
import { createAdaptorServer, type HttpBindings } from '@hono/node-server'
import { Hono } from 'hono'
import {
  type Clock,
  cryptoRandom,
  type Logger,
  type Random,
  silentLogger,
  systemClock,
} from '../core/index.js'
import { type HostedUiDeps, hostedUiApp } from '../hosted-ui/index.js'
import { callerAddress, discoveryDocument, oauthApp } from '../oauth/index.js'
import { openSqliteStore } from '../storage/index.js'
import { jwksDocument, TokenSigner } from '../tokens/index.js'
import {
  ACTIONS,
  type AdminCredentials,
  createArgon2Hasher,
  createCognitoHandler,
  issuerOf,
  type MessageSender,
  type UserPoolStore,
} from '../userpool/index.js'
import { stageCredentials, stageKey } from './credentials.js'
import { LastKnown } from './last-known.js'
import { closeServer, listen, originOf } from './listen.js'
import { outboxSender } from './outbox.js'

export interface UserPoolServerOptions {
  /** The stage's data folder: holds `data.db` and `outbox.jsonl`. */
  dataDir: string
  /** A `postgres://` URL to keep users, keys and counters in PostgreSQL (several instances); default SQLite in `dataDir`. */
  databaseUrl?: string
  /** 0 picks a free port. */
  port: number
  host?: string
  /** Base URL that goes into issuers; defaults to the listener's own address. */
  publicUrl?: string
  region?: string
  accountId?: string
  logger?: Logger
  clock?: Clock
  random?: Random
  sender?: MessageSender
  /** Serve over HTTPS with this certificate (`portcullis dev --https`); hosted-UI cookies become `__Host-` and Secure. */
  https?: { key: string; cert: string }
  /** Whether the development outbox logs codes (true in `dev`); they are in the outbox file either way. */
  logCodes?: boolean
  /** Proxies in front whose X-Forwarded-For entries name the caller, for per-address limits. Default 0. */
  trustedProxies?: number
}

export interface UserPoolServer {
  url: string
  port: number
  store: UserPoolStore
  deps: HostedUiDeps
  credentials: AdminCredentials
  close(): Promise<void>
}

/** Starts the Cognito-compatible user pool service on its own listener. */
export async function startUserPoolServer(options: UserPoolServerOptions): Promise<UserPoolServer> {
  const logger = options.logger ?? silentLogger
  const random = options.random ?? cryptoRandom
  const host = options.host ?? '127.0.0.1'
  const { store, close: closeStore } = options.databaseUrl
    ? await (await import('../storage/postgres/index.js')).openPostgresStore({ url: options.databaseUrl })
    : await openSqliteStore(join(options.dataDir, 'data.db'))
  let baseUrl = options.publicUrl?.replace(/\/+$/, '') ?? ''
  const deps: HostedUiDeps = {
    store,
    clock: options.clock ?? systemClock,
    random,
    hasher: await createArgon2Hasher(),
    signer: new TokenSigner(),
    sender:
      options.sender ??
      outboxSender(join(options.dataDir, 'outbox.jsonl'), logger, { logCodes: options.logCodes ?? true }),
    logger,
    baseUrl: () => baseUrl,
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '000000000000',
    codeKey: await stageKey(store, random, 'code-key'),
    fakeKey: await stageKey(store, random, 'fake-key'),
    credentials: await stageCredentials(store, random),
    oauth: store,
    csrfKey: await stageKey(store, random, 'csrf-key'),
    // Behind a TLS-terminating proxy the public URL is https although this listener is not.
    secure: options.https !== undefined || options.publicUrl?.startsWith('https://') === true,
    ...(options.trustedProxies ? { trustedProxies: options.trustedProxies } : {}),
  }
  const server = createAdaptorServer({
    fetch: userPoolApp(deps).fetch,
    ...(options.https ? { createServer: createHttpsServer, serverOptions: options.https } : {}),
  }) as Server
  let port: number
  try {
    port = await listen(server, options.port, host)
  } catch (error) {
    await closeStore()
    throw error
  }
  const url = originOf(host, port, options.https ? 'https' : 'http')
  if (!baseUrl) baseUrl = url
  logger.info({ url }, 'user pool listening')
  return {
    url,
    port,
    store,
    deps,
    credentials: deps.credentials,
    close: async () => {
      await closeServer(server)
      await closeStore()
    },
  }
}

/**
 * The user pool's HTTP surface: the Cognito JSON API at `/`; under each pool's issuer its JWKS,
 * discovery, the OAuth endpoints and the hosted pages.
 */
/** How often JWKS and discovery are read from the store; in between, and in outages, memory answers. */
const METADATA_REFRESH_MS = 5_000
/** The shape of a pool id (CIDP-M UserPoolIdType); anything else is not looked up at all. */
const POOL_ID = /^[\w-]{1,45}_[0-9a-zA-Z]{1,9}$/

export function userPoolApp(deps: HostedUiDeps): Hono<{ Bindings: HttpBindings }> {
  const cognito = createCognitoHandler(deps, ACTIONS)
  const app = new Hono<{ Bindings: HttpBindings }>()
  app.post('/', (c) => cognito(c.req.raw, { sourceIp: callerAddress(deps, c) }))
  const signingKeys = new LastKnown<Awaited<ReturnType<typeof deps.store.getSigningKeys>>>(
    METADATA_REFRESH_MS,
  )
  const pools = new LastKnown<Awaited<ReturnType<typeof deps.store.getPool>>>(METADATA_REFRESH_MS)
  app.get('/:poolId/.well-known/jwks.json', async (c) => {
    const poolId = c.req.param('poolId')
    if (!POOL_ID.test(poolId)) return c.json({ message: 'Not Found' }, 404)
    const keys = await signingKeys.get(
      poolId,
      () => deps.store.getSigningKeys(poolId),
      (k) => k.length > 0,
    )
    if (keys.length === 0) return c.json({ message: 'Not Found' }, 404)
    c.header('cache-control', 'public, max-age=300')
    return c.json(jwksDocument(keys))
  })
  app.get('/:poolId/.well-known/openid-configuration', async (c) => {
    const poolId = c.req.param('poolId')
    if (!POOL_ID.test(poolId)) return c.json({ message: 'Not Found' }, 404)
    const pool = await pools.get(
      poolId,
      () => deps.store.getPool(poolId),
      (p) => p !== undefined,
    )
    if (!pool) return c.json({ message: 'Not Found' }, 404)
    const issuer = issuerOf(deps, pool.id)
    return c.json(discoveryDocument(issuer, issuer))
  })
  app.route('/:poolId', oauthApp(deps))
  app.route('/:poolId', hostedUiApp(deps))
  app.notFound((c) => c.json({ message: 'Not Found' }, 404))
  return app
}
