import { Api, JwtAuthorizer, type Stack } from 'portcullis'

/**
 * An API whose tokens come from an issuer outside the app: Auth0, Okta, Keycloak, or another
 * Portcullis. Like the guide's `issuerUrl` and `audience`, both come from the environment:
 *
 *   ISSUER_URL=https://YOUR_AUTH0_DOMAIN.auth0.com/ AUDIENCE=YOUR_API_ID npx portcullis dev
 */
export default function ExternalStack(stack: Stack) {
  const issuer = process.env.ISSUER_URL ?? 'https://YOUR_AUTH0_DOMAIN.auth0.com/'
  const audience = (process.env.AUDIENCE ?? 'YOUR_API_ID').split(',')

  const api = new Api(stack, 'Api', {
    defaultAuthorizer: new JwtAuthorizer('serviceAuthorizer', { issuer, audience }),
    routes: {
      'GET /hello': 'src/hello.main',
      'GET /health': { function: 'src/hello.health', authorizationType: 'NONE' },
    },
  })

  stack.addOutputs({ ApiEndpoint: api.url, Issuer: issuer })
}
