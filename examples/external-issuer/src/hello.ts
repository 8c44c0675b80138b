import type { APIGatewayProxyHandlerV2, APIGatewayProxyHandlerV2WithJWTAuthorizer } from 'portcullis/handler'

interface Greeting {
  message: string
  issuer: unknown
  scopes: string[] | null
}

/** Returns a plain object: API Gateway sends it as a 200 JSON response (payload format 2.0). */
export const main: APIGatewayProxyHandlerV2WithJWTAuthorizer<Greeting> = async (event) => {
  const claims = event.requestContext.authorizer.jwt.claims
  return {
    message: `Hello ${claims.sub}!`,
    issuer: claims.iss,
    scopes: event.requestContext.authorizer.jwt.scopes,
  }
}

export const health: APIGatewayProxyHandlerV2 = async () => ({ statusCode: 200, body: 'ok' })
