export {
  Api,
  type ApiProps,
  type AppDefinition,
  type AppProps,
  type Authorizer,
  type CorsProps,
  DefinitionError,
  defineApp,
  type FunctionProps,
  JwtAuthorizer,
  type JwtAuthorizerProps,
  type OAuthProps,
  type RouteProps,
  Stack,
  type StackFunction,
  UserPool,
  UserPoolAuthorizer,
  type UserPoolAuthorizerProps,
  UserPoolClient,
  type UserPoolClientProps,
  type UserPoolProps,
  UserPoolResourceServer,
  type UserPoolResourceServerProps,
} from './constructs.js'
export { type Duration, toSeconds } from './duration.js'
export type * from './handler.js'
export type {
  ApiModel,
  AppModel,
  AuthorizerModel,
  ClientModel,
  CorsModel,
  FunctionModel,
  ResourceServerModel,
  RouteModel,
  StackModel,
  UserPoolModel,
} from './model.js'
export { definitionJsonSchema } from './schema.js'
export { type SynthResult, synthesize } from './synth.js'
export { hasTokens, resolveTokens, token } from './tokens.js'
