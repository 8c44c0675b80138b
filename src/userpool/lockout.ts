import type { UserPoolDeps } from './deps.js'
import { errors } from './errors.js'
import type { Admission, LockoutSchedule, PoolRecord, UserPoolStore, UserRecord } from './store.js'
import { canonical } from './users.js'

const SECOND = 1000
const MINUTE = 60 * SECOND

/**
 * Cognito's schedule (security.md §1 item 10, §3 E91–E93): five free failures, then a lockout of
 * 2^(n−5) s after the n-th, capped at 15 minutes; 15 idle minutes start the count over.
 */
export const COGNITO_LOCKOUT: LockoutSchedule = {
  lockMs: Array.from({ length: 15 }, (_, i) => {
    const n = i + 1
    return n < 5 ? 0 : Math.min(2 ** (n - 5) * SECOND, 15 * MINUTE)
  }),
  idleMs: 15 * MINUTE,
}

/**
 * Whose failures an attempt counts against: the user, whatever name or alias was typed; for an
 * unknown name (tracked only when PreventUserExistenceErrors hides existence) the name itself, so
 * an unknown user locks out exactly like a real one (security.md §3 E94).
 */
export function lockKey(pool: PoolRecord, user: UserRecord | undefined, identifier: string): string {
  return user ? `sub:${user.sub}` : `name:${canonical(pool, identifier)}`
}

/**
 * Admits one password evaluation or throws "Password attempts exceeded". The store counts the
 * attempt as a failure in the same statement, so of concurrent guesses only the allowed number
 * ever reach the password check; a right password clears the count (`clearFailures`, or with the
 * refresh token in one transaction).
 */
export async function admitAttempt(deps: UserPoolDeps, pool: PoolRecord, key: string): Promise<void> {
  const now = deps.clock.now()
  await purgeNowAndThen(deps.store, now)
  requireAdmitted(await deps.store.admitSignIn(pool.id, key, now, COGNITO_LOCKOUT))
}

export function requireAdmitted(admission: Admission): void {
  if (!admission.admitted) throw errors.passwordAttemptsExceeded()
}

export async function clearFailures(
  deps: UserPoolDeps,
  pool: PoolRecord,
  key: string | undefined,
): Promise<void> {
  if (key !== undefined) await deps.store.clearSignInFailures(pool.id, key)
}

const PURGE_EVERY_MS = MINUTE
const lastPurge = new WeakMap<UserPoolStore, number>()

/** Spent sessions and idle counters are deleted at most once a minute per store. */
export async function purgeNowAndThen(store: UserPoolStore, now: number): Promise<void> {
  const last = lastPurge.get(store)
  if (last !== undefined && now - last < PURGE_EVERY_MS && now >= last) return
  lastPurge.set(store, now)
  await store.purgeExpired(now, COGNITO_LOCKOUT.idleMs)
}
