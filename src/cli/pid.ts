import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** Sent by a serving process to a supervising primary (`portcullis start`) once it serves. */
export const READY_MESSAGE = 'portcullis:ready'
/** Sent every second by a supervised serving process while its event loop turns. */
export const HEARTBEAT_MESSAGE = 'portcullis:alive'

export function pidFile(stageDir: string): string {
  return join(stageDir, 'pid')
}

/** The pid of a live process serving a stage from this data folder, if any. */
export function runningPid(stageDir: string): number | undefined {
  const file = pidFile(stageDir)
  if (!existsSync(file)) return undefined
  const pid = Number(readFileSync(file, 'utf8'))
  if (!Number.isInteger(pid) || pid <= 0) return undefined
  try {
    process.kill(pid, 0)
    return pid
  } catch {
    return undefined
  }
}
