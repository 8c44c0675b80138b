import { createHmac } from 'node:crypto'
import { ALNUM, LOWER_ALNUM } from '../core/index.js'

/**
 * Ids that are stable per stage and unguessable across stages: derived from the stage's own
 * secret key and the resource's path in the definition. The same app on stage `prod` gets other
 * ids, as two deployments on AWS would.
 */
export function stableId(key: Buffer, purpose: string, alphabet: string, length: number): string {
  const bytes = createHmac('sha256', key).update(purpose).digest()
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[bytes[i]! % alphabet.length]
  return out
}

export const ids = {
  pool: (key: Buffer, region: string, path: string) => `${region}_${stableId(key, `pool:${path}`, ALNUM, 9)}`,
  client: (key: Buffer, path: string) => stableId(key, `client:${path}`, LOWER_ALNUM, 26),
  api: (key: Buffer, path: string) => stableId(key, `api:${path}`, LOWER_ALNUM, 10),
}
