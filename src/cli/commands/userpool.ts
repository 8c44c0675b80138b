import { resolve } from 'node:path'
import { Command } from 'commander'
import { DEFAULT_USERPOOL_PORT } from '../../server/defaults.js'
import { parsePort } from '../options.js'
import { createCliLogger } from '../output.js'
import { onShutdown } from '../shutdown.js'

/** `portcullis userpool`: only the Cognito-compatible user pool service, on its own port. */
export function userpoolCommand(): Command {
  return new Command('userpool')
    .description('run only the Cognito-compatible user pool service')
    .option('--data-dir <dir>', 'folder for the database and the outbox', '.portcullis/userpool')
    .option('--port <n>', 'port to listen on (0 picks a free one)', parsePort, DEFAULT_USERPOOL_PORT)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--public-url <url>', 'base URL that goes into token issuers (default: the listener address)')
    .option('--region <region>', 'region in pool ids', 'us-east-1')
    .action(
      async (options: {
        dataDir: string
        port: number
        host: string
        publicUrl?: string
        region: string
      }) => {
        const logger = createCliLogger(process.stdout.isTTY ? 'pretty' : 'json')
        const { startUserPoolServer } = await import('../../server/userpool-server.js')
        const server = await startUserPoolServer({
          dataDir: resolve(options.dataDir),
          port: options.port,
          host: options.host,
          region: options.region,
          logger,
          ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
        })
        process.stdout.write(
          [
            `User pool endpoint: ${server.url}`,
            '',
            'For the AWS CLI and SDKs:',
            `  export AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER=${server.url}`,
            `  export AWS_ACCESS_KEY_ID=${server.credentials.accessKeyId}`,
            `  export AWS_SECRET_ACCESS_KEY=${server.credentials.secretAccessKey}`,
            `  export AWS_REGION=${options.region}`,
            '',
          ].join('\n'),
        )
        onShutdown(() => server.close())
      },
    )
}
