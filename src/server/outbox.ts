import { appendFile, mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { Logger } from '../core/index.js'
import type { MessageSender, OutgoingMessage } from '../userpool/index.js'

/**
 * The development message sender: nothing leaves the machine. Each message is appended as one
 * JSON line to the stage's outbox file (owner-readable only), which scripts and tests read, and
 * logged — with the code in development, so a developer can read it off the terminal, and
 * without it under `portcullis start` (`logCodes: false`), where logs are shipped elsewhere.
 */
export function outboxSender(
  path: string,
  logger: Logger,
  options: { logCodes?: boolean } = {},
): MessageSender {
  let ready: Promise<unknown> | undefined
  return {
    async send(message: OutgoingMessage) {
      ready ??= mkdir(dirname(path), { recursive: true, mode: 0o700 })
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
      // Codes and temporary passwords: readable by the owner only.
      await appendFile(path, `${JSON.stringify(entry)}\n`, { mode: 0o600 })
      logger.info(
        {
          to: message.destination,
          purpose: message.purpose,
          ...(options.logCodes !== false ? { code: message.code } : {}),
        },
        'message (development outbox)',
      )
    },
  }
}
