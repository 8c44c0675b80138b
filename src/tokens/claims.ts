import type { JWTPayload } from 'jose'

/** Who a token is about: the user's stable id, their username and their attributes as stored. */
export interface TokenSubject {
  sub: string
  username: string
  /** Attribute values as Cognito stores them: strings, with `*_verified` as "true"/"false". */
  attributes: Readonly<Record<string, string>>
  /** Group names ordered by precedence; absent or empty when the user is in no group. */
  groups?: readonly string[]
}

/** The circumstances of one issuance. Times are epoch seconds. */
export interface Issuance {
  issuer: string
  clientId: string
  now: number
  /** When the user authenticated; unchanged by refreshes (aws-semantics.md §5.4). */
  authTime: number
  /** Shared by every token descending from one authentication, including refreshed ones. */
  originJti: string
  /** Set for sign-ins through the API; omitted for refreshes. */
  eventId?: string
  idTokenValidity: number
  accessTokenValidity: number
  scope: string
  /** Attribute names the client may read; undefined means all. */
  readAttributes?: ReadonlySet<string>
  nonce?: string
  /** The access token's hash for the ID token (OIDC Core §3.1.3.6, §3.2.2.10). */
  atHash?: string
  /** OAuth-issued access tokens carry `version: 2` (seen in hosted-UI tokens, aws-semantics.md §4.4). */
  oauth?: boolean
}

const BOOLEAN_ATTRIBUTES = new Set(['email_verified', 'phone_number_verified'])
const NUMBER_ATTRIBUTES = new Set(['updated_at'])
const NEVER_IN_TOKEN = new Set(['sub'])

/** ID token claims (aws-semantics.md §4.3). `jti` must be unique per token. */
export function idTokenClaims(subject: TokenSubject, at: Issuance, jti: string): JWTPayload {
  const claims: JWTPayload = { sub: subject.sub }
  if (subject.groups && subject.groups.length > 0) claims['cognito:groups'] = [...subject.groups]
  for (const [name, value] of Object.entries(subject.attributes)) {
    if (NEVER_IN_TOKEN.has(name)) continue
    if (at.readAttributes && !at.readAttributes.has(name)) continue
    claims[name] = renderAttribute(name, value)
  }
  Object.assign(claims, {
    aud: at.clientId,
    ...(at.eventId ? { event_id: at.eventId } : {}),
    token_use: 'id',
    auth_time: at.authTime,
    iss: at.issuer,
    'cognito:username': subject.username,
    ...(at.nonce !== undefined ? { nonce: at.nonce } : {}),
    ...(at.atHash !== undefined ? { at_hash: at.atHash } : {}),
    origin_jti: at.originJti,
    exp: at.now + at.idTokenValidity,
    iat: at.now,
    jti,
  })
  return claims
}

/** Access token claims (aws-semantics.md §4.4): `client_id` and `username`, no `aud`. */
export function accessTokenClaims(subject: TokenSubject, at: Issuance, jti: string): JWTPayload {
  return {
    sub: subject.sub,
    ...(subject.groups && subject.groups.length > 0 ? { 'cognito:groups': [...subject.groups] } : {}),
    iss: at.issuer,
    client_id: at.clientId,
    origin_jti: at.originJti,
    ...(at.eventId ? { event_id: at.eventId } : {}),
    token_use: 'access',
    scope: at.scope,
    auth_time: at.authTime,
    ...(at.oauth ? { version: 2 } : {}),
    exp: at.now + at.accessTokenValidity,
    iat: at.now,
    jti,
    username: subject.username,
  }
}

function renderAttribute(name: string, value: string): string | boolean | number {
  if (BOOLEAN_ATTRIBUTES.has(name)) return value === 'true'
  if (NUMBER_ATTRIBUTES.has(name)) {
    const n = Number(value)
    return Number.isFinite(n) ? n : value
  }
  return value
}
