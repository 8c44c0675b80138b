import { hmacSha256, LOWER_ALNUM, type Random, randomString, secretsEqual } from '../core/index.js'
import { errors } from './errors.js'
import { boolean, choice, integer, list, string, struct } from './input.js'
import type { ClientRecord } from './store.js'

export type TimeUnit = 'seconds' | 'minutes' | 'hours' | 'days'

/** What a client keeps of CreateUserPoolClient/UpdateUserPoolClient; Describe echoes it back. */
export interface ClientSettings {
  ExplicitAuthFlows: string[]
  RefreshTokenValidity: number
  AccessTokenValidity: number
  IdTokenValidity: number
  TokenValidityUnits: { AccessToken: TimeUnit; IdToken: TimeUnit; RefreshToken: TimeUnit }
  ReadAttributes?: string[]
  WriteAttributes?: string[]
  SupportedIdentityProviders?: string[]
  CallbackURLs?: string[]
  LogoutURLs?: string[]
  DefaultRedirectURI?: string
  AllowedOAuthFlows?: string[]
  AllowedOAuthScopes?: string[]
  AllowedOAuthFlowsUserPoolClient: boolean
  PreventUserExistenceErrors: 'LEGACY' | 'ENABLED'
  EnableTokenRevocation: boolean
  EnablePropagateAdditionalUserContextData: boolean
  AuthSessionValidity: number
}

const UNITS = ['seconds', 'minutes', 'hours', 'days'] as const
const FLOWS = [
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_CUSTOM_AUTH',
  'ALLOW_USER_AUTH',
  'ADMIN_NO_SRP_AUTH',
  'USER_PASSWORD_AUTH',
  'CUSTOM_AUTH_FLOW_ONLY',
] as const
/** Legacy names and the ALLOW_ flow each stands for. */
const LEGACY_FLOWS: Record<string, string> = {
  ADMIN_NO_SRP_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  USER_PASSWORD_AUTH: 'ALLOW_USER_PASSWORD_AUTH',
}

export const clientSettingsShape = {
  RefreshTokenValidity: integer({ min: 0, max: 315360000 }),
  AccessTokenValidity: integer({ min: 1, max: 86400 }),
  IdTokenValidity: integer({ min: 1, max: 86400 }),
  TokenValidityUnits: struct({
    AccessToken: choice(UNITS),
    IdToken: choice(UNITS),
    RefreshToken: choice(UNITS),
  }),
  ReadAttributes: list(string({ min: 1, max: 2048 })),
  WriteAttributes: list(string({ min: 1, max: 2048 })),
  ExplicitAuthFlows: list(choice(FLOWS)),
  SupportedIdentityProviders: list(string({ min: 1, max: 32 })),
  CallbackURLs: list(string({ min: 1, max: 1024 }), { max: 100 }),
  LogoutURLs: list(string({ min: 1, max: 1024 }), { max: 100 }),
  DefaultRedirectURI: string({ min: 1, max: 1024 }),
  AllowedOAuthFlows: list(choice(['code', 'implicit', 'client_credentials']), { max: 3 }),
  AllowedOAuthScopes: list(string({ min: 1, max: 256 }), { max: 50 }),
  AllowedOAuthFlowsUserPoolClient: boolean(),
  PreventUserExistenceErrors: choice(['LEGACY', 'ENABLED']),
  EnableTokenRevocation: boolean(),
  EnablePropagateAdditionalUserContextData: boolean(),
  AuthSessionValidity: integer({ min: 3, max: 15 }),
}

type SettingsInput = {
  [K in keyof typeof clientSettingsShape]?: unknown
}

const SECONDS: Record<TimeUnit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 }

/** Builds a client's settings from CreateUserPoolClient input, with AWS's defaults and ranges. */
export function clientSettingsFrom(input: SettingsInput): ClientSettings {
  const units = (input.TokenValidityUnits ?? {}) as Partial<ClientSettings['TokenValidityUnits']>
  const tokenUnits: ClientSettings['TokenValidityUnits'] = {
    AccessToken: units.AccessToken ?? (input.AccessTokenValidity === undefined ? 'minutes' : 'hours'),
    IdToken: units.IdToken ?? (input.IdTokenValidity === undefined ? 'minutes' : 'hours'),
    RefreshToken: units.RefreshToken ?? 'days',
  }
  const settings: ClientSettings = {
    ExplicitAuthFlows: authFlowsFrom(input.ExplicitAuthFlows as string[] | undefined),
    // Omitted or 0 means the default: 30 days refresh, 1 hour access and ID (aws-semantics.md §4.6).
    RefreshTokenValidity:
      (input.RefreshTokenValidity as number | undefined) || (30 * 86400) / SECONDS[tokenUnits.RefreshToken],
    AccessTokenValidity:
      (input.AccessTokenValidity as number | undefined) ?? 3600 / SECONDS[tokenUnits.AccessToken],
    IdTokenValidity: (input.IdTokenValidity as number | undefined) ?? 3600 / SECONDS[tokenUnits.IdToken],
    TokenValidityUnits: tokenUnits,
    AllowedOAuthFlowsUserPoolClient: (input.AllowedOAuthFlowsUserPoolClient as boolean | undefined) ?? false,
    PreventUserExistenceErrors:
      (input.PreventUserExistenceErrors as ClientSettings['PreventUserExistenceErrors'] | undefined) ??
      'LEGACY',
    EnableTokenRevocation: (input.EnableTokenRevocation as boolean | undefined) ?? true,
    EnablePropagateAdditionalUserContextData:
      (input.EnablePropagateAdditionalUserContextData as boolean | undefined) ?? false,
    AuthSessionValidity: (input.AuthSessionValidity as number | undefined) ?? 3,
  }
  for (const key of [
    'ReadAttributes',
    'WriteAttributes',
    'SupportedIdentityProviders',
    'CallbackURLs',
    'LogoutURLs',
    'AllowedOAuthFlows',
    'AllowedOAuthScopes',
  ] as const) {
    const value = input[key] as string[] | undefined
    if (value !== undefined) settings[key] = [...new Set(value)]
  }
  if (input.DefaultRedirectURI !== undefined) settings.DefaultRedirectURI = input.DefaultRedirectURI as string
  checkValidity(settings)
  return settings
}

function authFlowsFrom(flows: string[] | undefined): string[] {
  // Default when omitted (aws-semantics.md §5.3): SRP, refresh and custom auth.
  if (!flows || flows.length === 0)
    return ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH']
  const legacy = flows.filter((f) => !f.startsWith('ALLOW_'))
  if (legacy.length > 0 && legacy.length < flows.length)
    throw errors.invalidParameter('ExplicitAuthFlows can not have both legacy and new values.')
  // AWS refuses ALLOW_ lists without refresh (seen as CDK issue #7625's CloudFormation error).
  if (legacy.length === 0 && !flows.includes('ALLOW_REFRESH_TOKEN_AUTH'))
    throw errors.invalidParameter('REFRESH_TOKEN_AUTH should always be allowed.')
  return [...new Set(flows)]
}

/** Token lifetimes must fall in AWS's ranges once units are applied (aws-semantics.md §4.6). */
function checkValidity(s: ClientSettings): void {
  const access = s.AccessTokenValidity * SECONDS[s.TokenValidityUnits.AccessToken]
  const id = s.IdTokenValidity * SECONDS[s.TokenValidityUnits.IdToken]
  const refresh = s.RefreshTokenValidity * SECONDS[s.TokenValidityUnits.RefreshToken]
  if (access < 300 || access > 86400)
    throw errors.invalidParameter(
      'Invalid range for token validity. Access token validity must be between 5 minutes and 1 day.',
    )
  if (id < 300 || id > 86400)
    throw errors.invalidParameter(
      'Invalid range for token validity. ID token validity must be between 5 minutes and 1 day.',
    )
  if (refresh < 3600 || refresh > 315360000)
    throw errors.invalidParameter(
      'Invalid range for token validity. Refresh token validity must be between 60 minutes and 10 years.',
    )
  if (refresh <= Math.max(access, id))
    throw errors.invalidParameter(
      'Refresh token validity must be greater than the ID and access token validity.',
    )
}

export function tokenLifetimes(client: ClientRecord): { id: number; access: number; refresh: number } {
  const s = client.settings
  return {
    id: s.IdTokenValidity * SECONDS[s.TokenValidityUnits.IdToken],
    access: s.AccessTokenValidity * SECONDS[s.TokenValidityUnits.AccessToken],
    refresh: s.RefreshTokenValidity * SECONDS[s.TokenValidityUnits.RefreshToken],
  }
}

/** Whether the client allows a flow, accepting its legacy name too. */
export function allowsFlow(client: ClientRecord, flow: string): boolean {
  return client.settings.ExplicitAuthFlows.some((f) => f === flow || LEGACY_FLOWS[f] === flow)
}

/** Client ids: 26 lowercase alphanumerics, like AWS's. Secrets: 52 of them. */
export function newClientId(random: Random): string {
  return randomString(random, LOWER_ALNUM, 26)
}

export function newClientSecret(random: Random): string {
  return randomString(random, LOWER_ALNUM, 52)
}

/**
 * SECRET_HASH = Base64(HMAC_SHA256(clientSecret, username + clientId)) (aws-semantics.md §5.9).
 * A client without a secret ignores the field, as Cognito does. `usernames` lists every form
 * the caller may have hashed (what they typed, and the stored username).
 */
export function checkSecretHash(
  client: ClientRecord,
  given: string | undefined,
  usernames: readonly string[],
): void {
  if (!client.secret) return
  if (!given) throw errors.secretHashMissing(client.id)
  for (const name of usernames) {
    const expected = hmacSha256(client.secret, name + client.id).toString('base64')
    if (secretsEqual(expected, given)) return
  }
  throw errors.secretHashMismatch(client.id)
}

export function describeClient(client: ClientRecord): Record<string, unknown> {
  return {
    UserPoolId: client.poolId,
    ClientName: client.name,
    ClientId: client.id,
    ...(client.secret ? { ClientSecret: client.secret } : {}),
    LastModifiedDate: client.updatedAt / 1000,
    CreationDate: client.createdAt / 1000,
    ...client.settings,
  }
}

/** A client with WriteAttributes may write only those (security.md §3 C58). */
export function checkWritable(client: ClientRecord, names: Iterable<string>): void {
  const writable = client.settings.WriteAttributes
  if (!writable) return
  for (const name of names) if (!writable.includes(name)) throw errors.notAuthorizedWrite()
}
