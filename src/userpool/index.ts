export type { Action, ActionContext } from './action.js'
export { ACTIONS } from './actions/index.js'
export { clientAddress } from './client-address.js'
export { type ClientSettings, checkSecretHash, tokenLifetimes } from './clients.js'
export { type AdminCredentials, issuerOf, type UserPoolDeps } from './deps.js'
export { COGNITO_ERROR_TYPES, CognitoError, type CognitoErrorType } from './errors.js'
export { limiterOf } from './limits.js'
export { clearFailures, lockKey } from './lockout.js'
export type { MessageSender, OutgoingMessage } from './messages.js'
export { newPasswordChallenge } from './new-password.js'
export { STANDARD_SCOPES } from './oauth-settings.js'
export {
  createArgon2Hasher,
  DEFAULT_HASH_CONCURRENCY,
  MINIMUM_HASH_PARAMETERS,
  type PasswordHasher,
} from './passwords.js'
export type { PasswordPolicy, PoolSettings } from './pools.js'
export { createCognitoHandler, MAX_BODY_BYTES } from './protocol.js'
export { ensureClient, ensurePool } from './provision.js'
export { customScopesOf, ensureResourceServer } from './resource-servers.js'
export { foldSearchValue, SEARCHABLE_ATTRIBUTES, searchValues } from './search.js'
export { ADMIN_SCOPE, authenticate, type Grant, issuanceFor } from './sessions.js'
export { guardPasswordCheck, hidesUsers } from './sign-in.js'
export {
  type Admission,
  type AuthSessionRecord,
  type ClientRecord,
  type CodePurpose,
  type CodeRecord,
  type GroupRecord,
  type LockoutSchedule,
  LoginTakenError,
  type PoolRecord,
  type RefreshTokenRecord,
  type ResourceServerRecord,
  type UserChanges,
  type UserPoolStore,
  type UserQuery,
  type UserRecord,
  type UserStatus,
} from './store.js'
export { findUser } from './users.js'
