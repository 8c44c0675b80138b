import type { IncomingMessage } from 'node:http'
import { type Context, Hono } from 'hono'
import { StoreUnavailableError } from '../core/index.js'
import { CognitoError, clientAddress, limiterOf } from '../userpool/index.js'
import type { OAuthDeps } from './deps.js'
import { OAuthError } from './errors.js'
import { errorResponse, json } from './http.js'
import { revokeEndpoint } from './revoke.js'
import { tokenEndpoint } from './token.js'
import { userInfoEndpoint } from './userinfo.js'

export type OAuthEnv = { Bindings: { incoming?: IncomingMessage } }

/** The caller's address as the per-address limits see it (see `clientAddress`). */
export function callerAddress(
  deps: { trustedProxies?: number },
  c: { env?: { incoming?: IncomingMessage }; req: { header(name: string): string | undefined } },
): string | undefined {
  return clientAddress(
    c.env?.incoming?.socket.remoteAddress,
    c.req.header('x-forwarded-for'),
    deps.trustedProxies ?? 0,
  )
}

/**
 * The machine-facing OAuth endpoints of every pool, mounted at `/:poolId`: token, userInfo and
 * revoke. `onError` is the one place that decides what a failure shows (RFC 6749 §5.2 bodies).
 */
export function oauthApp(deps: OAuthDeps): Hono<OAuthEnv> {
  const app = new Hono<OAuthEnv>()
  const admit = (c: Context<OAuthEnv>) =>
    limiterOf(deps).admitRequest(deps.clock.now(), callerAddress(deps, c), undefined)
  const poolId = (c: Context<OAuthEnv>) => c.req.param('poolId') ?? ''
  app.post('/oauth2/token', (c) => {
    admit(c)
    return tokenEndpoint(deps, poolId(c), c.req.raw)
  })
  app.post('/oauth2/revoke', (c) => {
    admit(c)
    return revokeEndpoint(deps, poolId(c), c.req.raw)
  })
  app.on(['GET', 'POST'], '/oauth2/userInfo', (c) => {
    admit(c)
    return userInfoEndpoint(deps, poolId(c), c.req.raw)
  })
  for (const path of ['/oauth2/token', '/oauth2/revoke'])
    app.all(path, () =>
      json(405, { error: 'invalid_request', error_description: 'use POST' }, { allow: 'POST' }),
    )
  app.onError((error) => {
    if (error instanceof OAuthError) return errorResponse(error)
    if (error instanceof CognitoError && error.type === 'TooManyRequestsException')
      return json(
        429,
        { error: 'invalid_request', error_description: 'too many requests' },
        { 'retry-after': '1' },
      )
    if (error instanceof StoreUnavailableError) {
      deps.logger.error({ err: error }, 'store unavailable')
      return json(503, { error: 'server_error' }, { 'retry-after': '1' })
    }
    deps.logger.error({ err: error }, 'internal error')
    return json(500, { error: 'server_error' })
  })
  return app
}
