import { appendFile, mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { Logger } from '../core/index.js'
import type { MessageSender, OutgoingMessage } from '../userpool/index.js'

/**
 * The development message sender: nothing leaves the machine. Each message is logged (with the
 * code, so a developer can read it off the terminal) and appended as one JSON line to the stage's
 * outbox file, which scripts and tests read.
 */
export function outboxSender(path: string, logger: Logger): MessageSender {
  let ready: Promise<unknown> | undefined
  return {
    async send(message: OutgoingMessage) {
      ready ??= mkdir(dirname(path), { recursive: true })
      await ready
      const entry = {
        time: new Date().toISOString(),
        poolId: message.poolId,
        username: message.username,
        recipient: message.destination,
        medium: message.medium,
        purpose: message.purpose,
        ...(message.code !== undefined ? { code: message.code } : {}),
        ...(message.temporaryPassword !== undefined ? { temporaryPassword: message.temporaryPassword } : {}),
      }
      await appendFile(path, `${JSON.stringify(entry)}\n`)
      logger.info(
        { to: message.destination, purpose: message.purpose, code: message.code },
        'message (development outbox)',
      )
    },
  }
}
