import { authenticate, CognitoError, type UserRecord } from '../userpool/index.js'
import type { OAuthDeps } from './deps.js'

const CLAIMS_OF_SCOPE: Record<string, ReadonlySet<string>> = {
  email: new Set(['email', 'email_verified']),
  phone: new Set(['phone_number', 'phone_number_verified']),
}
const NOT_PROFILE = new Set(['sub', 'email', 'email_verified', 'phone_number', 'phone_number_verified'])

/**
 * `GET|POST /oauth2/userInfo` (aws-semantics.md §6.3): a valid access token of this pool holding
 * `openid`, for a user who still exists, is enabled and has not signed out. Claims follow the
 * scopes (OIDC Core §5.4; custom attributes with `profile`) and the client's ReadAttributes.
 */
export async function userInfoEndpoint(deps: OAuthDeps, poolId: string, request: Request): Promise<Response> {
  const header = request.headers.get('authorization') ?? ''
  const match = /^Bearer ([A-Za-z0-9\-_.~+/]+=*)$/i.exec(header)
  if (!match) return challenge(400, 'invalid_request', 'Bad OAuth2 request at UserInfo Endpoint')
  let found: Awaited<ReturnType<typeof authenticate>>
  try {
    found = await authenticate(deps, match[1]!, 'openid')
  } catch (error) {
    if (!(error instanceof CognitoError)) throw error
    return invalidToken()
  }
  if (found.pool.id !== poolId) return invalidToken()
  const client = await deps.store.getClient(found.claims.client_id)
  const scopes = new Set(String(found.claims.scope ?? '').split(' '))
  return new Response(JSON.stringify(userInfoClaims(found.user, scopes, client?.settings.ReadAttributes)), {
    status: 200,
    headers: { 'content-type': 'application/json;charset=UTF-8', 'cache-control': 'no-store' },
  })
}

export function userInfoClaims(
  user: UserRecord,
  scopes: ReadonlySet<string>,
  readable: readonly string[] | undefined,
): Record<string, string> {
  const out: Record<string, string> = { sub: user.sub }
  for (const [name, value] of Object.entries(user.attributes)) {
    if (name === 'sub' || (readable && !readable.includes(name))) continue
    const granted = NOT_PROFILE.has(name)
      ? Object.entries(CLAIMS_OF_SCOPE).some(([scope, claims]) => scopes.has(scope) && claims.has(name))
      : scopes.has('profile')
    if (granted) out[name] = value
  }
  out.username = user.username
  return out
}

function invalidToken(): Response {
  return challenge(
    401,
    'invalid_token',
    'Access token is expired, disabled, or deleted, or the user has globally signed out.',
  )
}

/** RFC 6750 §3: the error in `WWW-Authenticate`, as Cognito sends it. */
function challenge(status: number, error: string, description: string): Response {
  return new Response(JSON.stringify({ error, error_description: description }), {
    status,
    headers: {
      'content-type': 'application/json;charset=UTF-8',
      'cache-control': 'no-store',
      'www-authenticate': `Bearer error="${error}", error_description="${description}"`,
    },
  })
}
