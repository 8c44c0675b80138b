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
  pendingValue?: string,
): Promise<{ code: string; record: CodeRecord }> {
  const now = deps.clock.now()
  const window = await deps.store.reserveCodeSend(user.poolId, user.sub, purpose, {
    now,
    windowMs: SEND_WINDOW_MS,
    maxSends: MAX_SENDS_PER_WINDOW,
  })
  if (!window) throw errors.attemptLimit()
  const code = randomString(deps.random, DIGITS, 6)
  const key = { poolId: user.poolId, sub: user.sub, purpose }
  const record: CodeRecord = {
    ...key,
    ...(pendingValue !== undefined ? { pendingValue } : {}),
    hash: codeHash(deps.codeKey, key, code),
    expiresAt: now + CODE_LIFETIME_MS[purpose],
    failures: 0,
    ...window,
  }
  return { code, record }
}

/** Checks a submitted code; throws the error Cognito gives for a wrong, expired or spent code. */
export async function checkCode(
  deps: UserPoolDeps,
  user: UserRecord,
  purpose: CodePurpose,
  given: string,
): Promise<CodeRecord> {
  // The attempt is counted before the code is compared, in one statement, so concurrent guesses
  // compare at most MAX_CODE_FAILURES values; a right code is deleted with the write it unlocks.
  const record = await deps.store.reserveCodeAttempt(user.poolId, user.sub, purpose, MAX_CODE_FAILURES)
  if (!record) {
    const spent = await deps.store.getCode(user.poolId, user.sub, purpose)
    throw spent ? errors.attemptLimit() : errors.codeExpired()
  }
  if (deps.clock.now() >= record.expiresAt) throw errors.codeExpired()
  if (!secretsEqual(record.hash, codeHash(deps.codeKey, record, given)))
    throw record.failures >= MAX_CODE_FAILURES ? errors.attemptLimit() : errors.codeMismatch()
  return record
}

/**
 * Where account recovery codes go (ForgotPassword, AdminResetUserPassword): a verified email,
 * else a verified phone number; undefined when the user has neither.
 */
export function recoveryAttribute(user: UserRecord): 'email' | 'phone_number' | undefined {
  if (user.attributes.email && user.attributes.email_verified === 'true') return 'email'
  if (user.attributes.phone_number && user.attributes.phone_number_verified === 'true') return 'phone_number'
  return undefined
}

/**
 * A delivery of the same shape as a real one, for names that must not be told apart from real
 * users (PreventUserExistenceErrors=ENABLED, aws-semantics.md §5.7); nothing is sent.
 */
export function simulatedDelivery(identifier: string): CodeDeliveryDetails {
  if (identifier.startsWith('+') && /^\+[0-9]{4,15}$/.test(identifier))
    return {
      Destination: maskDestination('SMS', identifier),
      DeliveryMedium: 'SMS',
      AttributeName: 'phone_number',
    }
  const fake = identifier.includes('@') ? identifier : `${identifier}@example.com`
  return { Destination: maskDestination('EMAIL', fake), DeliveryMedium: 'EMAIL', AttributeName: 'email' }
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
  destination = user.attributes[attribute],
): Promise<void> {
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
