import { createCipheriv, createDecipheriv } from 'node:crypto'
import { hmacSha256, secretsEqual } from '../core/index.js'
import type { UserPoolDeps } from './deps.js'
import type { UserPoolStore } from './store.js'

/**
 * Per-install keys the user pool keeps in its store (`store.secret`): one encrypts values that
 * are as good as a password hash (SRP verifiers, the server's SRP secret between challenge
 * calls), one authenticates pagination tokens. They live beside the data, so sealing protects
 * against a leaked table or backup of `users`, not against a copy of the whole database.
 */
interface InstallKeys {
  seal: Buffer
  page: Buffer
}

const cache = new WeakMap<UserPoolStore, Promise<InstallKeys>>()

function installKeys(deps: Pick<UserPoolDeps, 'store' | 'random'>): Promise<InstallKeys> {
  let keys = cache.get(deps.store)
  if (!keys) {
    const load = async (name: string) =>
      Buffer.from(await deps.store.secret(name, () => deps.random.bytes(32).toString('base64')), 'base64')
    keys = Promise.all([load('seal-key'), load('page-key')]).then(([seal, page]) => ({ seal, page }))
    keys.catch(() => cache.delete(deps.store))
    cache.set(deps.store, keys)
  }
  return keys
}

const IV_BYTES = 12

/**
 * AES-256-GCM (NIST SP 800-38D) with a random 96-bit IV. `context` is authenticated data naming
 * where the value belongs (pool and user), so a sealed value moved to another row fails to open.
 */
export async function seal(
  deps: Pick<UserPoolDeps, 'store' | 'random'>,
  context: string,
  plaintext: string,
): Promise<string> {
  const { seal: key } = await installKeys(deps)
  const iv = deps.random.bytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(context, 'utf8'))
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return ['v1', iv, body, cipher.getAuthTag()]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.')
}

/** The sealed plaintext, or undefined when it was not sealed here for `context`. */
export async function unseal(
  deps: Pick<UserPoolDeps, 'store' | 'random'>,
  context: string,
  sealed: string,
): Promise<string | undefined> {
  const [version, iv, body, tag] = sealed.split('.')
  if (version !== 'v1' || iv === undefined || body === undefined || tag === undefined) return undefined
  const { seal: key } = await installKeys(deps)
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
    decipher.setAAD(Buffer.from(context, 'utf8'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
  } catch {
    return undefined
  }
}

/** An opaque pagination token: the payload and its HMAC-SHA256 under the install's page key. */
export async function signPageToken(
  deps: Pick<UserPoolDeps, 'store' | 'random'>,
  payload: readonly string[],
): Promise<string> {
  const { page } = await installKeys(deps)
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url')
  return `${body}.${hmacSha256(page, body).toString('base64url')}`
}

/** The payload of a token this install signed, or undefined for anything else. */
export async function readPageToken(
  deps: Pick<UserPoolDeps, 'store' | 'random'>,
  token: string,
): Promise<string[] | undefined> {
  const [body, mac, extra] = token.split('.')
  if (body === undefined || mac === undefined || extra !== undefined) return undefined
  const { page } = await installKeys(deps)
  if (!secretsEqual(hmacSha256(page, body).toString('base64url'), mac)) return undefined
  try {
    const parsed: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
    return Array.isArray(parsed) && parsed.every((p) => typeof p === 'string') ? parsed : undefined
  } catch {
    return undefined
  }
}
