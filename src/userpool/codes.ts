import { DIGITS, hmacSha256, randomString, secretsEqual } from '../core/index.js'
import type { UserPoolDeps } from './deps.js'
import { errors } from './errors.js'
import type { CodeDeliveryDetails } from './messages.js'
import type { CodePurpose, CodeRecord, UserRecord } from './store.js'
import { maskDestination } from './users.js'

const HOUR = 3600_000
/** Sign-up and attribute codes last 24 h, reset codes 1 h (aws-semantics.md §4.6). */
export const CODE_LIFETIME_MS: Record<CodePurpose, number> = {
  SIGN_UP: 24 * HOUR,
  FORGOT_PASSWORD: HOUR,
  VERIFY_EMAIL: 24 * HOUR,
  VERIFY_PHONE_NUMBER: 24 * HOUR,
}
/** Wrong guesses before a code stops working (security.md §3 E99). */
export const MAX_CODE_FAILURES = 5
/** Codes one user may be sent per purpose per window. */
export const MAX_SENDS_PER_WINDOW = 5
export const SEND_WINDOW_MS = HOUR

/** Codes are stored as HMAC-SHA256 under a per-install key, so a leaked table reveals no live code. */
function codeHash(
  key: Buffer,
  code: CodeRecord | { poolId: string; sub: string; purpose: CodePurpose },
  value: string,
) {
  return hmacSha256(key, `${code.poolId}\n${code.sub}\n${code.purpose}\n${value}`).toString('hex')
}

/**
 * Creates a fresh 6-digit code for `purpose`, superseding any previous one, and enforcing the
 * per-window send limit. Returns the code (for the message) and the record (for the store).
 */
export async function newCode(
  deps: UserPoolDeps,
  user: UserRecord,
  purpose: CodePurpose,
): Promise<{ code: string; record: CodeRecord }> {
  const now = deps.clock.now()
  const previous = await deps.store.getCode(user.poolId, user.sub, purpose)
  const inWindow = previous && now - previous.windowStart < SEND_WINDOW_MS
  if (inWindow && previous.sends >= MAX_SENDS_PER_WINDOW) throw errors.attemptLimit()
  const code = randomString(deps.random, DIGITS, 6)
  const key = { poolId: user.poolId, sub: user.sub, purpose }
  const record: CodeRecord = {
    ...key,
    hash: codeHash(deps.codeKey, key, code),
    expiresAt: now + CODE_LIFETIME_MS[purpose],
    failures: 0,
    windowStart: inWindow ? previous.windowStart : now,
    sends: inWindow ? previous.sends + 1 : 1,
  }
  return { code, record }
}

/** Checks a submitted code; throws the error Cognito gives for a wrong, expired or spent code. */
export async function checkCode(
  deps: UserPoolDeps,
  user: UserRecord,
  purpose: CodePurpose,
  given: string,
): Promise<void> {
  const record = await deps.store.getCode(user.poolId, user.sub, purpose)
  if (!record) throw errors.codeExpired()
  if (record.failures >= MAX_CODE_FAILURES) throw errors.attemptLimit()
  if (deps.clock.now() >= record.expiresAt) throw errors.codeExpired()
  if (!secretsEqual(record.hash, codeHash(deps.codeKey, record, given))) {
    const failures = await deps.store.countCodeFailure(user.poolId, user.sub, purpose)
    throw failures >= MAX_CODE_FAILURES ? errors.attemptLimit() : errors.codeMismatch()
  }
}

/** Where a code for this user goes: email when it has one, else phone (Cognito's preference). */
export function deliveryFor(
  user: UserRecord,
  attribute?: 'email' | 'phone_number',
): CodeDeliveryDetails | undefined {
  const pick =
    attribute ?? (user.attributes.email ? 'email' : user.attributes.phone_number ? 'phone_number' : undefined)
  const destination = pick ? user.attributes[pick] : undefined
  if (!pick || !destination) return undefined
  const medium = pick === 'email' ? 'EMAIL' : 'SMS'
  return { Destination: maskDestination(medium, destination), DeliveryMedium: medium, AttributeName: pick }
}

/** Sends a code and returns the masked delivery details for the response. */
export async function sendCode(
  deps: UserPoolDeps,
  user: UserRecord,
  purpose: 'SIGN_UP' | 'FORGOT_PASSWORD' | 'VERIFY_ATTRIBUTE',
  code: string,
  attribute: 'email' | 'phone_number',
): Promise<void> {
  const destination = user.attributes[attribute]
  if (!destination) return
  await deps.sender.send({
    poolId: user.poolId,
    username: user.username,
    purpose,
    medium: attribute === 'email' ? 'EMAIL' : 'SMS',
    destination,
    code,
  })
}
