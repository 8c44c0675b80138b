import {
  type Api,
  type ApiProps,
  type AppDefinition,
  type Authorizer,
  DefinitionError,
  isKind,
  type RouteProps,
  Stack,
  type UserPool,
  type UserPoolClient,
  type UserPoolClientProps,
  type UserPoolProps,
  type UserPoolResourceServer,
} from './constructs.js'
import { toSeconds } from './duration.js'
import type {
  ApiModel,
  AppModel,
  AuthorizerModel,
  ClientModel,
  FunctionModel,
  ResourceServerModel,
  RouteModel,
  UserPoolModel,
} from './model.js'
import { appProps, checkStack, issues } from './schema.js'

const DEFAULT_TIMEOUT_SECONDS = 30
const DEFAULT_MEMORY_MB = 1024

export type SynthResult = { ok: true; model: AppModel } | { ok: false; problems: string[] }

/**
 * Runs the app's stack functions for a stage, validates every construct against the schema,
 * and returns the model — or every problem found, each with its path.
 */
export function synthesize(app: unknown, stage: string): SynthResult {
  const appProblems = issues(appProps.safeParse(app), 'app')
  if (appProblems.length > 0) return { ok: false, problems: appProblems }
  const definition = app as AppDefinition
  const region = definition.region ?? 'us-east-1'
  const stacks: Stack[] = []
  const problems: string[] = []
  definition.stacks.forEach((fn, i) => {
    const stack = new Stack(fn.name || `Stack${i}`, stage, region)
    try {
      fn(stack)
    } catch (error) {
      problems.push(`stacks[${i}] (${stack.name}): ${error instanceof Error ? error.message : String(error)}`)
    }
    problems.push(...checkStack(stack, `stacks[${i}].${stack.name}`))
    stacks.push(stack)
  })
  if (new Set(stacks.map((s) => s.name)).size !== stacks.length)
    problems.push('app.stacks: two stacks share a name; name each stack function differently')
  if (problems.length > 0) return { ok: false, problems }

  const model: AppModel = {
    name: definition.name,
    region,
    stage,
    stacks: [],
    userPools: [],
    clients: [],
    resourceServers: [],
    apis: [],
  }
  stacks.forEach((stack, i) => {
    model.stacks.push({ name: stack.name, outputs: { ...stack.outputs } })
    for (const construct of stack.constructs) {
      try {
        if (isKind(construct, 'UserPool')) model.userPools.push(userPoolModel(construct))
        else if (isKind(construct, 'UserPoolClient')) model.clients.push(clientModel(construct))
        else if (isKind(construct, 'UserPoolResourceServer'))
          model.resourceServers.push(resourceServerModel(construct))
        else if (isKind(construct, 'Api')) model.apis.push(apiModel(construct))
      } catch (error) {
        if (!(error instanceof DefinitionError)) throw error
        problems.push(`stacks[${i}].${stack.name}.${construct.id}${error.message}`)
      }
    }
  })
  return problems.length > 0 ? { ok: false, problems } : { ok: true, model }
}

/** CDK's UserPool props in Cognito's CreateUserPool vocabulary. */
function userPoolModel(pool: UserPool): UserPoolModel {
  const p: UserPoolProps = pool.props
  const aliases = p.signInAliases ?? { username: true }
  const emailOrPhoneOnly = !aliases.username && !aliases.preferredUsername
  const autoVerify = p.autoVerify ?? { email: aliases.email, phone: aliases.phone }
  const signIn = [...(aliases.email ? ['email'] : []), ...(aliases.phone ? ['phone_number'] : [])]
  const policy = p.passwordPolicy ?? {}
  const required = Object.entries(p.standardAttributes ?? {}).filter(([, a]) => a?.required)
  return {
    path: pool.path,
    name: p.userPoolName ?? pool.id,
    settings: {
      ...(emailOrPhoneOnly && signIn.length > 0 ? { UsernameAttributes: signIn } : {}),
      ...(!emailOrPhoneOnly
        ? { AliasAttributes: [...signIn, ...(aliases.preferredUsername ? ['preferred_username'] : [])] }
        : {}),
      AutoVerifiedAttributes: [
        ...(autoVerify.email ? ['email'] : []),
        ...(autoVerify.phone ? ['phone_number'] : []),
      ],
      UsernameConfiguration: { CaseSensitive: p.signInCaseSensitive ?? true },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: !(p.selfSignUpEnabled ?? false) },
      Policies: {
        PasswordPolicy: {
          MinimumLength: policy.minLength ?? 8,
          RequireLowercase: policy.requireLowercase ?? true,
          RequireUppercase: policy.requireUppercase ?? true,
          RequireNumbers: policy.requireDigits ?? true,
          RequireSymbols: policy.requireSymbols ?? true,
          TemporaryPasswordValidityDays: Math.max(
            1,
            Math.round(toSeconds(policy.tempPasswordValidity ?? 7 * 86400) / 86400),
          ),
        },
      },
      Schema: [
        ...required.map(([name]) => ({
          Name: STANDARD_ATTRIBUTE_NAMES[name] ?? name,
          Required: true,
          Mutable: true,
        })),
        ...Object.entries(p.customAttributes ?? {}).map(([name, a]) => ({
          Name: name,
          AttributeDataType: a.type ?? 'String',
          Mutable: a.mutable ?? true,
          ...(a.type === 'Number'
            ? {}
            : {
                StringAttributeConstraints: {
                  MinLength: String(a.minLength ?? 0),
                  MaxLength: String(a.maxLength ?? 2048),
                },
              }),
        })),
      ],
      DeletionProtection: p.deletionProtection ? 'ACTIVE' : 'INACTIVE',
    },
  }
}

/** CDK's attribute names and Cognito's. */
const STANDARD_ATTRIBUTE_NAMES: Record<string, string> = {
  familyName: 'family_name',
  givenName: 'given_name',
  middleName: 'middle_name',
  fullname: 'name',
  phoneNumber: 'phone_number',
  profilePicture: 'picture',
  preferredUsername: 'preferred_username',
  profilePage: 'profile',
  timezone: 'zoneinfo',
}

function clientModel(client: UserPoolClient): ClientModel {
  const p: UserPoolClientProps = client.props
  const flows = p.authFlows
  const settings: Record<string, unknown> = {
    PreventUserExistenceErrors: p.preventUserExistenceErrors ? 'ENABLED' : 'LEGACY',
    EnableTokenRevocation: p.enableTokenRevocation ?? true,
  }
  // CDK always adds refresh to an explicit flow list (aws-cdk PR #10561).
  if (flows)
    settings.ExplicitAuthFlows = [
      ...(flows.userPassword ? ['ALLOW_USER_PASSWORD_AUTH'] : []),
      ...(flows.adminUserPassword ? ['ALLOW_ADMIN_USER_PASSWORD_AUTH'] : []),
      ...(flows.userSrp ? ['ALLOW_USER_SRP_AUTH'] : []),
      ...(flows.custom ? ['ALLOW_CUSTOM_AUTH'] : []),
      'ALLOW_REFRESH_TOKEN_AUTH',
    ]
  const units: Record<string, string> = {}
  for (const [key, unit, value] of [
    ['AccessTokenValidity', 'AccessToken', p.accessTokenValidity],
    ['IdTokenValidity', 'IdToken', p.idTokenValidity],
    ['RefreshTokenValidity', 'RefreshToken', p.refreshTokenValidity],
  ] as const) {
    if (value === undefined) continue
    settings[key] = Math.round(toSeconds(value) / 60)
    units[unit] = 'minutes'
  }
  if (Object.keys(units).length > 0) settings.TokenValidityUnits = units
  if (p.readAttributes) settings.ReadAttributes = p.readAttributes
  if (p.writeAttributes) settings.WriteAttributes = p.writeAttributes
  if (p.oauth) {
    const f = p.oauth.flows ?? { authorizationCodeGrant: true, implicitCodeGrant: true }
    Object.assign(settings, {
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: [
        ...(f.authorizationCodeGrant ? ['code'] : []),
        ...(f.implicitCodeGrant ? ['implicit'] : []),
        ...(f.clientCredentials ? ['client_credentials'] : []),
      ],
      AllowedOAuthScopes: p.oauth.scopes ?? [
        'phone',
        'email',
        'openid',
        'profile',
        'aws.cognito.signin.user.admin',
      ],
      CallbackURLs: p.oauth.callbackUrls ?? ['https://example.com'],
      ...(p.oauth.logoutUrls ? { LogoutURLs: p.oauth.logoutUrls } : {}),
      SupportedIdentityProviders: ['COGNITO'],
    })
  }
  return {
    path: client.path,
    poolPath: p.userPool.path,
    name: p.userPoolClientName ?? client.id,
    generateSecret: p.generateSecret ?? false,
    settings,
  }
}

function resourceServerModel(server: UserPoolResourceServer): ResourceServerModel {
  const p = server.props
  return {
    path: server.path,
    poolPath: p.userPool.path,
    identifier: p.identifier,
    name: p.userPoolResourceServerName ?? p.identifier.replace(/[^\w\s+=,.@-]/g, '-'),
    scopes: (p.scopes ?? []).map((s) => ({ ScopeName: s.name, ScopeDescription: s.description })),
  }
}

function apiModel(api: Api): ApiModel {
  const p: ApiProps = api.props
  const authorizers = new Map<string, AuthorizerModel>()
  const register = (a: Authorizer): string => {
    const model = authorizerModel(a)
    const existing = authorizers.get(a.name)
    if (existing && JSON.stringify(existing) !== JSON.stringify(model))
      throw new DefinitionError(`: two different authorizers are named "${a.name}"`)
    authorizers.set(a.name, model)
    return a.name
  }
  const routes: RouteModel[] = []
  for (const [routeKey, value] of Object.entries(p.routes)) {
    const route: RouteProps = typeof value === 'string' ? { function: value } : value
    const fn = typeof route.function === 'string' ? { handler: route.function } : route.function
    const defaults = p.defaultFunctionProps ?? {}
    const functionModel: FunctionModel = {
      handler: fn.handler,
      timeoutSeconds: toSeconds(fn.timeout ?? defaults.timeout ?? DEFAULT_TIMEOUT_SECONDS),
      environment: { ...defaults.environment, ...fn.environment },
      memoryMb: fn.memorySize ?? defaults.memorySize ?? DEFAULT_MEMORY_MB,
    }
    const type =
      route.authorizationType ??
      (route.authorizer && route.authorizer !== 'none' ? 'JWT' : undefined) ??
      p.defaultAuthorizationType ??
      (p.defaultAuthorizer ? 'JWT' : 'NONE')
    const chosen = route.authorizer === 'none' ? undefined : (route.authorizer ?? p.defaultAuthorizer)
    const model: RouteModel = { routeKey, function: functionModel }
    if (type === 'JWT' && route.authorizer !== 'none') {
      if (!chosen)
        throw new DefinitionError(
          `.routes[${JSON.stringify(routeKey)}]: authorizationType JWT needs an authorizer or a defaultAuthorizer`,
        )
      model.authorizer = register(chosen)
      const scopes = route.authorizationScopes ?? p.defaultAuthorizationScopes
      if (scopes?.length) model.authorizationScopes = scopes
    } else if (route.authorizationScopes?.length) {
      throw new DefinitionError(
        `.routes[${JSON.stringify(routeKey)}]: authorizationScopes need a JWT authorizer`,
      )
    }
    routes.push(model)
  }
  const cors = p.cors === undefined || p.cors === false ? undefined : p.cors === true ? {} : p.cors
  return {
    path: api.path,
    stack: api.stack.name,
    id: api.id,
    routes,
    authorizers: [...authorizers.values()],
    // SST's cors: true allows any origin, header and method (aws-semantics.md §3.3).
    ...(cors
      ? {
          cors: {
            allowOrigins: cors.allowOrigins ?? ['*'],
            allowMethods: cors.allowMethods ?? ['*'],
            allowHeaders: cors.allowHeaders ?? ['*'],
            exposeHeaders: cors.exposeHeaders ?? [],
            allowCredentials: cors.allowCredentials ?? false,
            ...(cors.maxAge !== undefined ? { maxAgeSeconds: toSeconds(cors.maxAge) } : {}),
          },
        }
      : {}),
  }
}

function authorizerModel(a: Authorizer): AuthorizerModel {
  if (isKind(a, 'UserPoolAuthorizer'))
    return {
      name: a.name,
      issuer: a.userPool.issuer,
      audience: a.props.userPoolClients.map((c) => c.userPoolClientId),
      identitySource: a.props.identitySource?.[0] ?? '$request.header.Authorization',
      tokenUse: a.props.tokenUse ?? 'any',
    }
  if (isKind(a, 'JwtAuthorizer'))
    return {
      name: a.name,
      issuer: a.props.issuer,
      audience: [...a.props.audience],
      identitySource: a.props.identitySource?.[0] ?? '$request.header.Authorization',
      tokenUse: a.props.tokenUse ?? 'any',
    }
  throw new DefinitionError(': unknown authorizer')
}
