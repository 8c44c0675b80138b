import type { UserPoolDeps } from '../userpool/index.js'
import type { OAuthStore } from './store.js'

/** The user pool's dependencies plus the OAuth store; the composition root builds both. */
export interface OAuthDeps extends UserPoolDeps {
  oauth: OAuthStore
}

/** Authorization codes live five minutes (aws-semantics.md §6.1). */
export const CODE_LIFETIME_MS = 5 * 60 * 1000
