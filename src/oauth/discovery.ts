/**
 * The OpenID Provider metadata of a pool (OpenID Connect Discovery 1.0 §3; aws-semantics.md
 * §6.6), served at `<issuer>/.well-known/openid-configuration`. `hostedUiBase` is where the
 * OAuth endpoints live; it is omitted until the pool has them.
 */
export function discoveryDocument(issuer: string, hostedUiBase?: string): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    issuer,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    response_types_supported: ['code', 'token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'email', 'phone', 'profile'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'email',
      'email_verified',
      'cognito:username',
    ],
  }
  if (hostedUiBase) {
    Object.assign(doc, {
      authorization_endpoint: `${hostedUiBase}/oauth2/authorize`,
      token_endpoint: `${hostedUiBase}/oauth2/token`,
      userinfo_endpoint: `${hostedUiBase}/oauth2/userInfo`,
      revocation_endpoint: `${hostedUiBase}/oauth2/revoke`,
      end_session_endpoint: `${hostedUiBase}/logout`,
      code_challenge_methods_supported: ['S256'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    })
  }
  return doc
}
