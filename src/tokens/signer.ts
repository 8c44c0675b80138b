import { importJWK, type JWTPayload, SignJWT } from 'jose'
import type { KeyUse, SigningKey } from './keys.js'

type PrivateKey = Awaited<ReturnType<typeof importJWK>>

interface ImportedKey {
  kid: string
  key: PrivateKey
}

/**
 * Signs tokens with a pool's current keys. Imported keys are cached per kid, so signing costs
 * one RS256 operation and nothing else.
 */
export class TokenSigner {
  readonly #imported = new Map<string, Promise<ImportedKey>>()

  async sign(key: SigningKey, claims: JWTPayload): Promise<string> {
    const { key: privateKey, kid } = await this.#import(key)
    // Cognito's header is exactly {kid, alg} (aws-semantics.md §4.2).
    return new SignJWT(claims).setProtectedHeader({ kid, alg: 'RS256' }).sign(privateKey)
  }

  #import(key: SigningKey): Promise<ImportedKey> {
    let imported = this.#imported.get(key.kid)
    if (!imported) {
      imported = importJWK(key.privateJwk, 'RS256').then((k) => ({ kid: key.kid, key: k }))
      this.#imported.set(key.kid, imported)
    }
    return imported
  }
}

export function pickKey(keys: readonly SigningKey[], use: KeyUse): SigningKey {
  let newest: SigningKey | undefined
  for (const key of keys) if (key.use === use && (!newest || key.createdAt > newest.createdAt)) newest = key
  if (!newest) throw new Error(`no ${use} signing key`)
  return newest
}
