import './preamble.js'
import { Command } from 'commander'
import { UserFacingError } from '../core/index.js'
import { devCommand } from './commands/dev.js'
import { envCommand } from './commands/env.js'
import { outputsCommand } from './commands/outputs.js'
import { removeCommand } from './commands/remove.js'
import { startCommand } from './commands/start.js'
import { userpoolCommand } from './commands/userpool.js'

const program = new Command('portcullis')
  .description('JWT-protected serverless HTTP APIs with a Cognito-compatible user pool, running anywhere.')
  .showHelpAfterError()
for (const command of [
  devCommand(),
  startCommand(),
  envCommand(),
  outputsCommand(),
  removeCommand(),
  userpoolCommand(),
])
  program.addCommand(command)

try {
  await program.parseAsync(process.argv)
} catch (error) {
  if (error instanceof UserFacingError) {
    process.stderr.write(`portcullis: ${error.message}\n`)
    process.exit(1)
  }
  throw error
}
