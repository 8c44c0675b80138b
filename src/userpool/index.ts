export type { Action, ActionContext } from './action.js'
export { ACTIONS } from './actions/index.js'
export type { ClientSettings } from './clients.js'
export { type AdminCredentials, issuerOf, type UserPoolDeps } from './deps.js'
export { COGNITO_ERROR_TYPES, CognitoError, type CognitoErrorType } from './errors.js'
export type { MessageSender, OutgoingMessage } from './messages.js'
export {
  createArgon2Hasher,
  DEFAULT_HASH_CONCURRENCY,
  MINIMUM_HASH_PARAMETERS,
  type PasswordHasher,
} from './passwords.js'
export type { PasswordPolicy, PoolSettings } from './pools.js'
export { createCognitoHandler, MAX_BODY_BYTES } from './protocol.js'
export { ensureClient, ensurePool } from './provision.js'
export { foldSearchValue, SEARCHABLE_ATTRIBUTES, searchValues } from './search.js'
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
