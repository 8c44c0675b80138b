import { Command } from 'commander'
import { UserFacingError } from '../core/index.js'
import { userpoolCommand } from './commands/userpool.js'

const program = new Command('portcullis')
  .description('JWT-protected serverless HTTP APIs with a Cognito-compatible user pool, running anywhere.')
  .showHelpAfterError()
program.addCommand(userpoolCommand())

try {
  await program.parseAsync(process.argv)
} catch (error) {
  if (error instanceof UserFacingError) {
    process.stderr.write(`portcullis: ${error.message}\n`)
    process.exit(1)
  }
  throw error
}
