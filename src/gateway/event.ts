import type {
  APIGatewayEventRequestContextJWTAuthorizer,
  APIGatewayEventRequestContextV2,
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyEventV2WithRequestContext,
} from 'aws-lambda'
import type { RequestHeaders } from './headers.js'
import type { CanonicalTarget } from './path.js'
import { parseQuery } from './query.js'

/** A payload format 2.0 event as this gateway builds it: `authorizer` only on JWT routes. */
export type GatewayEvent = APIGatewayProxyEventV2WithRequestContext<
  APIGatewayEventRequestContextV2 & { authorizer?: APIGatewayEventRequestContextJWTAuthorizer }
>

/** What stays the same for every request of one API. */
export interface ApiFacts {
  apiId: string
  accountId: string
  stage: string
}

/** What the edge adapter knows about the connection and the request. */
export interface RequestFacts {
  method: string
  protocol: string
  sourceIp: string
  localPort: number
  body: Buffer | undefined
}

export interface EventInput {
  routeKey: string
  target: CanonicalTarget
  headers: RequestHeaders
  pathParameters: Record<string, string> | undefined
  authorizer: APIGatewayEventRequestContextJWTAuthorizer | undefined
  requestId: string
  nowMs: number
}

/**
 * The request as a Lambda proxy integration sees it, payload format 2.0 (AG-LAMBDA;
 * aws-semantics.md §2.1). Optional keys are left out rather than set to `undefined`, as AWS does.
 * `headers` is the parsed header object itself, extended with the `x-forwarded-*` fields API
 * Gateway adds; authorizer objects are frozen and shared by requests with the same token.
 */
export function buildEvent(
  api: ApiFacts,
  request: RequestFacts,
  input: EventInput,
  time: AwsTime,
  hosts: HostFacts,
): GatewayEvent {
  const { target, headers: parsed } = input
  const headers = parsed.headers
  const host = hosts.of(headers.host)
  const forwardedFor = headers['x-forwarded-for']
  headers['x-forwarded-for'] =
    forwardedFor === undefined ? request.sourceIp : `${forwardedFor}, ${request.sourceIp}`
  headers['x-forwarded-port'] = hosts.port(request.localPort)
  headers['x-forwarded-proto'] = 'http'
  const requestContext: GatewayEvent['requestContext'] = {
    accountId: api.accountId,
    apiId: api.apiId,
    domainName: host.domainName,
    domainPrefix: host.domainPrefix,
    http: {
      method: request.method,
      path: target.rawPath,
      protocol: request.protocol,
      sourceIp: request.sourceIp,
      userAgent: headers['user-agent'] ?? '',
    },
    requestId: input.requestId,
    routeKey: input.routeKey,
    stage: api.stage,
    time: time.format(input.nowMs),
    timeEpoch: input.nowMs,
  }
  if (input.authorizer) requestContext.authorizer = input.authorizer
  const event: GatewayEvent = {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath: target.rawPath,
    rawQueryString: target.rawQuery,
    headers,
    requestContext,
    isBase64Encoded: false,
  }
  if (parsed.cookies) event.cookies = parsed.cookies
  const query = parseQuery(target.rawQuery)
  if (query) event.queryStringParameters = query
  if (input.pathParameters) event.pathParameters = input.pathParameters
  if (request.body && request.body.length > 0) setBody(event, request.body, headers['content-type'])
  return event
}

/**
 * AG-LAMBDA: "If the content type of the request is binary, the body is base64-encoded". Measured
 * against AWS (ministackorg/ministack PR #766): only `text/*`, JSON, XML and JavaScript stay text;
 * a missing content type and form posts arrive base64-encoded.
 */
function setBody(event: GatewayEvent, body: Buffer, contentType: string | undefined): void {
  const text = contentType !== undefined && TEXT_TYPE.test(contentType)
  event.body = body.toString(text ? 'utf8' : 'base64')
  event.isBase64Encoded = !text
}

const TEXT_TYPE = /^\s*(text\/[^;\s]+|application\/(json|xml|javascript))\s*(;|$)/i

/**
 * `domainName` (the Host without its port) and `domainPrefix` (its first label, aws-semantics.md
 * §2.1) of the last Host seen, and the text of the last local port: requests to one gateway
 * nearly always repeat both, so the strings are made once.
 */
export class HostFacts {
  #host: string | undefined
  #facts = { domainName: 'localhost', domainPrefix: 'localhost' }
  #port = Number.NaN
  #portText = ''

  of(host: string | undefined): { domainName: string; domainPrefix: string } {
    if (host === undefined) return NO_HOST
    if (host !== this.#host) {
      const colon = host.lastIndexOf(':')
      const domainName = colon === -1 || host.endsWith(']') ? host : host.slice(0, colon)
      const dot = domainName.indexOf('.')
      this.#facts = { domainName, domainPrefix: dot === -1 ? domainName : domainName.slice(0, dot) }
      this.#host = host
    }
    return this.#facts
  }

  port(port: number): string {
    if (port !== this.#port) {
      this.#port = port
      this.#portText = String(port)
    }
    return this.#portText
  }
}

const NO_HOST = { domainName: 'localhost', domainPrefix: 'localhost' }

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `requestContext.time`: `dd/MMM/yyyy:HH:mm:ss +0000` in UTC (aws-lambda-go testdata), memoised per second. */
export class AwsTime {
  #second = Number.NaN
  #text = ''

  format(ms: number): string {
    const second = Math.floor(ms / 1000)
    if (second === this.#second) return this.#text
    const d = new Date(second * 1000)
    const two = (n: number) => (n < 10 ? `0${n}` : String(n))
    this.#text = `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`
    this.#second = second
    return this.#text
  }
}

/** Narrows an event built for a JWT route to the type `APIGatewayProxyHandlerV2WithJWTAuthorizer` expects. */
export function hasJwtAuthorizer(
  event: GatewayEvent,
): event is APIGatewayProxyEventV2WithJWTAuthorizer & GatewayEvent {
  return event.requestContext.authorizer !== undefined
}

/** Every event this gateway builds is a valid `APIGatewayProxyEventV2`. */
export type { APIGatewayProxyEventV2 }
