import { resolve } from 'node:path'
import { Command, InvalidArgumentError } from 'commander'
import { startUserPoolServer } from '../../server/index.js'
import { createCliLogger } from '../output.js'
import { onShutdown } from '../shutdown.js'

/** `portcullis userpool`: only the Cognito-compatible user pool service, on its own port. */
export function userpoolCommand(): Command {
  return new Command('userpool')
    .description('run only the Cognito-compatible user pool service')
    .option('--data-dir <dir>', 'folder for the database and the outbox', '.portcullis/userpool')
    .option('--port <n>', 'port to listen on (0 picks a free one)', parsePort, 9229)
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
        const logger = createCliLogger()
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

export function parsePort(value: string): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('a port is 0 to 65535')
  return port
}
