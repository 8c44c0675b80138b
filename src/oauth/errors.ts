import { PortcullisError } from '../core/index.js'

/**
 * The OAuth error catalogue: RFC 6749 §4.1.2.1 and §5.2, RFC 7009 §2.2.1, RFC 6750 §3.1. The
 * endpoint that catches an OAuthError decides its shape (JSON body, redirect, or error page);
 * `description` is safe to show.
 */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'server_error'
  | 'unsupported_token_type'
  | 'invalid_token'

export class OAuthError extends PortcullisError {
  readonly error: OAuthErrorCode
  readonly description: string | undefined
  /** 400 unless said otherwise: 401 for `invalid_client` over HTTP Basic (RFC 6749 §5.2), 429. */
  readonly status: number
  /** The `WWW-Authenticate` challenge that goes with a 401. */
  readonly challenge: string | undefined

  constructor(
    error: OAuthErrorCode,
    description?: string,
    options: { status?: number; challenge?: string } = {},
  ) {
    super(error, description ?? error)
    this.error = error
    this.description = description
    this.status = options.status ?? 400
    this.challenge = options.challenge
  }
}

export const oauthError = (error: OAuthErrorCode, description?: string) => new OAuthError(error, description)
