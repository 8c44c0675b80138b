import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline/promises'
import { Command } from 'commander'
import { UserFacingError } from '../../core/index.js'
import { stagePaths } from '../../server/stage.js'
import { stageOption } from '../options.js'
import { runningPid } from '../pid.js'

/** `portcullis remove`: deletes one stage's data (users, keys, pools); other stages are untouched. */
export function removeCommand(): Command {
  return new Command('remove')
    .description("delete a stage's data: its users, keys, pools and outputs")
    .addOption(stageOption())
    .option('--yes', 'do not ask for confirmation')
    .action(async (options: { stage: string; yes?: boolean }) => {
      const paths = stagePaths(resolve('.'), options.stage)
      if (!existsSync(paths.dir)) {
        process.stdout.write(`Stage "${options.stage}" has no data here; nothing to remove.\n`)
        return
      }
      const pid = runningPid(paths.dir)
      if (pid) throw new UserFacingError(`stage "${options.stage}" is running (pid ${pid}); stop it first`)
      if (!options.yes) {
        if (!process.stdin.isTTY)
          throw new UserFacingError('refusing to remove without confirmation; pass --yes')
        const rl = createInterface({ input: process.stdin, output: process.stdout })
        const answer = await rl.question(
          `Delete every user, key and pool of stage "${options.stage}" (${paths.dir})? [y/N] `,
        )
        rl.close()
        if (!/^y(es)?$/i.test(answer.trim())) {
          process.stdout.write('Nothing removed.\n')
          return
        }
      }
      await rm(paths.dir, { recursive: true, force: true })
      process.stdout.write(`Removed stage "${options.stage}".\n`)
    })
}
