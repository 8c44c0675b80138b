import { resolve } from 'node:path'
import { Command } from 'commander'
import { UserFacingError } from '../../core/index.js'
import { readOutputs } from '../../server/outputs.js'
import { stagePaths } from '../../server/stage.js'
import { stageOption } from '../options.js'

export function outputsCommand(): Command {
  return new Command('outputs')
    .description("print a stage's outputs (as written to .portcullis/<stage>/outputs.json)")
    .addOption(stageOption())
    .action(async (options: { stage: string }) => {
      const outputs = await readOutputs(stagePaths(resolve('.'), options.stage).outputs)
      if (!outputs)
        throw new UserFacingError(
          `stage "${options.stage}" has no outputs yet; run: npx portcullis dev --stage ${options.stage}`,
        )
      process.stdout.write(`${JSON.stringify(outputs, null, 2)}\n`)
    })
}
