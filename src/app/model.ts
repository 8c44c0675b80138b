/**
 * What a definition means once its stacks have run: plain data, with tokens still in place
 * where values are only known at run time. `src/server` turns this into pools, clients,
 * gateways and functions.
 */
export interface AppModel {
  name: string
  region: string
  stage: string
  stacks: StackModel[]
  userPools: UserPoolModel[]
  clients: ClientModel[]
  resourceServers: ResourceServerModel[]
  apis: ApiModel[]
}

export interface StackModel {
  name: string
  outputs: Record<string, string>
}

export interface UserPoolModel {
  /** `<stack>/<id>`, the key of the pool's stable identity within a stage. */
  path: string
  name: string
  /** CreateUserPool input (Cognito API shape). */
  settings: Record<string, unknown>
}

export interface ClientModel {
  path: string
  poolPath: string
  name: string
  generateSecret: boolean
  /** CreateUserPoolClient input (Cognito API shape), without the pool id and name. */
  settings: Record<string, unknown>
}

export interface ResourceServerModel {
  path: string
  poolPath: string
  identifier: string
  name: string
  scopes: Array<{ ScopeName: string; ScopeDescription: string }>
}

export interface AuthorizerModel {
  name: string
  /** A literal issuer, or a token for one of the app's pools. */
  issuer: string
  audience: string[]
  identitySource: string
  tokenUse: 'any' | 'access' | 'id'
}

export interface FunctionModel {
  handler: string
  timeoutSeconds: number
  environment: Record<string, string>
  memoryMb: number
}

export interface RouteModel {
  routeKey: string
  function: FunctionModel
  authorizer?: string
  authorizationScopes?: string[]
}

export interface CorsModel {
  allowOrigins: string[]
  allowMethods: string[]
  allowHeaders: string[]
  exposeHeaders: string[]
  allowCredentials: boolean
  maxAgeSeconds?: number
}

export interface ApiModel {
  path: string
  stack: string
  id: string
  routes: RouteModel[]
  authorizers: AuthorizerModel[]
  cors?: CorsModel
}
