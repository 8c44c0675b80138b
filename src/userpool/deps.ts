import type { Clock, Logger, Random } from '../core/index.js'
import type { TokenSigner } from '../tokens/index.js'
import type { RateLimits } from './limits.js'
import type { MessageSender } from './messages.js'
import type { PasswordHasher } from './passwords.js'
import type { UserPoolStore } from './store.js'

export interface AdminCredentials {
  accessKeyId: string
  secretAccessKey: string
}

/** Everything the user pool's actions depend on; the composition root (src/server) builds it. */
export interface UserPoolDeps {
  store: UserPoolStore
  clock: Clock
  random: Random
  hasher: PasswordHasher
  signer: TokenSigner
  sender: MessageSender
  logger: Logger
  /** Public base URL of the service, without a trailing slash; issuer = `${baseUrl()}/${poolId}`. */
  baseUrl: () => string
  region: string
  accountId: string
  /** Per-install HMAC key for confirmation codes. */
  codeKey: Buffer
  /** Key for deterministic fakes (unknown users must look like known ones). */
  fakeKey: Buffer
  credentials: AdminCredentials
  /** Request limits; omitted ones take `DEFAULT_RATE_LIMITS`. */
  limits?: Partial<RateLimits>
  /** Proxies in front of this service whose X-Forwarded-For entries are trusted (see clientAddress). */
  trustedProxies?: number
}

export function issuerOf(deps: Pick<UserPoolDeps, 'baseUrl'>, poolId: string): string {
  return `${deps.baseUrl()}/${poolId}`
}
