import { z } from 'zod'
import { isKind, type Stack } from './constructs.js'
import { DURATION_PATTERN } from './duration.js'
import { parseRouteKey } from './route-key.js'

/**
 * The one schema of the definition: types, allowed keys and ranges of every construct's props.
 * Checked once at start; each problem is reported with its path, e.g.
 * `stacks[0].Api.routes["GET /x/"].function: expected string`.
 */
const duration = z.union([
  z.number().nonnegative(),
  z.string().regex(DURATION_PATTERN, 'expected "<n> seconds|minutes|hours|days"'),
])
const handler = z
  .string()
  .regex(/^[^\s]+\.[A-Za-z_$][\w$]*$/, 'expected "path/to/file.export", e.g. "src/private.main"')
const environment = z.record(
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'invalid variable name'),
  z.string(),
)
const authorizer = z.custom<object>(
  (v) => isKind(v, 'UserPoolAuthorizer') || isKind(v, 'JwtAuthorizer'),
  'expected a UserPoolAuthorizer or a JwtAuthorizer',
)
const tokenUse = z.enum(['any', 'access', 'id'])
const identitySource = z
  .array(
    z
      .string()
      .regex(
        /^\$request\.(header|querystring)\.[\w-]+$/,
        'expected $request.header.<name> or $request.querystring.<name>',
      ),
  )
  .length(1)

const standardAttribute = z.strictObject({
  required: z.boolean().optional(),
  mutable: z.boolean().optional(),
})

export const userPoolProps = z.strictObject({
  selfSignUpEnabled: z.boolean().optional(),
  signInAliases: z
    .strictObject({
      username: z.boolean().optional(),
      email: z.boolean().optional(),
      phone: z.boolean().optional(),
      preferredUsername: z.boolean().optional(),
    })
    .optional(),
  signInCaseSensitive: z.boolean().optional(),
  autoVerify: z.strictObject({ email: z.boolean().optional(), phone: z.boolean().optional() }).optional(),
  passwordPolicy: z
    .strictObject({
      minLength: z.number().int().min(6).max(99).optional(),
      requireLowercase: z.boolean().optional(),
      requireUppercase: z.boolean().optional(),
      requireDigits: z.boolean().optional(),
      requireSymbols: z.boolean().optional(),
      tempPasswordValidity: duration.optional(),
    })
    .optional(),
  standardAttributes: z
    .partialRecord(
      z.enum([
        'address',
        'birthdate',
        'email',
        'familyName',
        'gender',
        'givenName',
        'locale',
        'middleName',
        'fullname',
        'nickname',
        'phoneNumber',
        'profilePicture',
        'preferredUsername',
        'profilePage',
        'timezone',
        'website',
      ]),
      standardAttribute,
    )
    .optional(),
  customAttributes: z
    .record(
      z.string().regex(/^\w{1,20}$/, 'custom attribute names are 1-20 letters, digits or _'),
      z.strictObject({
        type: z.enum(['String', 'Number']).optional(),
        mutable: z.boolean().optional(),
        minLength: z.number().int().nonnegative().optional(),
        maxLength: z.number().int().positive().optional(),
      }),
    )
    .optional(),
  userPoolName: z.string().min(1).max(128).optional(),
  deletionProtection: z.boolean().optional(),
})

export const userPoolClientProps = z.strictObject({
  userPool: z.custom<object>((v) => isKind(v, 'UserPool'), 'expected a UserPool'),
  userPoolClientName: z.string().min(1).max(128).optional(),
  authFlows: z
    .strictObject({
      userPassword: z.boolean().optional(),
      userSrp: z.boolean().optional(),
      adminUserPassword: z.boolean().optional(),
      custom: z.boolean().optional(),
    })
    .optional(),
  generateSecret: z.boolean().optional(),
  preventUserExistenceErrors: z.boolean().optional(),
  accessTokenValidity: duration.optional(),
  idTokenValidity: duration.optional(),
  refreshTokenValidity: duration.optional(),
  readAttributes: z.array(z.string()).optional(),
  writeAttributes: z.array(z.string()).optional(),
  oauth: z
    .strictObject({
      flows: z
        .strictObject({
          authorizationCodeGrant: z.boolean().optional(),
          implicitCodeGrant: z.boolean().optional(),
          clientCredentials: z.boolean().optional(),
        })
        .optional(),
      scopes: z.array(z.string().min(1)).optional(),
      callbackUrls: z.array(z.url()).optional(),
      logoutUrls: z.array(z.url()).optional(),
    })
    .optional(),
  enableTokenRevocation: z.boolean().optional(),
})

export const userPoolResourceServerProps = z.strictObject({
  userPool: z.custom<object>((v) => isKind(v, 'UserPool'), 'expected a UserPool'),
  identifier: z
    .string()
    .regex(/^[\x21\x23-\x5b\x5d-\x7e]{1,256}$/, 'expected 1-256 printable characters, no space, " or \\'),
  userPoolResourceServerName: z
    .string()
    .regex(/^[\w\s+=,.@-]{1,256}$/)
    .optional(),
  scopes: z
    .array(
      z.strictObject({
        name: z
          .string()
          .regex(
            /^[\x21\x23-\x2e\x30-\x5b\x5d-\x7e]{1,256}$/,
            'expected 1-256 printable characters, no space, /, " or \\',
          ),
        description: z.string().min(1).max(256),
      }),
    )
    .max(100)
    .optional(),
})

const functionProps = z.strictObject({
  handler,
  timeout: duration.optional(),
  environment: environment.optional(),
  memorySize: z.number().int().min(128).max(10240).optional(),
})

const route = z.union([
  handler,
  z.strictObject({
    function: z.union([handler, functionProps]),
    authorizationType: z.enum(['JWT', 'NONE']).optional(),
    authorizer: z.union([authorizer, z.literal('none')]).optional(),
    authorizationScopes: z.array(z.string().min(1)).optional(),
  }),
])

export const apiProps = z.strictObject({
  routes: z.record(z.string(), route).superRefine((routes, ctx) => {
    for (const key of Object.keys(routes)) {
      const parsed = parseRouteKey(key)
      if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed, path: [key] })
    }
  }),
  defaultAuthorizer: authorizer.optional(),
  defaultAuthorizationType: z.enum(['JWT', 'NONE']).optional(),
  defaultAuthorizationScopes: z.array(z.string().min(1)).optional(),
  defaultFunctionProps: functionProps.omit({ handler: true }).optional(),
  cors: z
    .union([
      z.boolean(),
      z.strictObject({
        allowOrigins: z.array(z.string()).optional(),
        allowMethods: z.array(z.string()).optional(),
        allowHeaders: z.array(z.string()).optional(),
        exposeHeaders: z.array(z.string()).optional(),
        allowCredentials: z.boolean().optional(),
        maxAge: duration.optional(),
      }),
    ])
    .optional(),
})

export const userPoolAuthorizerProps = z.strictObject({
  userPoolClients: z
    .array(z.custom<object>((v) => isKind(v, 'UserPoolClient'), 'expected a UserPoolClient'))
    .min(1),
  identitySource: identitySource.optional(),
  tokenUse: tokenUse.optional(),
})

export const jwtAuthorizerProps = z.strictObject({
  issuer: z.string().min(1),
  audience: z.array(z.string().min(1)).min(1),
  identitySource: identitySource.optional(),
  tokenUse: tokenUse.optional(),
})

export const appProps = z.strictObject({
  kind: z.literal('portcullis-app'),
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'app names are letters, digits and -'),
  region: z
    .string()
    .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'expected a region like us-east-1')
    .optional(),
  stacks: z.array(z.function()).min(1),
})

/** Every problem in the props of a stack's constructs, each prefixed with its path. */
export function checkStack(stack: Stack, prefix: string): string[] {
  const problems: string[] = []
  for (const construct of stack.constructs) {
    const at = `${prefix}.${construct.id}`
    const schema = {
      UserPool: userPoolProps,
      UserPoolClient: userPoolClientProps,
      UserPoolResourceServer: userPoolResourceServerProps,
      Api: apiProps,
    }[construct.kind]
    if (!schema || !('props' in construct)) continue
    problems.push(...issues(schema.safeParse(construct.props), at))
    if (isKind(construct, 'Api')) {
      const authorizers = new Set<unknown>()
      authorizers.add(construct.props.defaultAuthorizer)
      for (const value of Object.values(construct.props.routes ?? {}))
        if (typeof value === 'object' && value && 'authorizer' in value) authorizers.add(value.authorizer)
      for (const a of authorizers) {
        if (isKind(a, 'UserPoolAuthorizer'))
          problems.push(...issues(userPoolAuthorizerProps.safeParse(a.props), `${at}.authorizers.${a.name}`))
        else if (isKind(a, 'JwtAuthorizer'))
          problems.push(...issues(jwtAuthorizerProps.safeParse(a.props), `${at}.authorizers.${a.name}`))
      }
    }
  }
  return problems
}

export function issues(result: z.ZodSafeParseResult<unknown>, prefix: string): string[] {
  if (result.success) return []
  return result.error.issues.map((issue) => `${prefix}${formatPath(issue.path)}: ${issue.message}`)
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key) =>
      typeof key === 'number'
        ? `[${key}]`
        : /^[A-Za-z_$][\w$]*$/.test(String(key))
          ? `.${String(key)}`
          : `[${JSON.stringify(String(key))}]`,
    )
    .join('')
}

/** A JSON Schema of the construct props, for editors and documentation. */
export function definitionJsonSchema(): Record<string, unknown> {
  const schemaOf = (s: z.ZodType) => z.toJSONSchema(s, { unrepresentable: 'any' })
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Portcullis construct props',
    $defs: {
      UserPoolProps: schemaOf(userPoolProps),
      UserPoolClientProps: schemaOf(userPoolClientProps),
      UserPoolResourceServerProps: schemaOf(userPoolResourceServerProps),
      ApiProps: schemaOf(apiProps),
      UserPoolAuthorizerProps: schemaOf(userPoolAuthorizerProps),
      JwtAuthorizerProps: schemaOf(jwtAuthorizerProps),
    },
  }
}
