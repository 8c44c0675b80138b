import cluster from 'node:cluster'
import { Command, Option } from 'commander'
import { DEFAULT_API_PORT } from '../../server/defaults.js'
import { parseHops, parsePort, stageOption } from '../options.js'
import { HEARTBEAT_MESSAGE, READY_MESSAGE } from '../pid.js'

/**
 * `portcullis start`: the app for production. No watching; handlers run in-process; a
 * `node:cluster` primary supervises the serving process and replaces it if it dies (a handler
 * that calls process.exit or blocks forever must not take the service down for good).
 */
export function startCommand(): Command {
  return new Command('start')
    .description('run the app for production (no reload, supervised)')
    .addOption(stageOption())
    .addOption(
      new Option('--port <n>', 'first API port')
        .env('PORTCULLIS_PORT')
        .default(DEFAULT_API_PORT)
        .argParser(parsePort),
    )
    .addOption(
      new Option('--userpool-port <n>', 'user pool port')
        .env('PORTCULLIS_USERPOOL_PORT')
        .argParser(parsePort),
    )
    .addOption(new Option('--host <host>', 'address to bind').env('PORTCULLIS_HOST').default('127.0.0.1'))
    .addOption(
      new Option('--public-url <url>', 'public base URL of the user pool, used in token issuers').env(
        'PORTCULLIS_PUBLIC_URL',
      ),
    )
    .addOption(new Option('--data-dir <dir>', 'folder for the stage data').env('PORTCULLIS_DATA_DIR'))
    .addOption(
      new Option('--trust-proxy <hops>', 'proxies in front whose X-Forwarded-For entries name the caller')
        .env('PORTCULLIS_TRUST_PROXY')
        .argParser(parseHops),
    )
    .addOption(
      new Option('--database-url <url>', 'postgres:// URL to share users and keys between instances').env(
        'PORTCULLIS_DATABASE_URL',
      ),
    )
    .addOption(
      new Option('--log-format <format>', 'json or pretty')
        .env('PORTCULLIS_LOG_FORMAT')
        .choices(['json', 'pretty'])
        .default('json'),
    )
    .addOption(
      new Option('--no-request-log', 'no log line per API request (warnings and errors stay)').env(
        'PORTCULLIS_NO_REQUEST_LOG',
      ),
    )
    .addOption(new Option('--isolated', 'run handlers in worker threads'))
    .addOption(new Option('--no-supervisor', 'serve from this process, without a supervising primary'))
    .action(async (options) => {
      if (options.supervisor && cluster.isPrimary) return supervise()
      await (await import('../run-app.js')).runApp({
        ...options,
        mode: options.isolated ? 'isolated' : 'inprocess',
        watch: false,
      })
    })
}

/**
 * How long a serving process may go without a heartbeat before it is taken for hung (a handler
 * blocking the event loop in-process) and replaced. PORTCULLIS_HEARTBEAT_TIMEOUT_MS overrides it.
 */
const HEARTBEAT_TIMEOUT_MS = Number(process.env.PORTCULLIS_HEARTBEAT_TIMEOUT_MS) || 15_000

function supervise(): void {
  let stopping = false
  // Once one process has served, the app is known to start; a later process that dies or hangs
  // before it reports ready (a request can reach it first) is replaced, not taken for bad config.
  let served = false
  const fork = () => {
    // Unset until the process reports its first heartbeat, once it has loaded the CLI.
    let lastBeat: number | undefined
    let ready = false
    const worker = cluster.fork()
    const watchdog = setInterval(() => {
      // Start-up does some blocking work (key generation, opening the store): a process that has
      // not reported ready yet gets twice the allowance.
      const allowance = ready ? HEARTBEAT_TIMEOUT_MS : 2 * HEARTBEAT_TIMEOUT_MS
      if (lastBeat === undefined || Date.now() - lastBeat <= allowance) return
      process.stderr.write(
        `portcullis: serving process stopped answering for ${allowance} ms; replacing it\n`,
      )
      worker.process.kill('SIGKILL')
    }, 500)
    worker.on('message', (message: unknown) => {
      if (message === READY_MESSAGE) ready = served = true
      if (message === HEARTBEAT_MESSAGE || message === READY_MESSAGE) lastBeat = Date.now()
    })
    worker.on('exit', (code, signal) => {
      clearInterval(watchdog)
      if (stopping) return
      // A first process that dies before it is ready (bad config, port in use) is not restarted
      // in a loop.
      if (!served) process.exit(code || 1)
      process.stderr.write(`portcullis: serving process exited (${signal ?? code}); starting a new one\n`)
      fork()
    })
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      stopping = true
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal)
    })
  fork()
}
