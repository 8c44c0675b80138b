import type { APIGatewayProxyHandlerV2WithJWTAuthorizer } from 'portcullis/handler'

/** GET /user/profile: everything the caller's token says, under `message` as in the guide. */
export const get: APIGatewayProxyHandlerV2WithJWTAuthorizer = async (event) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ message: { requestContext: event.requestContext } }),
})

/** POST /user/profile: echoes the JSON body beside the caller's claims. */
export const create: APIGatewayProxyHandlerV2WithJWTAuthorizer = async (event) => {
  let profile: unknown
  try {
    profile = event.body
      ? JSON.parse(event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString() : event.body)
      : {}
  } catch {
    return { statusCode: 400, body: JSON.stringify({ message: 'body must be JSON' }) }
  }
  return {
    statusCode: 201,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message: { profile, requestContext: event.requestContext } }),
  }
}
