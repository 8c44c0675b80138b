import { resolve } from 'node:path'
import { Command, Option } from 'commander'
import { UserFacingError } from '../../core/index.js'
import { readOutputs } from '../../server/outputs.js'
import { stagePaths } from '../../server/stage.js'
import { stageOption } from '../options.js'

/** `portcullis env`: shell exports that point the AWS CLI and SDKs at a stage. */
export function envCommand(): Command {
  return new Command('env')
    .description('print exports for the AWS CLI and SDKs: eval "$(npx portcullis env)"')
    .addOption(stageOption())
    .addOption(new Option('--data-dir <dir>', 'folder of the stage data').env('PORTCULLIS_DATA_DIR'))
    .addOption(
      new Option('--database-url <url>', 'the PostgreSQL database of the stage').env(
        'PORTCULLIS_DATABASE_URL',
      ),
    )
    .action(async (options: { stage: string; dataDir?: string; databaseUrl?: string }) => {
      const paths = stagePaths(resolve('.'), options.stage, options.dataDir)
      const { readStageCredentials } = await import('../../server/credentials.js')
      const credentials = await readStageCredentials({
        database: paths.database,
        ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
      })
      const outputs = await readOutputs(paths.outputs)
      if (!credentials || !outputs)
        throw new UserFacingError(
          `stage "${options.stage}" has not run here yet; start it with: npx portcullis dev --stage ${options.stage}`,
        )
      const quote = (v: string) => `'${v.replaceAll("'", "'\\''")}'`
      process.stdout.write(
        [
          `export AWS_ACCESS_KEY_ID=${quote(credentials.accessKeyId)}`,
          `export AWS_SECRET_ACCESS_KEY=${quote(credentials.secretAccessKey)}`,
          `export AWS_REGION=${quote(outputs.portcullis.region)}`,
          `export AWS_DEFAULT_REGION=${quote(outputs.portcullis.region)}`,
          `export AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER=${quote(outputs.portcullis.cognitoEndpoint)}`,
          '',
        ].join('\n'),
      )
    })
}
