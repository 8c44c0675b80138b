import type { ClientSettings } from './clients.js'
import type { UserPoolDeps } from './deps.js'
import { errors } from './errors.js'
import { customScopesOf } from './resource-servers.js'
import type { PoolRecord } from './store.js'

/** The scopes Cognito defines; every other one is `<resource server>/<scope>` (aws-semantics.md §6.1). */
export const STANDARD_SCOPES: ReadonlySet<string> = new Set([
  'openid',
  'email',
  'phone',
  'profile',
  'aws.cognito.signin.user.admin',
])

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])
const REFUSED_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:'])

/**
 * Why a callback or sign-out URL cannot be registered, or undefined when it can: absolute, no
 * fragment (RFC 6749 §3.1.2), HTTPS except for loopback hosts, custom schemes for native apps
 * allowed, script-bearing schemes never (aws-semantics.md §6.1; security.md §3 D70).
 */
export function redirectUrlProblem(value: string): string | undefined {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'is not an absolute URL'
  }
  if (value.includes('#')) return 'must not contain a fragment'
  if (REFUSED_SCHEMES.has(url.protocol)) return `must not use the ${url.protocol} scheme`
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname))
    return 'must use HTTPS unless it points at localhost'
  if ((url.protocol === 'http:' || url.protocol === 'https:') && url.username + url.password !== '')
    return 'must not contain credentials'
  return undefined
}

/**
 * The OAuth part of CreateUserPoolClient / UpdateUserPoolClient: registrable URLs, scopes that
 * exist (ScopeDoesNotExistException), and flows that go together.
 */
export async function checkOAuthSettings(
  deps: UserPoolDeps,
  pool: PoolRecord,
  settings: ClientSettings,
  hasSecret: boolean,
): Promise<void> {
  for (const [name, urls] of [
    ['CallbackURLs', settings.CallbackURLs ?? []],
    ['LogoutURLs', settings.LogoutURLs ?? []],
    ['DefaultRedirectURI', settings.DefaultRedirectURI ? [settings.DefaultRedirectURI] : []],
  ] as const)
    for (const url of urls) {
      const problem = redirectUrlProblem(url)
      if (problem) throw errors.invalidParameter(`${name}: ${url} ${problem}.`)
    }
  if (settings.DefaultRedirectURI && !settings.CallbackURLs?.includes(settings.DefaultRedirectURI))
    throw errors.invalidParameter('DefaultRedirectURI must be one of the CallbackURLs.')
  const flows = settings.AllowedOAuthFlows ?? []
  if (flows.includes('client_credentials') && flows.length > 1)
    throw errors.invalidOAuthFlow(
      'client_credentials flow can not be selected along with code flow or implicit flow.',
    )
  if (flows.includes('client_credentials') && !hasSecret)
    throw errors.invalidOAuthFlow(
      'client_credentials flow can not be selected if client does not have a client secret.',
    )
  const custom = (settings.AllowedOAuthScopes ?? []).filter((s) => !STANDARD_SCOPES.has(s))
  if (custom.length === 0) return
  const existing = await customScopesOf(deps, pool.id)
  for (const scope of custom) if (!existing.has(scope)) throw errors.scopeDoesNotExist(scope)
}
