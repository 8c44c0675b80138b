import { rmSync, writeFileSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { styleText } from 'node:util'
import { type FSWatcher, watch } from 'chokidar'
import type { AppServer } from '../server/index.js'
import { startApp } from '../server/index.js'
import { createCliLogger } from './output.js'
import { HEARTBEAT_MESSAGE, pidFile, READY_MESSAGE } from './pid.js'
import { onShutdown } from './shutdown.js'

export interface RunAppOptions {
  stage: string
  port: number
  userpoolPort?: number
  host: string
  publicUrl?: string
  dataDir?: string
  databaseUrl?: string
  trustProxy?: number
  mode: 'isolated' | 'inprocess'
  watch: boolean
  logFormat: 'pretty' | 'json'
  /** `start --no-request-log` */
  requestLog?: boolean
  https?: boolean
}

/** Shared by `dev` and `start`: start the app in the current folder, print where it is, stay up. */
export async function runApp(options: RunAppOptions): Promise<void> {
  const started = performance.now()
  // A supervising primary (`portcullis start`) replaces a process whose event loop stops turning,
  // from the first moment on: a request can reach the API before everything else has started.
  if (process.send) {
    process.send(HEARTBEAT_MESSAGE)
    setInterval(() => process.send?.(HEARTBEAT_MESSAGE), 1000).unref()
  }
  const appDir = resolve('.')
  const logger = createCliLogger(options.logFormat)
  const app = await startApp({
    appDir,
    stage: options.stage,
    port: options.port,
    mode: options.mode,
    watch: options.watch,
    host: options.host,
    logger,
    ...(options.userpoolPort !== undefined ? { userPoolPort: options.userpoolPort } : {}),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    ...(options.trustProxy ? { trustedProxies: options.trustProxy } : {}),
    ...(options.https ? { https: true } : {}),
    requestLog: options.requestLog,
  })
  const pid = pidFile(app.paths.dir)
  writeFileSync(pid, String(process.pid))
  const watcher: FSWatcher | undefined = options.watch ? watchConfig(app, logger) : undefined
  // Before "ready" goes out: whoever reads it may signal the process at once.
  onShutdown(async () => {
    await watcher?.close()
    await app.close()
    rmSync(pid, { force: true })
  })
  const ms = Math.round(performance.now() - started)
  if (options.logFormat === 'pretty') process.stdout.write(banner(app, appDir, ms))
  else logger.info({ outputs: app.outputs, ms }, 'ready')
  // Tells a supervising primary (`portcullis start`) that this process serves.
  process.send?.(READY_MESSAGE)
}

/** Re-applies the definition when the config or one of its stacks changes. */
function watchConfig(app: AppServer, logger: ReturnType<typeof createCliLogger>): FSWatcher {
  const watcher = watch([...app.configFiles], {
    ignoreInitial: true,
    awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 10 },
  })
  let timer: NodeJS.Timeout | undefined
  let running = Promise.resolve()
  watcher.on('all', () => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      running = running.then(async () => {
        const problems = await app.reload()
        if (problems.length > 0)
          logger.error({ problems }, 'config not applied; still serving the previous one')
        else
          logger.info(
            { routes: app.model.apis.flatMap((a) => a.routes.map((r) => r.routeKey)) },
            'config reloaded',
          )
        watcher.add([...app.configFiles])
      })
      // An unexpected failure (the store, the disk) is logged; dev keeps serving and watching.
      running = running.catch((error: unknown) =>
        logger.error({ err: error }, 'reload failed; still serving the previous definition'),
      )
    }, 50)
  })
  return watcher
}

function banner(app: AppServer, appDir: string, ms: number): string {
  const { model, outputs } = app
  const bold = (s: string) => styleText('bold', s)
  const dim = (s: string) => styleText('gray', s)
  const lines = [
    '',
    `${bold(' Portcullis ')} ${model.name}  ${dim('stage')} ${model.stage}  ${dim(`ready in ${ms} ms`)}`,
    '',
  ]
  for (const stack of model.stacks) {
    const values = outputs[stack.name] ?? {}
    if (Object.keys(values).length === 0) continue
    lines.push(` ${bold(stack.name)}`)
    const width = Math.max(...Object.keys(values).map((k) => k.length))
    for (const [k, v] of Object.entries(values)) lines.push(`   ${k.padEnd(width)}  ${String(v)}`)
    lines.push('')
  }
  for (const api of model.apis) {
    lines.push(` ${bold(api.id)}  ${outputs.portcullis.apis[api.path]}`)
    const width = Math.max(...api.routes.map((r) => r.routeKey.length))
    for (const r of api.routes)
      lines.push(
        `   ${r.routeKey.padEnd(width)}  ${r.authorizer ? `jwt(${r.authorizer})` : dim('none')}  ${dim(r.function.handler)}`,
      )
    lines.push('')
  }
  for (const [path, pool] of Object.entries(outputs.portcullis.userPools))
    lines.push(
      ` ${bold(path)}  ${pool.id}`,
      `   issuer     ${pool.issuer}`,
      `   hosted UI  ${pool.hostedUiUrl}/login?client_id=…&response_type=code&redirect_uri=…`,
    )
  lines.push(
    '',
    ` Cognito endpoint  ${outputs.portcullis.cognitoEndpoint}   ${dim('AWS CLI / SDK: eval "$(npx portcullis env)"')}`,
    ` Outputs           ${relative(appDir, app.paths.outputs)}`,
    ` Codes sent        ${relative(appDir, app.paths.outbox)}`,
    '',
  )
  return `${lines.join('\n')}\n`
}
