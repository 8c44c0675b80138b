import { Command, Option } from 'commander'
import { DEFAULT_API_PORT, DEFAULT_USERPOOL_PORT } from '../../server/defaults.js'
import { parsePort, stageOption } from '../options.js'

/** `portcullis dev`: the app on this machine, reloading on every change. */
export function devCommand(): Command {
  return new Command('dev')
    .description('run the app in this folder locally, reloading on changes')
    .addOption(stageOption())
    .addOption(
      new Option('--port <n>', `first API port (0 picks free ports)`)
        .default(DEFAULT_API_PORT)
        .argParser(parsePort),
    )
    .addOption(
      new Option(
        '--userpool-port <n>',
        `user pool (Cognito endpoint) port, default ${DEFAULT_USERPOOL_PORT}`,
      ).argParser(parsePort),
    )
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--public-url <url>', 'public base URL of the user pool, used in token issuers')
    .option('--inprocess', 'run handlers in the gateway process (faster, no isolation)')
    .option('--https', 'serve the user pool and hosted UI over HTTPS with a self-signed certificate')
    .action(async (options) =>
      (await import('../run-app.js')).runApp({
        ...options,
        mode: options.inprocess ? 'inprocess' : 'isolated',
        watch: true,
        logFormat: 'pretty',
      }),
    )
}
