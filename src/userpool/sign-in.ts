import type { ActionContext } from './action.js'
import { checkSecretHash } from './clients.js'
import { sealedSrpVerifier } from './credentials.js'
import type { UserPoolDeps } from './deps.js'
import { errors } from './errors.js'
import { limiterOf } from './limits.js'
import { admitAttempt, clearFailures, lockKey } from './lockout.js'
import { newPasswordChallenge } from './new-password.js'
import { type AuthenticationResult, refresh, signIn } from './sessions.js'
import type { ClientRecord, PoolRecord, UserRecord } from './store.js'
import { findUser } from './users.js'

/** What InitiateAuth, AdminInitiateAuth and the challenge responses answer. */
export interface AuthResponse {
  ChallengeName?: string
  Session?: string
  ChallengeParameters: Record<string, string>
  AuthenticationResult?: AuthenticationResult
}

/** True when the client hides whether users exist (aws-semantics.md §5.7). */
export function hidesUsers(client: ClientRecord): boolean {
  return client.settings.PreventUserExistenceErrors === 'ENABLED'
}

/** An admitted password evaluation: its failure is already counted against `key`. */
export interface PasswordCheck {
  /** The lockout count to clear when the password was right; undefined when none is kept. */
  readonly key: string | undefined
  /** The password was wrong: the address's reserved failure stays spent. */
  failed(): void
  /** The password was right: the address's reserved failure is returned. */
  passed(): void
}

/**
 * The guard around every password evaluation (USER_PASSWORD_AUTH, SRP, ChangePassword): the
 * per-address failure limit, then the lockout admission for `key` (none for an unknown user of a
 * client that reveals existence anyway).
 */
export async function guardPasswordCheck(
  { deps, sourceIp }: ActionContext,
  pool: PoolRecord,
  key: string | undefined,
): Promise<PasswordCheck> {
  const limiter = limiterOf(deps)
  limiter.admitPasswordCheck(deps.clock.now(), sourceIp)
  if (key !== undefined) await admitAttempt(deps, pool, key)
  return { key, failed: () => {}, passed: () => limiter.refundPasswordCheck(deps.clock.now(), sourceIp) }
}

/**
 * What a proven or failed password leads to, in Cognito's order: an unknown user, an
 * unconfirmed one (whatever the password, §5.5), a wrong password, a disabled user; then
 * `finishSignIn`. A right password clears the failure count, with the refresh token when tokens
 * are issued.
 */
export async function afterPasswordCheck(
  deps: UserPoolDeps,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord | undefined,
  check: PasswordCheck,
  ok: boolean,
): Promise<AuthResponse> {
  if (ok) check.passed()
  else check.failed()
  if (!user) throw hidesUsers(client) ? errors.incorrectCredentials() : errors.userNotFound()
  if (ok && (user.status === 'UNCONFIRMED' || !user.enabled)) await clearFailures(deps, pool, check.key)
  if (user.status === 'UNCONFIRMED') throw errors.userNotConfirmed()
  if (!ok) throw errors.incorrectCredentials()
  if (!user.enabled) throw errors.userDisabled()
  return finishSignIn(deps, pool, client, user, check.key)
}

/**
 * USER_PASSWORD_AUTH and ADMIN_USER_PASSWORD_AUTH. Every path that evaluates a password costs one
 * argon2 verify, so an unknown user, a wrong password, a disabled and an unconfirmed user take
 * the same time (security.md §3 E95); with PreventUserExistenceErrors the answers and the lockout
 * progression are identical too (E94).
 */
export async function passwordSignIn(
  ctx: ActionContext,
  pool: PoolRecord,
  client: ClientRecord,
  params: Record<string, string>,
): Promise<AuthResponse> {
  const { deps } = ctx
  const username = params.USERNAME
  const password = params.PASSWORD
  if (!username) throw errors.missingParameter('USERNAME')
  if (password === undefined) throw errors.missingParameter('PASSWORD')
  checkSecretHash(client, params.SECRET_HASH, [username])
  const user = await findUser(deps.store, pool, username)
  const check = await guardPasswordCheck(
    ctx,
    pool,
    user || hidesUsers(client) ? lockKey(pool, user, username) : undefined,
  )
  let ok = false
  if (user?.passwordHash) ok = await deps.hasher.verify(user.passwordHash, password)
  else await deps.hasher.verifyDummy(password)
  return afterPasswordCheck(
    deps,
    pool,
    client,
    ok && user ? await withSrpVerifier(deps, user, password) : user,
    check,
    ok,
  )
}

/**
 * Users whose password predates stored SRP verifiers get one the first time they sign in with
 * the password, so USER_SRP_AUTH works for them from then on.
 */
async function withSrpVerifier(deps: UserPoolDeps, user: UserRecord, password: string): Promise<UserRecord> {
  if (user.srpVerifier) return user
  const upgraded = { ...user, srpVerifier: await sealedSrpVerifier(deps, user, password) }
  await deps.store.saveUser(upgraded)
  return upgraded
}

/**
 * After the password is proven: a user who must reset gets PasswordResetRequiredException, one
 * with a temporary password the NEW_PASSWORD_REQUIRED challenge, everyone else tokens.
 */
export async function finishSignIn(
  deps: UserPoolDeps,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
  clearKey?: string,
): Promise<AuthResponse> {
  if (user.status === 'RESET_REQUIRED' || user.status === 'FORCE_CHANGE_PASSWORD')
    await clearFailures(deps, pool, clearKey)
  if (user.status === 'RESET_REQUIRED') throw errors.passwordResetRequired()
  if (user.status === 'FORCE_CHANGE_PASSWORD') return newPasswordChallenge(deps, pool, client, user)
  return { ChallengeParameters: {}, AuthenticationResult: await signIn(deps, pool, client, user, clearKey) }
}

/** REFRESH_TOKEN_AUTH / REFRESH_TOKEN. */
export async function refreshSignIn(
  { deps }: ActionContext,
  pool: PoolRecord,
  client: ClientRecord,
  params: Record<string, string>,
): Promise<AuthResponse> {
  const token = params.REFRESH_TOKEN
  if (!token) throw errors.missingParameter('REFRESH_TOKEN')
  const { result } = await refresh(deps, pool, client, token, async (sub) => {
    const user = await deps.store.getUser(pool.id, sub)
    // SECRET_HASH for a refresh is computed over the stored username (or sub) and the client id.
    if (user) checkSecretHash(client, params.SECRET_HASH, [user.username, user.sub, params.USERNAME ?? ''])
    return user
  })
  return { ChallengeParameters: {}, AuthenticationResult: result }
}
