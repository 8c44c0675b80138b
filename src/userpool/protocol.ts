import { readTextCapped, StoreUnavailableError } from '../core/index.js'
import type { Action } from './action.js'
import type { UserPoolDeps } from './deps.js'
import { CognitoError } from './errors.js'
import { isPlainObject } from './input.js'
import { limiterOf } from './limits.js'
import { verifySigV4 } from './sigv4.js'

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.'
const CONTENT_TYPES = new Set([
  'application/x-amz-json-1.1',
  'application/x-amz-json-1.0',
  'application/json',
])
/** Request bodies larger than this are refused before parsing (security.md §3 C50). */
export const MAX_BODY_BYTES = 1024 * 1024

/**
 * The Cognito Identity Provider JSON 1.1 protocol: `POST /` with `X-Amz-Target`, a JSON body,
 * and the AWS error shape. This function is the single place that decides what an error shows:
 * CognitoErrors go out as `{__type, message}`; anything else is logged and becomes an
 * InternalErrorException without detail (aws-semantics.md §5.1).
 */
export function createCognitoHandler(
  deps: UserPoolDeps,
  actions: Readonly<Record<string, Action>>,
): (request: Request, info?: { sourceIp?: string }) => Promise<Response> {
  return async (request, info) => {
    const requestId = deps.random.uuid()
    const target = request.headers.get('x-amz-target') ?? ''
    const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : ''
    const log = deps.logger.child({ requestId, action: name || target })
    try {
      const action = Object.hasOwn(actions, name) ? actions[name] : undefined
      if (!action)
        throw new CognitoError(
          'UnknownOperationException',
          'The action or operation requested is invalid. Verify that the action is typed correctly.',
        )
      const contentType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
      if (!CONTENT_TYPES.has(contentType))
        throw new CognitoError(
          'SerializationException',
          `Unsupported Content-Type: ${contentType || '(none)'}`,
          {
            status: 415,
          },
        )
      const raw = await readBody(request)
      if (action.auth === 'iam')
        await verifySigV4(signedRequest(request, raw), deps.credentials, deps.clock.now())
      const body = parseJson(raw)
      if (action.auth === 'none')
        limiterOf(deps).admitRequest(deps.clock.now(), info?.sourceIp, clientIdOf(body))
      const output = await action.run({ deps, sourceIp: info?.sourceIp }, body)
      log.debug({}, 'ok')
      return json(200, output, requestId)
    } catch (error) {
      return errorResponse(error, requestId, log)
    }
  }
}

function errorResponse(error: unknown, requestId: string, log: UserPoolDeps['logger']): Response {
  if (error instanceof CognitoError) {
    log.info({ error: error.type }, error.message)
    return json(error.status, { __type: error.type, message: error.message }, requestId, {
      'x-amzn-errortype': `${error.type}:`,
      'x-amzn-errormessage': error.message,
    })
  }
  if (error instanceof StoreUnavailableError) {
    log.error({ err: error }, 'store unavailable')
    return json(
      503,
      { __type: 'ServiceUnavailableException', message: 'Service temporarily unavailable.' },
      requestId,
      {
        'x-amzn-errortype': 'ServiceUnavailableException:',
        'retry-after': '1',
      },
    )
  }
  log.error({ err: error }, 'internal error')
  return json(500, { __type: 'InternalErrorException', message: 'Internal error.' }, requestId, {
    'x-amzn-errortype': 'InternalErrorException:',
  })
}

async function readBody(request: Request): Promise<string> {
  const text = await readTextCapped(request, MAX_BODY_BYTES)
  if (text === undefined) throw tooLarge()
  return text
}

/** The ClientId a request names, as a rate-limit key; ids longer than the model allows share one key. */
function clientIdOf(body: unknown): string | undefined {
  if (!isPlainObject(body) || typeof body.ClientId !== 'string') return undefined
  return body.ClientId.length <= 128 ? body.ClientId : '(invalid)'
}

function tooLarge(): CognitoError {
  return new CognitoError('SerializationException', 'Request body too large.', { status: 413 })
}

function parseJson(raw: string): unknown {
  if (raw.trim() === '') return {}
  try {
    return JSON.parse(raw)
  } catch {
    throw new CognitoError('SerializationException', 'Start of structure or map found where not expected.')
  }
}

function signedRequest(request: Request, body: string) {
  const url = new URL(request.url)
  const headers: Record<string, string> = {}
  request.headers.forEach((value, key) => {
    headers[key] = value
  })
  return {
    method: request.method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    body,
  }
}

function json(
  status: number,
  body: unknown,
  requestId: string,
  extra: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId, ...extra },
  })
}
