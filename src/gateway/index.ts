export {
  type ApiConfig,
  type CorsConfig,
  type JwtAuthorizerConfig,
  type RouteConfig,
  validateApiConfig,
} from './config.js'
export { type GatewayEvent, hasJwtAuthorizer } from './event.js'
export { createGateway, type Gateway, type GatewayDeps } from './gateway.js'
export { MAX_HEADER_BYTES } from './headers.js'
export {
  DEFAULT_FUNCTION_TIMEOUT_MS,
  type Invoke,
  type InvokeOutcome,
  type InvokeRequest,
} from './invoke.js'
export { MAX_BODY_BYTES } from './node-adapter.js'
