import { existsSync } from 'node:fs'
import { cryptoRandom, type Random, randomString } from '../core/index.js'
import { openSqliteStore } from '../storage/index.js'
import type { AdminCredentials, UserPoolStore } from '../userpool/index.js'

const KEY_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/**
 * The stage's admin credentials, generated on first start and kept with the stage's data.
 * Shaped like AWS access keys so that the AWS CLI and SDKs accept them.
 */
export async function stageCredentials(store: UserPoolStore, random: Random): Promise<AdminCredentials> {
  const raw = await store.secret('admin-credentials', () =>
    JSON.stringify({
      accessKeyId: `AKIA${randomString(random, KEY_ID_ALPHABET, 16)}`,
      secretAccessKey: randomString(random, SECRET_ALPHABET, 40),
    }),
  )
  return JSON.parse(raw) as AdminCredentials
}

export async function stageKey(store: UserPoolStore, random: Random, name: string): Promise<Buffer> {
  return Buffer.from(await store.secret(name, () => random.bytes(32).toString('base64')), 'base64')
}

/**
 * The admin credentials of a stage that has run before, read from its data (the SQLite file, or
 * the PostgreSQL database when a URL is given); undefined if it never ran.
 */
export async function readStageCredentials(source: {
  database: string
  databaseUrl?: string
}): Promise<AdminCredentials | undefined> {
  if (!source.databaseUrl && !existsSync(source.database)) return undefined
  const { store, close } = source.databaseUrl
    ? await (await import('../storage/postgres/index.js')).openPostgresStore({ url: source.databaseUrl })
    : await openSqliteStore(source.database)
  try {
    return await stageCredentials(store, cryptoRandom)
  } finally {
    await close()
  }
}
