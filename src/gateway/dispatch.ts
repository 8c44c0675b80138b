import type { APIGatewayEventRequestContextJWTAuthorizer } from 'aws-lambda'
import type { Clock, Logger } from '../core/index.js'
import { extractToken, isAuthFailure } from './authorizer.js'
import type { CompiledApi, CompiledRoute } from './compile.js'
import {
  AUTH_FAILURES,
  type AuthFailure,
  BAD_REQUEST,
  type GatewayReply,
  HEADERS_TOO_LARGE,
  INTERNAL_SERVER_ERROR,
  NOT_FOUND,
  SERVICE_UNAVAILABLE,
} from './errors.js'
import { type AwsTime, buildEvent, type HostFacts } from './event.js'
import { type HeaderNames, MAX_HEADER_BYTES, type RequestHeaders, readHeaders } from './headers.js'
import type { Invoke, InvokeOutcome } from './invoke.js'
import { ownString } from './own.js'
import type { CanonicalTarget, TargetCache } from './path.js'
import { parseQuery } from './query.js'
import { mapResult, type WireResponse } from './response.js'
import type { VerifiedToken } from './token-cache.js'

/** A request as the edge adapter hands it over; no Node objects, so the pipeline is testable alone. */
export interface GatewayRequest {
  /** Chosen by the adapter so that it can answer on its own (timeouts) with the same id. */
  requestId: string
  method: string
  /** The request-target as received: origin-form or absolute-form. */
  target: string
  /** Name, value, name, value … exactly as received. */
  rawHeaders: string[]
  body: Buffer | undefined
  /** `HTTP/1.1` */
  protocol: string
  sourceIp: string
  localPort: number
  /** `performance.now()` when the request arrived. */
  receivedAt: number
  /** Set when the handler is invoked: the adapter answers 503 itself if nothing came back by then. */
  deadline: number
}

export interface GatewayResponse extends WireResponse {
  requestId: string
  /** For the log line: the path as sent (never the query, which may carry a token). */
  path: string
  routeKey: string | undefined
  /** The authorizer's decision: `none`, `allow`, `cors` (preflight) or a refusal such as `401 expired`. */
  auth: string
}

export interface DispatchEnv {
  invoke: Invoke
  clock: Clock
  logger: Logger
  time: AwsTime
  hosts: HostFacts
  targets: TargetCache
  headerNames: HeaderNames
}

/** Extra time the runtime gets to report its own timeout before the adapter gives up on it. */
const BACKSTOP_GRACE_MS = 1_000

/**
 * The gateway, one request, top to bottom:
 *   canonical target (400) → header block (431; 400 for a repeated singleton) → stage (404)
 *   → CORS preflight (answered here) → route (404) → JWT authorizer (401/403)
 *   → payload 2.0 event → invoke → 2.0 response mapping (500/503).
 */
export async function dispatch(
  api: CompiledApi,
  env: DispatchEnv,
  request: GatewayRequest,
): Promise<GatewayResponse> {
  const requestId = request.requestId
  const target = env.targets.canonicalise(request.target)
  if (target === undefined)
    return reply(api, requestId, request.target.split('?', 1)[0]!, BAD_REQUEST, undefined)
  const path = target.rawPath
  const headers = readHeaders(request.rawHeaders, api.singletons, env.headerNames)
  if (headers.bytes + request.method.length + request.target.length + 12 > MAX_HEADER_BYTES)
    return reply(api, requestId, path, HEADERS_TOO_LARGE, undefined)
  if (headers.duplicate !== undefined) return reply(api, requestId, path, BAD_REQUEST, headers)
  const routed = withoutStage(api, target)
  if (routed === undefined) return reply(api, requestId, path, NOT_FOUND, headers)
  if (isPreflight(api, request, headers)) return preflight(api, requestId, path, headers)
  const match = api.router.match(request.method, routed.segments, routed.path)
  if (match === undefined) return reply(api, requestId, path, NOT_FOUND, headers)
  const route = match.value
  const nowMs = env.clock.now()
  let authorizer: APIGatewayEventRequestContextJWTAuthorizer | undefined
  if (route.authorizer) {
    const decision =
      authorizeFromCache(route, headers, target, nowMs) ??
      (await authorizeByVerifying(route, headers, target))
    if (isAuthFailure(decision)) return refuse(api, requestId, path, headers, route, decision)
    authorizer = decision
  }
  const event = buildEvent(
    api.facts,
    request,
    { routeKey: route.routeKey, target, headers, pathParameters: match.params, authorizer, requestId, nowMs },
    env.time,
    env.hosts,
  )
  request.deadline = request.receivedAt + route.timeoutMs + BACKSTOP_GRACE_MS
  let outcome: InvokeOutcome
  try {
    outcome = await env.invoke({ functionId: route.functionId, event, requestId, timeoutMs: route.timeoutMs })
  } catch (error) {
    outcome = { ok: false, reason: 'crash', detail: `invoke rejected: ${String(error)}` }
  }
  const wire = integrationResponse(api, env.logger, route.functionId, requestId, outcome)
  finishHeaders(api, requestId, wire, headers)
  const auth = authorizer ? 'allow' : 'none'
  return {
    status: wire.status,
    headers: wire.headers,
    body: wire.body,
    requestId,
    path,
    routeKey: route.routeKey,
    auth,
  }
}

/** A named stage is served under `/<stage>/` and keeps that prefix in `rawPath` (aws-semantics.md §2.1). */
function withoutStage(
  api: CompiledApi,
  target: CanonicalTarget,
): { segments: readonly string[]; path: string } | undefined {
  const prefix = api.stagePrefix
  if (prefix === undefined) return target
  if (target.rawPath !== prefix && !target.rawPath.startsWith(`${prefix}/`)) return undefined
  const segments = target.segments.slice(1)
  return { segments, path: `/${segments.join('/')}` }
}

/** AG-CORS: preflight is answered by the gateway, before routing and authorizers, never by a handler. */
function isPreflight(api: CompiledApi, request: GatewayRequest, headers: RequestHeaders): boolean {
  return (
    api.cors !== undefined &&
    request.method === 'OPTIONS' &&
    headers.headers.origin !== undefined &&
    headers.headers['access-control-request-method'] !== undefined
  )
}

function preflight(
  api: CompiledApi,
  requestId: string,
  path: string,
  headers: RequestHeaders,
): GatewayResponse {
  const wire = api.cors!.preflightHeaders(
    headers.headers.origin!,
    headers.headers['access-control-request-headers'],
  )
  wire.push('apigw-requestid', requestId)
  return { status: 204, headers: wire, body: '', requestId, path, routeKey: undefined, auth: 'cors' }
}

/**
 * The decision for a token this route's authorizer already verified: no I/O, no crypto, no
 * promise. `undefined` when the token must be verified (not cached, expired, or key gone).
 */
function authorizeFromCache(
  route: CompiledRoute,
  headers: RequestHeaders,
  target: CanonicalTarget,
  nowMs: number,
): APIGatewayEventRequestContextJWTAuthorizer | AuthFailure | undefined {
  const token = extractToken(identityValue(route, headers, target))
  if (token === undefined) return AUTH_FAILURES.missing
  const verified = route.authorizer!.cached(token, nowMs)
  return verified && withRouteScopes(route, verified)
}

async function authorizeByVerifying(
  route: CompiledRoute,
  headers: RequestHeaders,
  target: CanonicalTarget,
): Promise<APIGatewayEventRequestContextJWTAuthorizer | AuthFailure> {
  const verified = await route.authorizer!.verify(extractToken(identityValue(route, headers, target))!)
  return isAuthFailure(verified) ? verified : withRouteScopes(route, verified)
}

function identityValue(
  route: CompiledRoute,
  headers: RequestHeaders,
  target: CanonicalTarget,
): string | undefined {
  const { kind, name } = route.authorizer!.source
  return kind === 'header' ? ownString(headers.headers, name) : queryValue(target.rawQuery, name)
}

/** AG-JWT: the token must hold at least one of the route's scopes, compared exactly. */
function withRouteScopes(
  route: CompiledRoute,
  verified: VerifiedToken,
): APIGatewayEventRequestContextJWTAuthorizer | AuthFailure {
  const scopes = route.scopes
  if (scopes === undefined) return verified.withoutScopes
  for (const scope of verified.scopes) if (scopes.has(scope)) return verified.withScopes
  return route.forbidden
}

function queryValue(rawQuery: string, name: string): string | undefined {
  const params = parseQuery(rawQuery)
  return params && ownString(params, name)
}

function refuse(
  api: CompiledApi,
  requestId: string,
  path: string,
  headers: RequestHeaders,
  route: CompiledRoute,
  failure: AuthFailure,
): GatewayResponse {
  const response = reply(api, requestId, path, failure.reply, headers, failure.challenge)
  response.routeKey = route.routeKey
  response.auth = failure.log
  return response
}

/** AG-LAMBDA-TS and aws-semantics.md §2.3: errors and crashes are 500, an integration timeout 503. */
function integrationResponse(
  api: CompiledApi,
  logger: Logger,
  functionId: string,
  requestId: string,
  outcome: InvokeOutcome,
): WireResponse {
  if (outcome.ok) {
    const mapped = mapResult(outcome.result, api.cors !== undefined)
    if (mapped) return mapped
    logger.error({ requestId, functionId }, 'handler returned a malformed response')
    return plain(INTERNAL_SERVER_ERROR)
  }
  if (outcome.reason === 'timeout') {
    logger.warn({ requestId, functionId }, 'handler timed out')
    return plain(SERVICE_UNAVAILABLE)
  }
  if (outcome.reason === 'error')
    logger.error({ requestId, functionId, error: outcome.error }, 'handler failed')
  else logger.error({ requestId, functionId, detail: outcome.detail }, 'handler crashed')
  return plain(INTERNAL_SERVER_ERROR)
}

function plain(gatewayReply: GatewayReply, challenge?: string): WireResponse {
  const headers = ['content-type', 'application/json']
  if (challenge !== undefined) headers.push('www-authenticate', challenge)
  return { status: gatewayReply.status, headers, body: gatewayReply.body }
}

export function reply(
  api: CompiledApi,
  requestId: string,
  path: string,
  gatewayReply: GatewayReply,
  headers: RequestHeaders | undefined,
  challenge?: string,
): GatewayResponse {
  const wire = plain(gatewayReply, challenge)
  finishHeaders(api, requestId, wire, headers)
  return {
    status: wire.status,
    headers: wire.headers,
    body: wire.body,
    requestId,
    path,
    routeKey: undefined,
    auth: 'none',
  }
}

/** What API Gateway adds to every response: `apigw-requestid`, `content-length`, CORS for an allowed `Origin`. */
function finishHeaders(
  api: CompiledApi,
  requestId: string,
  response: WireResponse,
  headers: RequestHeaders | undefined,
): void {
  const wire = response.headers
  wire.push('apigw-requestid', requestId)
  const body = response.body
  if (response.status !== 204 && response.status !== 304)
    wire.push('content-length', String(typeof body === 'string' ? Buffer.byteLength(body) : body.length))
  const origin = headers?.headers.origin
  if (api.cors && origin !== undefined && api.cors.allows(origin)) api.cors.addResponseHeaders(origin, wire)
}
