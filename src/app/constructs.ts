import type { Duration } from './duration.js'
import { token } from './tokens.js'

/** Something declared in a stack, addressed as `<stack>/<id>`. */
abstract class Construct {
  /**
   * What the construct is. Checked instead of `instanceof`, because the app's config is loaded in
   * its own module graph (fresh on every reload) and its classes are other copies of these.
   */
  abstract readonly kind: 'UserPool' | 'UserPoolClient' | 'UserPoolResourceServer' | 'Api'
  readonly stack: Stack
  readonly id: string

  constructor(stack: Stack, id: string) {
    this.stack = stack
    this.id = id
    stack.add(this)
  }

  get path(): string {
    return `${this.stack.name}/${this.id}`
  }
}

/** A stack: the unit a stack function fills with resources and outputs (SST's `Stack`). */
export class Stack {
  readonly name: string
  readonly stage: string
  readonly region: string
  readonly #constructs: Construct[] = []
  readonly #outputs: Record<string, string> = {}

  constructor(name: string, stage: string, region: string) {
    this.name = name
    this.stage = stage
    this.region = region
  }

  /** @internal */
  add(construct: Construct): void {
    if (this.#constructs.some((c) => c.id === construct.id))
      throw new DefinitionError(`${this.name}: two resources share the id "${construct.id}"`)
    this.#constructs.push(construct)
  }

  addOutputs(outputs: Record<string, string>): void {
    Object.assign(this.#outputs, outputs)
  }

  get constructs(): readonly Construct[] {
    return this.#constructs
  }

  get outputs(): Readonly<Record<string, string>> {
    return this.#outputs
  }
}

export class DefinitionError extends Error {}

type Kind =
  | 'UserPool'
  | 'UserPoolClient'
  | 'UserPoolResourceServer'
  | 'Api'
  | 'UserPoolAuthorizer'
  | 'JwtAuthorizer'
type KindOf = {
  UserPool: UserPool
  UserPoolClient: UserPoolClient
  UserPoolResourceServer: UserPoolResourceServer
  Api: Api
  UserPoolAuthorizer: UserPoolAuthorizer
  JwtAuthorizer: JwtAuthorizer
}

export function isKind<K extends Kind>(value: unknown, kind: K): value is KindOf[K] {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === kind
}

// ---------------------------------------------------------------------------------------------
// User pools

export interface PasswordPolicyProps {
  /** Default 8. */
  minLength?: number
  requireLowercase?: boolean
  requireUppercase?: boolean
  requireDigits?: boolean
  requireSymbols?: boolean
  /** How long a temporary password works. Default 7 days. */
  tempPasswordValidity?: Duration
}

export interface StandardAttributeProps {
  required?: boolean
  mutable?: boolean
}

export interface UserPoolProps {
  /** Whether users may sign themselves up. Default false, as in CDK. */
  selfSignUpEnabled?: boolean
  /** How users sign in. `{ email: true }` alone makes the email the username (its id is a UUID). */
  signInAliases?: { username?: boolean; email?: boolean; phone?: boolean; preferredUsername?: boolean }
  /** Default true, as in CDK. `false` makes `Admin@Example.com` and `admin@example.com` one user. */
  signInCaseSensitive?: boolean
  /** Attributes verified by a code at sign-up. Default: the sign-in aliases among email and phone. */
  autoVerify?: { email?: boolean; phone?: boolean }
  passwordPolicy?: PasswordPolicyProps
  standardAttributes?: Partial<
    Record<
      | 'address'
      | 'birthdate'
      | 'email'
      | 'familyName'
      | 'gender'
      | 'givenName'
      | 'locale'
      | 'middleName'
      | 'fullname'
      | 'nickname'
      | 'phoneNumber'
      | 'profilePicture'
      | 'preferredUsername'
      | 'profilePage'
      | 'timezone'
      | 'website',
      StandardAttributeProps
    >
  >
  /** Custom attributes, named without the `custom:` prefix. */
  customAttributes?: Record<
    string,
    { type?: 'String' | 'Number'; mutable?: boolean; minLength?: number; maxLength?: number }
  >
  /** Name shown on the hosted pages. Default: the construct id. */
  userPoolName?: string
  deletionProtection?: boolean
}

export class UserPool extends Construct {
  readonly kind = 'UserPool'
  readonly props: UserPoolProps

  constructor(stack: Stack, id: string, props: UserPoolProps = {}) {
    super(stack, id)
    this.props = props
  }

  /** The pool's id, stable per stage (`us-east-1_AbC123xyZ`). */
  get userPoolId(): string {
    return token(`${this.path}.userPoolId`)
  }

  get userPoolArn(): string {
    return token(`${this.path}.userPoolArn`)
  }

  /** The token issuer: `<user pool endpoint>/<pool id>`. */
  get issuer(): string {
    return token(`${this.path}.issuer`)
  }
}

export interface OAuthProps {
  flows?: { authorizationCodeGrant?: boolean; implicitCodeGrant?: boolean; clientCredentials?: boolean }
  /** Scope names: `openid`, `email`, `phone`, `profile`, `aws.cognito.signin.user.admin`, or `<resource server>/<scope>`. */
  scopes?: string[]
  callbackUrls?: string[]
  logoutUrls?: string[]
}

export interface UserPoolClientProps {
  userPool: UserPool
  userPoolClientName?: string
  /** Sign-in flows the client may use; refresh is always allowed. Default: SRP and custom. */
  authFlows?: { userPassword?: boolean; userSrp?: boolean; adminUserPassword?: boolean; custom?: boolean }
  generateSecret?: boolean
  preventUserExistenceErrors?: boolean
  accessTokenValidity?: Duration
  idTokenValidity?: Duration
  refreshTokenValidity?: Duration
  /** Attributes the client may read (into ID tokens) and write; default all. */
  readAttributes?: string[]
  writeAttributes?: string[]
  oauth?: OAuthProps
  enableTokenRevocation?: boolean
}

export class UserPoolClient extends Construct {
  readonly kind = 'UserPoolClient'
  readonly props: UserPoolClientProps

  constructor(stack: Stack, id: string, props: UserPoolClientProps) {
    super(stack, id)
    this.props = props
  }

  get userPoolClientId(): string {
    return token(`${this.path}.userPoolClientId`)
  }

  get userPoolClientSecret(): string {
    return token(`${this.path}.userPoolClientSecret`)
  }
}

export interface UserPoolResourceServerProps {
  userPool: UserPool
  /** Prefix of its scopes in tokens: `<identifier>/<scope name>`, often the API's URL. */
  identifier: string
  /** Default: the identifier. */
  userPoolResourceServerName?: string
  scopes?: Array<{ name: string; description: string }>
}

/**
 * An OAuth 2.0 resource server with custom scopes (CDK's UserPoolResourceServer). Clients allow
 * its scopes as `<identifier>/<name>` (see `scope()`), and routes require them with
 * `authorizationScopes`.
 */
export class UserPoolResourceServer extends Construct {
  readonly kind = 'UserPoolResourceServer'
  readonly props: UserPoolResourceServerProps

  constructor(stack: Stack, id: string, props: UserPoolResourceServerProps) {
    super(stack, id)
    this.props = props
  }

  /** The scope string a client allows and a route requires: `<identifier>/<name>`. */
  scope(name: string): string {
    return `${this.props.identifier}/${name}`
  }
}

// ---------------------------------------------------------------------------------------------
// Authorizers

export interface UserPoolAuthorizerProps {
  /** Clients whose tokens are accepted; their ids become the audience. */
  userPoolClients: UserPoolClient[]
  /** Default `['$request.header.Authorization']`. */
  identitySource?: string[]
  /** `'any'` (AWS: ID and access tokens both pass), or only one kind. Default `'any'`. */
  tokenUse?: 'any' | 'access' | 'id'
}

/** A JWT authorizer whose issuer is one of the app's own user pools (CDK's HttpUserPoolAuthorizer). */
export class UserPoolAuthorizer {
  readonly kind = 'UserPoolAuthorizer'
  readonly name: string
  readonly userPool: UserPool
  readonly props: UserPoolAuthorizerProps

  constructor(name: string, userPool: UserPool, props: UserPoolAuthorizerProps) {
    this.name = name
    this.userPool = userPool
    this.props = props
  }
}

export interface JwtAuthorizerProps {
  /** Exact `iss`; keys are found through `<issuer>/.well-known/openid-configuration`. */
  issuer: string
  audience: string[]
  identitySource?: string[]
  tokenUse?: 'any' | 'access' | 'id'
}

/** A JWT authorizer for any OIDC issuer: Auth0, Okta, Keycloak, another Portcullis. */
export class JwtAuthorizer {
  readonly kind = 'JwtAuthorizer'
  readonly name: string
  readonly props: JwtAuthorizerProps

  constructor(name: string, props: JwtAuthorizerProps) {
    this.name = name
    this.props = props
  }
}

export type Authorizer = UserPoolAuthorizer | JwtAuthorizer

// ---------------------------------------------------------------------------------------------
// APIs

export interface FunctionProps {
  /** `path/to/file.export`, relative to the app folder: `src/private.main`. */
  handler: string
  /** Default 30 seconds, the HTTP API integration limit. */
  timeout?: Duration
  environment?: Record<string, string>
  memorySize?: number
}

export interface RouteProps {
  function: string | FunctionProps
  /** `'NONE'` makes the route public; `'JWT'` uses `authorizer` or the API's default. */
  authorizationType?: 'JWT' | 'NONE'
  authorizer?: Authorizer | 'none'
  authorizationScopes?: string[]
}

export interface CorsProps {
  allowOrigins?: string[]
  allowMethods?: string[]
  allowHeaders?: string[]
  exposeHeaders?: string[]
  allowCredentials?: boolean
  maxAge?: Duration
}

export interface ApiProps {
  /** Route key (`GET /items/{id}`, `ANY /{proxy+}`, `$default`) to handler. */
  routes: Record<string, string | RouteProps>
  defaultAuthorizer?: Authorizer
  /** Default `'JWT'` when a default authorizer is set, else `'NONE'`. */
  defaultAuthorizationType?: 'JWT' | 'NONE'
  defaultAuthorizationScopes?: string[]
  defaultFunctionProps?: Omit<FunctionProps, 'handler'>
  /** `true` is SST's default: any origin, header and method. */
  cors?: boolean | CorsProps
}

export class Api extends Construct {
  readonly kind = 'Api'
  readonly props: ApiProps

  constructor(stack: Stack, id: string, props: ApiProps) {
    super(stack, id)
    this.props = props
  }

  /** The API's base URL, without a trailing slash. */
  get url(): string {
    return token(`${this.path}.url`)
  }
}

// ---------------------------------------------------------------------------------------------
// The app

export type StackFunction = (stack: Stack) => void

export interface AppProps {
  name: string
  /** Region in pool ids and ARNs. Default `us-east-1`. */
  region?: string
  stacks: StackFunction[]
}

export interface AppDefinition extends AppProps {
  readonly kind: 'portcullis-app'
}

/** The app a `portcullis.config.ts` exports by default. */
export function defineApp(props: AppProps): AppDefinition {
  return { ...props, kind: 'portcullis-app' }
}
