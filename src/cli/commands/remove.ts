import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline/promises'
import { Command, Option } from 'commander'
import { UserFacingError } from '../../core/index.js'
import { stagePaths } from '../../server/stage.js'
import { stageOption } from '../options.js'
import { runningPid } from '../pid.js'

/** `portcullis remove`: deletes one stage's data (users, keys, pools); other stages are untouched. */
export function removeCommand(): Command {
  return new Command('remove')
    .description("delete a stage's data: its users, keys, pools and outputs")
    .addOption(stageOption())
    .addOption(new Option('--data-dir <dir>', 'folder of the stage data').env('PORTCULLIS_DATA_DIR'))
    .addOption(
      new Option('--database-url <url>', "the stage's PostgreSQL database").env('PORTCULLIS_DATABASE_URL'),
    )
    .option('--yes', 'do not ask for confirmation')
    .action(async (options: { stage: string; yes?: boolean; dataDir?: string; databaseUrl?: string }) => {
      const paths = stagePaths(resolve('.'), options.stage, options.dataDir)
      if (!existsSync(paths.dir) && !options.databaseUrl) {
        process.stdout.write(`Stage "${options.stage}" has no data here; nothing to remove.\n`)
        return
      }
      const pid = runningPid(paths.dir)
      if (pid) throw new UserFacingError(`stage "${options.stage}" is running (pid ${pid}); stop it first`)
      if (!options.yes) {
        if (!process.stdin.isTTY)
          throw new UserFacingError('refusing to remove without confirmation; pass --yes')
        const rl = createInterface({ input: process.stdin, output: process.stdout })
        const where = options.databaseUrl ? `${paths.dir} and its PostgreSQL tables` : paths.dir
        const answer = await rl.question(
          `Delete every user, key and pool of stage "${options.stage}" (${where})? [y/N] `,
        )
        rl.close()
        if (!/^y(es)?$/i.test(answer.trim())) {
          process.stdout.write('Nothing removed.\n')
          return
        }
      }
      if (options.databaseUrl) {
        const { dropStageDatabase } = await import('../../server/stage-data.js')
        try {
          await dropStageDatabase(options.databaseUrl)
        } catch (error) {
          throw new UserFacingError(
            `could not remove the stage's PostgreSQL tables: ${(error as Error).message}`,
          )
        }
      }
      await rm(paths.dir, { recursive: true, force: true })
      process.stdout.write(`Removed stage "${options.stage}".\n`)
    })
}
