import {
  type ActionContext,
  type ClientRecord,
  CognitoError,
  clearFailures,
  findUser,
  guardPasswordCheck,
  lockKey,
  newPasswordChallenge,
  type PoolRecord,
  type UserRecord,
} from '../userpool/index.js'
import type { MessageId } from './messages.js'

export type LoginOutcome =
  | { ok: true; user: UserRecord }
  | { ok: false; message: MessageId; status: number; next?: 'confirm' | 'reset' }
  /** A temporary password was right: the NEW_PASSWORD_REQUIRED challenge's session. */
  | { ok: false; next: 'new-password'; session: string; username: string }

/** Longer passwords are refused unhashed (the API's limit, CIDP-M PasswordType). */
const MAX_PASSWORD = 256

/**
 * The hosted sign-in's password check, under the same per-address limit and per-user lockout as
 * the API (`guardPasswordCheck`). Failures are counted for unknown names too, and an unknown user
 * and a wrong password give the same answer (security.md §3 E102); a user's state is revealed
 * only to someone who knows the password.
 */
export async function checkPassword(
  ctx: ActionContext,
  pool: PoolRecord,
  client: ClientRecord,
  username: string,
  password: string,
): Promise<LoginOutcome> {
  const invalid = { ok: false, message: 'invalid-credentials', status: 400 } as const
  if (!username || !password || username.length > 128 || password.length > MAX_PASSWORD) return invalid
  const { deps } = ctx
  const user = await findUser(deps.store, pool, username)
  let check: Awaited<ReturnType<typeof guardPasswordCheck>>
  try {
    check = await guardPasswordCheck(ctx, pool, lockKey(pool, user, username))
  } catch (error) {
    if (!(error instanceof CognitoError)) throw error
    return error.type === 'TooManyRequestsException'
      ? { ok: false, message: 'too-many-requests', status: 429 }
      : { ok: false, message: 'attempts-exceeded', status: 400 }
  }
  let ok = false
  if (user?.passwordHash) ok = await deps.hasher.verify(user.passwordHash, password)
  else await deps.hasher.verifyDummy(password)
  if (!ok || !user) {
    check.failed()
    return invalid
  }
  check.passed()
  await clearFailures(deps, pool, check.key)
  if (user.status === 'UNCONFIRMED')
    return { ok: false, message: 'user-not-confirmed', status: 400, next: 'confirm' }
  if (!user.enabled) return { ok: false, message: 'user-disabled', status: 400 }
  if (user.status === 'RESET_REQUIRED')
    return { ok: false, message: 'password-reset-required', status: 400, next: 'reset' }
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    try {
      const { Session } = await newPasswordChallenge(deps, pool, client, user)
      return { ok: false, next: 'new-password', session: Session!, username: user.username }
    } catch (error) {
      if (!(error instanceof CognitoError)) throw error
      return { ok: false, message: 'temporary-password-expired', status: 400 }
    }
  }
  return { ok: true, user }
}
