import { callerAddress, checkAuthorizeRequest, findClient, isRegisteredRedirect } from '../oauth/index.js'
import { issuerOf, limiterOf } from '../userpool/index.js'
import type { HostedUiDeps } from './deps.js'
import { type C, deadEnd, redirect } from './flow.js'
import { endSession } from './session.js'

/**
 * `GET /logout` (aws-semantics.md §6.4): ends the browser's session, then either goes to a
 * registered sign-out URL (`logout_uri`; any other is an error page, security.md §3 D87) or, with
 * `redirect_uri` and `response_type`, back to the sign-in page for a new authorization.
 * Cognito's logout is a GET, so a cross-site page can sign a user out: an accepted risk (F109).
 */
export async function logoutEndpoint(deps: HostedUiDeps, c: C): Promise<Response> {
  limiterOf(deps).admitRequest(deps.clock.now(), callerAddress(deps, c), undefined)
  const pool = await deps.store.getPool(c.req.param('poolId') ?? '')
  if (!pool) return deadEnd(deps, 'Portcullis', 'not-found', 404)
  const params = new URL(c.req.url).searchParams
  const found = await findClient(deps, pool.id, params.get('client_id') ?? undefined)
  if (!found) return deadEnd(deps, pool.name, 'unknown-client')
  const cookies = c.req.header('cookie') ?? null
  const logoutUri = params.get('logout_uri')
  if (logoutUri !== null) {
    if (
      params.getAll('logout_uri').length > 1 ||
      !isRegisteredRedirect(logoutUri, found.client.settings.LogoutURLs ?? [])
    )
      return deadEnd(deps, pool.name, 'logout-uri')
    return redirect(logoutUri, [await endSession(deps, pool.id, cookies)])
  }
  if (!params.has('redirect_uri')) return deadEnd(deps, pool.name, 'invalid-request')
  const checked = await checkAuthorizeRequest(deps, pool.id, params)
  if (!checked.ok)
    return 'redirect' in checked ? redirect(checked.redirect) : deadEnd(deps, pool.name, checked.deadEnd)
  const base = new URL(issuerOf(deps, pool.id)).pathname
  const login = new URLSearchParams(params)
  login.delete('logout_uri')
  return redirect(`${base}/login?${login}`, [await endSession(deps, pool.id, cookies)])
}
