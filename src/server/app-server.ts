import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AppModel, FunctionModel } from '../app/index.js'
import { resolveTokens, synthesize } from '../app/index.js'
import { type Logger, UserFacingError } from '../core/index.js'
import { type ApiConfig, createGateway, type Gateway, MAX_HEADER_BYTES } from '../gateway/index.js'
import { createRuntime, type FunctionSpec, type Runtime } from '../runtime/index.js'
import { CognitoError, ensureClient, ensurePool, ensureResourceServer, issuerOf } from '../userpool/index.js'
import { stageKey } from './credentials.js'
import { DEFAULT_USERPOOL_PORT } from './defaults.js'
import { ids } from './ids.js'
import { closeServer, listen, originOf } from './listen.js'
import { findConfig, loadAppConfig } from './load-app.js'
import { type OutputsFile, writeOutputs } from './outputs.js'
import { type StagePaths, stagePaths } from './stage.js'
import { fetchTrusting, stageCertificate } from './tls.js'
import { startUserPoolServer, type UserPoolServer } from './userpool-server.js'

export { DEFAULT_API_PORT, DEFAULT_USERPOOL_PORT } from './defaults.js'

export interface AppServerOptions {
  appDir: string
  stage: string
  /** Port of the first API; further APIs take the next ones. 0 picks free ports for everything. */
  port: number
  /** Port of the user pool (Cognito endpoint); default 8100, or free when `port` is 0. */
  userPoolPort?: number
  host?: string
  /** Public base URL of the user pool, for issuers behind a proxy; default the listener's address. */
  publicUrl?: string
  mode: 'isolated' | 'inprocess'
  /** Folder for the stage's data; default `<appDir>/.portcullis/<stage>`. */
  dataDir?: string
  /** A `postgres://` URL: users, keys and counters in PostgreSQL, shared by several instances. */
  databaseUrl?: string
  /** Proxies in front of the user pool whose X-Forwarded-For entries are trusted. */
  trustedProxies?: number
  /** Reload on changes to the config, its stacks and the handlers (dev). */
  watch: boolean
  /** Serve the user pool (API, hosted UI, OAuth) over HTTPS with the stage's self-signed certificate. */
  https?: boolean
  logger: Logger
  /** One log line per API request (the default); `false` drops them. */
  requestLog?: boolean
}

export interface AppServer {
  /** The definition currently applied. */
  readonly model: AppModel
  readonly outputs: OutputsFile
  readonly paths: StagePaths
  readonly userPool: UserPoolServer
  /** Loads the config again and applies it; resolves with the problems that kept it from applying. */
  reload(): Promise<string[]>
  /** The config's files (to watch them). */
  readonly configFiles: readonly string[]
  close(): Promise<void>
}

interface Listener {
  server: Server
  url: string
  gateway?: Gateway
  /** Settles once the gateway is attached, or fails when the definition could not be applied. */
  attached: PromiseWithResolversLike
}

interface PromiseWithResolversLike {
  promise: Promise<void>
  resolve(): void
  reject(error: unknown): void
}

function deferred(): PromiseWithResolversLike {
  let resolve!: () => void
  let reject!: (error: unknown) => void
  const promise = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  promise.catch(() => {})
  return { promise, resolve, reject }
}

/**
 * The composition root of an app: loads and checks the definition, starts the user pool,
 * provisions pools and clients with stable ids, starts one gateway listener per API and the
 * handler runtime, and writes the outputs. `reload()` applies an edited definition in place.
 */
export async function startApp(options: AppServerOptions): Promise<AppServer> {
  const logger = options.logger
  const host = options.host ?? '127.0.0.1'
  const configPath = findConfig(options.appDir)
  const paths = stagePaths(options.appDir, options.stage, options.dataDir)
  let loaded = await loadAppConfig(configPath)
  const first = synthesize(loaded.definition, options.stage)
  if (!first.ok)
    throw new UserFacingError(`the app definition has problems:\n  ${first.problems.join('\n  ')}`)

  const tls = options.https ? await stageCertificate(paths.dir) : undefined
  const userPool = await startUserPoolServer({
    dataDir: paths.dir,
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    ...(options.trustedProxies ? { trustedProxies: options.trustedProxies } : {}),
    logCodes: options.watch,
    port: options.userPoolPort ?? (options.port === 0 ? 0 : DEFAULT_USERPOOL_PORT),
    host,
    region: first.model.region,
    logger: logger.child({ service: 'userpool' }),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    ...(tls ? { https: tls } : {}),
  })
  const jwksFetch = tls ? fetchTrusting(userPool.url, tls.cert) : undefined
  if (!options.https && !options.publicUrl?.startsWith('https://'))
    logger.warn(
      { hostedUi: userPool.url },
      'the hosted UI is served over plain HTTP: its cookies are not Secure (use --https for __Host- Secure cookies)',
    )
  if (!options.watch)
    logger.warn(
      { outbox: paths.outbox },
      'confirmation codes and temporary passwords are written to the outbox file, not delivered: no email or SMS sender is configured',
    )
  const key = await stageKey(userPool.store, userPool.deps.random, 'resource-key')
  const listeners = new Map<string, Listener>()
  let runtime: Runtime | undefined
  let outputs: OutputsFile | undefined
  let current: AppModel = first.model
  let timeouts = new Map<string, number>()

  async function apply(model: AppModel): Promise<void> {
    const values = await provision(model)
    await ensureListeners(model, values)
    const lookup = (ref: string) => values.get(ref)
    const localJwks = new Map(
      model.userPools.map((p) => {
        const id = values.get(`${p.path}.userPoolId`)!
        return [values.get(`${p.path}.issuer`)!, `${userPool.url}/${id}/.well-known/jwks.json`] as const
      }),
    )
    const { functions, routeFunction } = collectFunctions(model, lookup)
    const baseEnvironment = {
      AWS_REGION: model.region,
      AWS_DEFAULT_REGION: model.region,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: userPool.url,
      AWS_ACCESS_KEY_ID: userPool.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: userPool.credentials.secretAccessKey,
      PORTCULLIS_STAGE: model.stage,
    }
    if (!runtime)
      runtime = await createRuntime({
        rootDir: options.appDir,
        functions,
        mode: options.mode,
        watch: options.watch,
        outDir: paths.build,
        logger: logger.child({ service: 'runtime' }),
        baseEnvironment,
        region: model.region,
        onReload: (changed) => logger.info({ functions: changed }, 'reloaded'),
      })
    else await runtime.update(functions)
    timeouts = new Map(functions.map((f) => [f.id, Math.min(f.timeoutMs ?? 30_000, 30_000)]))

    for (const api of model.apis) {
      const listener = listeners.get(api.path)!
      const config: ApiConfig = {
        apiId: ids.api(key, api.path),
        name: api.id,
        region: model.region,
        routes: api.routes.map((r) => ({
          routeKey: r.routeKey,
          functionId: routeFunction.get(r)!,
          ...(r.authorizer ? { authorizer: r.authorizer } : {}),
          ...(r.authorizationScopes ? { authorizationScopes: r.authorizationScopes } : {}),
        })),
        authorizers: api.authorizers.map((a) => {
          const issuer = resolveTokens(a.issuer, lookup)
          const ownJwks = localJwks.get(issuer)
          return {
            name: a.name,
            issuer,
            audience: a.audience.map((v) => resolveTokens(v, lookup)),
            identitySource: a.identitySource,
            tokenUse: a.tokenUse,
            // The app's own pools: keys from this process's listener, so the issuer (a public URL
            // behind a load balancer, say) need not be reachable from here.
            ...(ownJwks ? { jwksUri: ownJwks } : {}),
          }
        }),
        ...(api.cors
          ? {
              cors: {
                allowOrigins: api.cors.allowOrigins,
                allowMethods: api.cors.allowMethods,
                allowHeaders: api.cors.allowHeaders,
                exposeHeaders: api.cors.exposeHeaders,
                allowCredentials: api.cors.allowCredentials,
                ...(api.cors.maxAgeSeconds !== undefined ? { maxAge: api.cors.maxAgeSeconds } : {}),
              },
            }
          : {}),
      }
      if (listener.gateway) listener.gateway.update(config)
      else {
        listener.gateway = createGateway(config, {
          invoke: (request) => runtime!.invoke(request),
          ...(jwksFetch ? { fetch: jwksFetch } : {}),
          logger: logger.child({ api: api.id }),
          functionTimeoutMs: (id) => timeouts.get(id) ?? 30_000,
          requestLog: options.requestLog,
        })
        listener.attached.resolve()
      }
    }
    for (const [path, listener] of listeners)
      if (!model.apis.some((a) => a.path === path)) {
        listener.gateway?.close()
        await closeServer(listener.server)
        listeners.delete(path)
      }
    outputs = buildOutputs(model, lookup, userPool.deps.baseUrl())
    current = model
    await writeOutputs(paths.outputs, outputs)
  }

  /** Creates or updates every pool and client; returns the values of the definition's tokens. */
  async function provision(model: AppModel): Promise<Map<string, string>> {
    const values = new Map<string, string>()
    const pools = new Map<string, Awaited<ReturnType<typeof ensurePool>>>()
    try {
      for (const p of model.userPools) {
        const wanted = { id: ids.pool(key, model.region, p.path), name: p.name, settings: p.settings }
        const pool = await onceMore(() => ensurePool(userPool.deps, wanted))
        pools.set(p.path, pool)
        const issuer = issuerOf(userPool.deps, pool.id)
        values.set(`${p.path}.userPoolId`, pool.id)
        values.set(
          `${p.path}.userPoolArn`,
          `arn:aws:cognito-idp:${model.region}:000000000000:userpool/${pool.id}`,
        )
        values.set(`${p.path}.issuer`, issuer)
      }
      for (const r of model.resourceServers) {
        const pool = pools.get(r.poolPath)
        if (!pool) throw new UserFacingError(`${r.path}: its user pool ${r.poolPath} is not part of the app`)
        await onceMore(() =>
          ensureResourceServer(userPool.deps, {
            pool,
            identifier: r.identifier,
            name: r.name,
            scopes: r.scopes,
          }),
        )
      }
      for (const c of model.clients) {
        const pool = pools.get(c.poolPath)
        if (!pool) throw new UserFacingError(`${c.path}: its user pool ${c.poolPath} is not part of the app`)
        const wanted = {
          id: ids.client(key, c.path),
          pool,
          name: c.name,
          generateSecret: c.generateSecret,
          settings: c.settings,
        }
        const client = await onceMore(() => ensureClient(userPool.deps, wanted))
        values.set(`${c.path}.userPoolClientId`, client.id)
        if (client.secret) values.set(`${c.path}.userPoolClientSecret`, client.secret)
      }
    } catch (error) {
      if (error instanceof CognitoError) throw new UserFacingError(error.message, { cause: error })
      throw error
    }
    for (const [path, listener] of listeners) values.set(`${path}.url`, listener.url)
    return values
  }

  async function ensureListeners(model: AppModel, values: Map<string, string>): Promise<void> {
    const used = new Set([...listeners.values()].map((l) => Number(new URL(l.url).port)))
    let next = options.port
    for (const api of model.apis) {
      if (listeners.has(api.path)) continue
      const listener: Listener = {
        server: createServer({ maxHeaderSize: MAX_HEADER_BYTES }),
        url: '',
        attached: deferred(),
      }
      // The port is bound before the gateway exists (its URL is a token other resources use);
      // requests arriving in between wait for it rather than fail.
      listener.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
        if (listener.gateway) listener.gateway.handle(req, res)
        else
          listener.attached.promise.then(
            () => listener.gateway!.handle(req, res),
            () =>
              res
                .writeHead(503, { 'content-type': 'application/json' })
                .end('{"message":"Service Unavailable"}'),
          )
      })
      if (options.port !== 0) while (used.has(next)) next++
      const port = await listen(listener.server, options.port === 0 ? 0 : next, host)
      used.add(port)
      listener.url = originOf(host, port)
      listeners.set(api.path, listener)
      values.set(`${api.path}.url`, listener.url)
    }
  }

  try {
    await apply(first.model)
  } catch (error) {
    await shutdown()
    throw error
  }

  /** Listeners opened for an API whose definition then failed to apply: closed again. */
  async function dropUnattached(): Promise<void> {
    for (const [path, listener] of listeners)
      if (!listener.gateway) {
        listener.attached.reject(new Error('not applied'))
        await closeServer(listener.server)
        listeners.delete(path)
      }
  }

  async function shutdown(): Promise<void> {
    for (const listener of listeners.values()) {
      listener.attached.reject(new Error('stopped'))
      listener.gateway?.close()
      await closeServer(listener.server)
    }
    await runtime?.close()
    await userPool.close()
  }

  const server: AppServer = {
    get model() {
      return current
    },
    get outputs() {
      return outputs!
    },
    paths,
    userPool,
    get configFiles() {
      return loaded.files
    },
    async reload() {
      try {
        loaded = await loadAppConfig(configPath)
      } catch (error) {
        return [error instanceof Error ? error.message : String(error)]
      }
      const result = synthesize(loaded.definition, options.stage)
      if (!result.ok) return result.problems
      try {
        await apply(result.model)
      } catch (error) {
        await dropUnattached()
        if (error instanceof UserFacingError) return [error.message]
        throw error
      }
      return []
    },
    close: shutdown,
  }
  return server
}

/**
 * Instances sharing a PostgreSQL database provision the same resources at the same time; the one
 * that loses the insert race finds the resource there on its second try and updates it instead.
 */
async function onceMore<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof CognitoError || error instanceof UserFacingError) throw error
    return work()
  }
}

/**
 * One runtime function per distinct (handler, timeout, environment, memory): two routes on the
 * same handler with the same settings share workers, as two routes on one Lambda would.
 */
function collectFunctions(model: AppModel, lookup: (ref: string) => string | undefined) {
  const byKey = new Map<string, FunctionSpec>()
  const routeFunction = new Map<object, string>()
  const taken = new Set<string>()
  for (const api of model.apis)
    for (const route of api.routes) {
      const fn: FunctionModel = route.function
      const environment = Object.fromEntries(
        Object.entries(fn.environment).map(([k, v]) => [k, resolveTokens(v, lookup)]),
      )
      const signature = JSON.stringify([fn.handler, fn.timeoutSeconds, fn.memoryMb, environment])
      let spec = byKey.get(signature)
      if (!spec) {
        let id = fn.handler
        for (let n = 2; taken.has(id); n++) id = `${fn.handler}#${n}`
        taken.add(id)
        spec = {
          id,
          handler: fn.handler,
          timeoutMs: Math.round(fn.timeoutSeconds * 1000),
          environment,
          memoryMb: fn.memoryMb,
        }
        byKey.set(signature, spec)
      }
      routeFunction.set(route, spec.id)
    }
  return { functions: [...byKey.values()], routeFunction }
}

function buildOutputs(
  model: AppModel,
  lookup: (ref: string) => string | undefined,
  cognitoEndpoint: string,
): OutputsFile {
  const apis: Record<string, string> = {}
  for (const api of model.apis) apis[api.path] = lookup(`${api.path}.url`) ?? ''
  const userPools: OutputsFile['portcullis']['userPools'] = {}
  for (const pool of model.userPools) {
    const issuer = lookup(`${pool.path}.issuer`) ?? ''
    userPools[pool.path] = {
      id: lookup(`${pool.path}.userPoolId`) ?? '',
      issuer,
      jwksUri: `${issuer}/.well-known/jwks.json`,
      hostedUiUrl: issuer,
    }
  }
  const stacks = Object.fromEntries(
    model.stacks.map((s) => [
      s.name,
      Object.fromEntries(Object.entries(s.outputs).map(([k, v]) => [k, resolveTokens(v, lookup)])),
    ]),
  )
  return {
    ...stacks,
    portcullis: {
      app: model.name,
      stage: model.stage,
      region: model.region,
      apiEndpoint: Object.values(apis)[0] ?? null,
      cognitoEndpoint,
      apis,
      userPools,
    },
  }
}
