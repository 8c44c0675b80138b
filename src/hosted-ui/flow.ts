import type { Context } from 'hono'
import { readTextCapped } from '../core/index.js'
import {
  type AuthorizeRequest,
  authorizationResponse,
  callerAddress,
  checkAuthorizeRequest,
  type OAuthEnv,
} from '../oauth/index.js'
import {
  type ActionContext,
  issuerOf,
  limiterOf,
  type PoolRecord,
  type UserRecord,
} from '../userpool/index.js'
import { usernameLabel } from './account.js'
import type { HostedUiDeps } from './deps.js'
import { errorPage, type PageContext } from './pages.js'
import { isCrossSite, pageHeaders } from './security.js'
import { csrfMatches, csrfToken, preSession, startSession } from './session.js'

export type C = Context<OAuthEnv>

/** The authorization request a page belongs to, carried from page to page in the query. */
export interface Flow {
  deps: HostedUiDeps
  pool: PoolRecord
  request: AuthorizeRequest
  /** Only the authorize parameters, re-encoded. */
  query: string
  cookies: string | null
  action: ActionContext
}

const CARRIED = [
  'client_id',
  'redirect_uri',
  'response_type',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'identity_provider',
  'idp_identifier',
]

export function html(deps: HostedUiDeps, body: string, status: number, cookies: string[] = []): Response {
  const headers = new Headers(pageHeaders(deps.secure))
  for (const cookie of cookies) headers.append('set-cookie', cookie)
  return new Response(body, { status, headers })
}

/** 302, never 307: a 307 would repost the credentials to the client (security.md §3 D89). */
export function redirect(location: string, cookies: string[] = []): Response {
  const headers = new Headers({ location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' })
  for (const cookie of cookies) headers.append('set-cookie', cookie)
  return new Response(null, { status: 302, headers })
}

export async function deadEnd(
  deps: HostedUiDeps,
  poolName: string,
  id: Parameters<typeof errorPage>[1],
  status = 400,
) {
  return html(deps, await errorPage(poolName, id), status)
}

/**
 * Every hosted-UI request starts here: the per-address request limit, the pool, and the
 * authorization request the page serves. An invalid client or redirect URI ends on an error page;
 * other invalid parameters go back to the client as RFC 6749 §4.1.2.1 errors.
 */
export async function beginFlow(deps: HostedUiDeps, c: C): Promise<Flow | Response> {
  const sourceIp = callerAddress(deps, c)
  limiterOf(deps).admitRequest(deps.clock.now(), sourceIp, undefined)
  const pool = await deps.store.getPool(c.req.param('poolId') ?? '')
  if (!pool) return deadEnd(deps, 'Portcullis', 'not-found', 404)
  const params = new URL(c.req.url).searchParams
  const checked = await checkAuthorizeRequest(deps, pool.id, params)
  if (!checked.ok)
    return 'redirect' in checked ? redirect(checked.redirect) : deadEnd(deps, pool.name, checked.deadEnd)
  const carried = new URLSearchParams()
  for (const name of CARRIED) {
    const value = params.get(name)
    if (value !== null) carried.set(name, value)
  }
  return {
    deps,
    pool,
    request: checked.request,
    query: carried.toString(),
    cookies: c.req.header('cookie') ?? null,
    action: { deps, sourceIp },
  }
}

/** What a page renders with: the CSRF token of this browser's pre-session, made if missing. */
export function pageContext(flow: Flow): { ctx: PageContext; cookies: string[] } {
  const pre = preSession(flow.deps, flow.pool.id, flow.cookies)
  return {
    ctx: {
      poolName: flow.pool.name,
      base: new URL(issuerOf(flow.deps, flow.pool.id)).pathname,
      query: flow.query,
      csrf: csrfToken(flow.deps, flow.pool.id, pre.value),
      usernameLabel: usernameLabel(flow.pool),
    },
    cookies: pre.setCookie ? [pre.setCookie] : [],
  }
}

/**
 * A form post is accepted only from this origin and with the CSRF token of this browser's
 * pre-session (security.md §3 F106); otherwise 403 and nothing happens. Returns the form.
 */
/** Hosted-page forms are small; larger bodies are not read (and then fail the CSRF check). */
const MAX_FORM_BYTES = 64 * 1024

export async function acceptForm(flow: Flow, c: C): Promise<Map<string, string> | Response> {
  const request = c.req.raw
  const ownOrigins = [new URL(request.url).origin, new URL(flow.deps.baseUrl()).origin]
  const crossSite = ownOrigins.every((origin) => isCrossSite(request.headers, origin))
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  const text =
    type === 'application/x-www-form-urlencoded' ? await readTextCapped(request, MAX_FORM_BYTES) : ''
  const form = new Map(new URLSearchParams(text ?? ''))
  if (crossSite || !csrfMatches(flow.deps, flow.pool.id, flow.cookies, form.get('_csrf')))
    return deadEnd(flow.deps, flow.pool.name, 'csrf', 403)
  return form
}

/** Signs the browser in and sends it back to the client with a code or tokens. */
export async function finishSignIn(flow: Flow, user: UserRecord): Promise<Response> {
  const { authTime, cookies } = await startSession(flow.deps, flow.pool, user, flow.cookies)
  await flow.deps.oauth.purgeOAuth(flow.deps.clock.now())
  return redirect(await authorizationResponse(flow.deps, flow.request, user, authTime), cookies)
}
