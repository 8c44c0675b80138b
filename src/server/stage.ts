import { join, resolve } from 'node:path'

/** Where a stage keeps its data: `<app>/.portcullis/<stage>/`. Stages never share a file. */
export interface StagePaths {
  dir: string
  database: string
  outbox: string
  outputs: string
  build: string
}

const STAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/

export function isValidStageName(stage: string): boolean {
  return STAGE_NAME.test(stage)
}

export function stagePaths(appDir: string, stage: string, dataDir?: string): StagePaths {
  if (!isValidStageName(stage)) throw new Error(`invalid stage name: ${stage}`)
  const dir = dataDir ? resolve(dataDir) : join(resolve(appDir), '.portcullis', stage)
  return {
    dir,
    database: join(dir, 'data.db'),
    outbox: join(dir, 'outbox.jsonl'),
    outputs: join(dir, 'outputs.json'),
    build: join(dir, 'build'),
  }
}
