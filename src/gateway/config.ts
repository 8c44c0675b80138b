import { parseRouteKey } from './route-key.js'

/**
 * A JWT authorizer as API Gateway HTTP APIs define it (AWS::ApiGatewayV2::Authorizer with
 * AuthorizerType JWT): keys come from the issuer's OIDC discovery document, never from the token.
 */
export interface JwtAuthorizerConfig {
  name: string
  /** Compared byte for byte with the token's `iss`; discovery at `${issuer}/.well-known/openid-configuration`. */
  issuer: string
  /** `aud` must be one of these; a token without `aud` is checked on `client_id` instead (AG-JWT-TS). */
  audience: string[]
  /** `$request.header.<Name>` (default `$request.header.Authorization`) or `$request.querystring.<name>`. */
  identitySource?: string
  /** `any` (default) is AWS parity: ID tokens pass on `aud`, access tokens on `client_id`. */
  tokenUse?: 'any' | 'access' | 'id'
  /** Skips discovery and reads keys from this URL. */
  jwksUri?: string
}

export interface RouteConfig {
  /** `GET /items/{id}`, `ANY /{proxy+}` or `$default`. */
  routeKey: string
  /** Opaque to the gateway; handed to the Invoke port. */
  functionId: string
  /** Name of a JwtAuthorizerConfig; absent means AuthorizationType NONE. */
  authorizer?: string
  /** The token's `scope` (or `scp`) must hold at least one of these. */
  authorizationScopes?: string[]
}

export interface CorsConfig {
  allowOrigins: string[]
  allowMethods: string[]
  allowHeaders: string[]
  exposeHeaders?: string[]
  allowCredentials?: boolean
  maxAge?: number
}

export interface ApiConfig {
  apiId: string
  name: string
  /** `$default` (served from the root) or a stage name served under `/<stage>/`. */
  stage?: string
  region: string
  accountId?: string
  routes: RouteConfig[]
  authorizers: JwtAuthorizerConfig[]
  cors?: CorsConfig
}

export const DEFAULT_IDENTITY_SOURCE = '$request.header.Authorization'
export const DEFAULT_ACCOUNT_ID = '000000000000'

const API_KEYS = ['apiId', 'name', 'stage', 'region', 'accountId', 'routes', 'authorizers', 'cors']
const ROUTE_KEYS = ['routeKey', 'functionId', 'authorizer', 'authorizationScopes']
const AUTHORIZER_KEYS = ['name', 'issuer', 'audience', 'identitySource', 'tokenUse', 'jwksUri']
const CORS_KEYS = [
  'allowOrigins',
  'allowMethods',
  'allowHeaders',
  'exposeHeaders',
  'allowCredentials',
  'maxAge',
]
const CORS_METHODS = new Set(['*', 'ANY', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'])
const IDENTITY_SOURCE = /^\$request\.(header|querystring)\.([A-Za-z0-9!#$%&'*+.^_`|~-]+)$/
const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/
/** Scopes are echoed inside a quoted-string of `www-authenticate` (RFC 6750 §3): no space, quote or backslash. */
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]+$/
const HEADER_TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/

export interface IdentitySource {
  kind: 'header' | 'querystring'
  /** Lower-cased for headers, as sent for query-string parameters. */
  name: string
}

export function parseIdentitySource(source: string | undefined): IdentitySource | undefined {
  const match = IDENTITY_SOURCE.exec(source ?? DEFAULT_IDENTITY_SOURCE)
  if (!match) return undefined
  const kind = match[1] as IdentitySource['kind']
  return { kind, name: kind === 'header' ? match[2]!.toLowerCase() : match[2]! }
}

/**
 * Every problem with an API definition, each prefixed with its path
 * (`routes["GET /x/"]: route keys may not end in /`); `[]` when the definition is valid.
 * Unknown keys are problems too, so a typo never silently drops a setting.
 */
export function validateApiConfig(config: ApiConfig): string[] {
  const problems: string[] = []
  if (!isRecord(config)) return ['config: must be an object']
  unknownKeys(config, API_KEYS, '', problems)
  for (const field of ['apiId', 'name', 'region'] as const)
    if (!nonEmptyString(config[field])) problems.push(`${field}: must be a non-empty string`)
  if (config.stage !== undefined && config.stage !== '$default' && !matches(config.stage, STAGE_NAME))
    problems.push('stage: must be "$default" or letters, digits, "-" and "_"')
  if (config.accountId !== undefined && !matches(config.accountId, /^\d{12}$/))
    problems.push('accountId: must be 12 digits')
  const authorizerNames = validateAuthorizers(config.authorizers, problems)
  validateRoutes(config.routes, authorizerNames, problems)
  if (config.cors !== undefined) validateCors(config.cors, problems)
  return problems
}

function validateAuthorizers(authorizers: unknown, problems: string[]): Set<string> {
  const names = new Set<string>()
  if (!Array.isArray(authorizers)) {
    problems.push('authorizers: must be an array')
    return names
  }
  authorizers.forEach((authorizer: unknown, index) => {
    if (!isRecord(authorizer)) {
      problems.push(`authorizers[${index}]: must be an object`)
      return
    }
    const name = authorizer.name
    const at = nonEmptyString(name) ? `authorizers["${name}"]` : `authorizers[${index}]`
    unknownKeys(authorizer, AUTHORIZER_KEYS, at, problems)
    if (!nonEmptyString(name)) problems.push(`${at}.name: must be a non-empty string`)
    else if (names.has(name)) problems.push(`${at}: duplicate authorizer name`)
    else names.add(name)
    if (!httpUrl(authorizer.issuer))
      problems.push(`${at}.issuer: must be an http(s) URL without query or fragment`)
    if (
      !Array.isArray(authorizer.audience) ||
      authorizer.audience.length === 0 ||
      !authorizer.audience.every(nonEmptyString)
    )
      problems.push(`${at}.audience: must be a non-empty list of non-empty strings`)
    if (authorizer.identitySource !== undefined && !parseIdentitySource(String(authorizer.identitySource)))
      problems.push(`${at}.identitySource: must be $request.header.<Name> or $request.querystring.<name>`)
    if (authorizer.tokenUse !== undefined && !['any', 'access', 'id'].includes(String(authorizer.tokenUse)))
      problems.push(`${at}.tokenUse: must be "any", "access" or "id"`)
    if (authorizer.jwksUri !== undefined && !httpUrl(authorizer.jwksUri))
      problems.push(`${at}.jwksUri: must be an http(s) URL`)
  })
  return names
}

function validateRoutes(routes: unknown, authorizers: Set<string>, problems: string[]): void {
  if (!Array.isArray(routes)) {
    problems.push('routes: must be an array')
    return
  }
  const seen = new Set<string>()
  const paramNames = new Map<string, string>()
  routes.forEach((route: unknown, index) => {
    if (!isRecord(route)) {
      problems.push(`routes[${index}]: must be an object`)
      return
    }
    const key = route.routeKey
    const at = typeof key === 'string' ? `routes[${JSON.stringify(key)}]` : `routes[${index}]`
    unknownKeys(route, ROUTE_KEYS, at, problems)
    if (typeof key !== 'string') problems.push(`${at}.routeKey: must be a string`)
    else {
      const parsed = parseRouteKey(key)
      if (typeof parsed === 'string') problems.push(`${at}: ${parsed}`)
      else {
        if (seen.has(key)) problems.push(`${at}: duplicate route key`)
        seen.add(key)
        checkParamNames(parsed.segments, paramNames, at, problems)
      }
    }
    if (!nonEmptyString(route.functionId)) problems.push(`${at}.functionId: must be a non-empty string`)
    if (route.authorizer !== undefined && !authorizers.has(String(route.authorizer)))
      problems.push(`${at}.authorizer: no authorizer named ${JSON.stringify(route.authorizer)}`)
    const scopes = route.authorizationScopes
    if (scopes === undefined) return
    if (route.authorizer === undefined)
      problems.push(`${at}.authorizationScopes: scopes are valid only on routes with a JWT authorizer`)
    if (!Array.isArray(scopes) || !scopes.every((scope) => matches(scope, SCOPE)))
      problems.push(
        `${at}.authorizationScopes: must be a list of scope strings without spaces, quotes or backslashes`,
      )
  })
}

/** API Gateway refuses two variables with different names at the same place in the resource tree. */
function checkParamNames(
  segments: readonly { kind: string; value: string }[],
  seen: Map<string, string>,
  at: string,
  problems: string[],
): void {
  let prefix = ''
  for (const segment of segments) {
    if (segment.kind === 'literal') {
      prefix += `/${segment.value}`
      continue
    }
    const place = `${prefix}/${segment.kind}`
    const other = seen.get(place)
    if (other !== undefined && other !== segment.value)
      problems.push(`${at}: path variable {${segment.value}} conflicts with {${other}} at the same position`)
    else seen.set(place, segment.value)
    prefix += `/{}`
  }
}

function validateCors(cors: unknown, problems: string[]): void {
  if (!isRecord(cors)) {
    problems.push('cors: must be an object')
    return
  }
  unknownKeys(cors, CORS_KEYS, 'cors', problems)
  for (const field of ['allowOrigins', 'allowMethods', 'allowHeaders'] as const)
    if (!Array.isArray(cors[field]) || !cors[field].every(nonEmptyString))
      problems.push(`cors.${field}: must be a list of strings`)
  if (
    cors.exposeHeaders !== undefined &&
    (!Array.isArray(cors.exposeHeaders) || !cors.exposeHeaders.every(nonEmptyString))
  )
    problems.push('cors.exposeHeaders: must be a list of strings')
  if (Array.isArray(cors.allowMethods))
    for (const method of cors.allowMethods)
      if (!CORS_METHODS.has(String(method)))
        problems.push(`cors.allowMethods: unknown method ${JSON.stringify(method)}`)
  for (const field of ['allowHeaders', 'exposeHeaders'] as const) {
    const list = cors[field]
    if (Array.isArray(list))
      for (const header of list)
        if (header !== '*' && !matches(header, HEADER_TOKEN))
          problems.push(`cors.${field}: ${JSON.stringify(header)} is not a header name`)
  }
  if (Array.isArray(cors.allowOrigins))
    for (const origin of cors.allowOrigins)
      if (origin !== '*' && !matches(origin, /^https?:\/\/(\*|[^\s/*]+)$/))
        problems.push(
          `cors.allowOrigins: ${JSON.stringify(origin)} must be "*", "http://*", "https://*" or an origin`,
        )
  if (cors.allowCredentials !== undefined && typeof cors.allowCredentials !== 'boolean')
    problems.push('cors.allowCredentials: must be a boolean')
  // AG-CORS: "you can't configure allowCredentials ... with a wildcard origin".
  if (cors.allowCredentials === true && Array.isArray(cors.allowOrigins) && cors.allowOrigins.includes('*'))
    problems.push('cors.allowCredentials: cannot be true when allowOrigins contains "*"')
  if (
    cors.maxAge !== undefined &&
    !(Number.isInteger(cors.maxAge) && Number(cors.maxAge) >= 0 && Number(cors.maxAge) <= 86400)
  )
    problems.push('cors.maxAge: must be an integer number of seconds from 0 to 86400')
}

function unknownKeys(record: object, allowed: string[], at: string, problems: string[]): void {
  for (const key of Object.keys(record))
    if (!allowed.includes(key)) problems.push(`${at ? `${at}.` : ''}${key}: unknown key`)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0
}

function matches(value: unknown, pattern: RegExp): boolean {
  return typeof value === 'string' && pattern.test(value)
}

function httpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false
  try {
    const url = new URL(value)
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.search === '' && url.hash === ''
  } catch {
    return false
  }
}
