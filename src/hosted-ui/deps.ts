import type { OAuthDeps } from '../oauth/index.js'

/** What the hosted pages need beyond the OAuth dependencies. */
export interface HostedUiDeps extends OAuthDeps {
  /** HMAC key binding CSRF tokens to a browser's pre-session cookie. */
  csrfKey: Buffer
  /** Served over HTTPS: cookies get `__Host-` and `Secure`, pages HSTS. */
  secure: boolean
}

/** A hosted-UI session lasts an hour, like Cognito's session cookie. */
export const SESSION_LIFETIME_MS = 60 * 60 * 1000
