export { discoveryDocument } from './discovery.js'
export type { AuthorizationCodeRecord, LoginSessionRecord, OAuthStore } from './store.js'
