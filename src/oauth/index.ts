export { callerAddress, type OAuthEnv, oauthApp } from './app.js'
export {
  type AuthorizeCheck,
  type AuthorizeRequest,
  authorizationResponse,
  checkAuthorizeRequest,
  type DeadEnd,
} from './authorize.js'
export { findClient } from './clients.js'
export type { OAuthDeps } from './deps.js'
export { discoveryDocument } from './discovery.js'
export { OAuthError, type OAuthErrorCode } from './errors.js'
export { isRegisteredRedirect, withParameters } from './redirect.js'
export type { AuthorizationCodeRecord, LoginSessionRecord, OAuthStore } from './store.js'
