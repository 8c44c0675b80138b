import { randomToken, sha256Hex } from '../core/index.js'
import type { UserPoolDeps } from './deps.js'
import { errors } from './errors.js'
import { seal, unseal } from './install-keys.js'
import { COGNITO_LOCKOUT, purgeNowAndThen, requireAdmitted } from './lockout.js'
import type { ClientRecord, PoolRecord } from './store.js'

export type ChallengeName = 'PASSWORD_VERIFIER' | 'NEW_PASSWORD_REQUIRED'

const MINUTE = 60_000
const context = (hash: string) => `challenge-session\n${hash}`

/**
 * Opens a challenge and returns its `Session`: an opaque random value the client sends back.
 * Only its SHA-256 is stored, with the challenge state sealed; it lasts the client's
 * AuthSessionValidity (3 minutes by default, aws-semantics.md §4.6). An answer that proves a
 * password is admitted against `lockKey` when the session is taken.
 */
export async function openChallenge(
  deps: UserPoolDeps,
  pool: PoolRecord,
  client: ClientRecord,
  subject: { sub: string | null; lockKey: string | null },
  challenge: ChallengeName,
  state: Record<string, unknown>,
): Promise<string> {
  const session = randomToken(deps.random, 48)
  const hash = sha256Hex(session)
  await deps.store.insertAuthSession({
    hash,
    poolId: pool.id,
    clientId: client.id,
    sub: subject.sub,
    lockKey: subject.lockKey,
    challenge,
    state: await seal(deps, context(hash), JSON.stringify(state)),
    expiresAt: deps.clock.now() + client.settings.AuthSessionValidity * MINUTE,
    usedAt: null,
  })
  return session
}

/**
 * Takes a challenge for answering; every session answers once, right or wrong, and then
 * "session can only be used once"; past its validity, or unknown, it is "session is expired"
 * (aws-semantics.md §5.4). A session with a lock key is admitted against it in the same store
 * transaction ("Password attempts exceeded" when locked out).
 */
export async function takeChallenge<State>(
  deps: UserPoolDeps,
  client: ClientRecord,
  session: string | undefined,
  challenge: ChallengeName,
): Promise<{ sub: string | null; lockKey: string | null; state: State }> {
  if (session === undefined) throw errors.missingParameter('Session')
  const hash = sha256Hex(session)
  const now = deps.clock.now()
  await purgeNowAndThen(deps.store, now)
  const taken = await deps.store.takeAuthSession(hash, now, COGNITO_LOCKOUT)
  if (!taken || taken.session.clientId !== client.id || taken.session.challenge !== challenge)
    throw errors.sessionExpired()
  if (now >= taken.session.expiresAt) throw errors.sessionExpired()
  if (!taken.firstUse) throw errors.sessionUsed()
  if (taken.admission) requireAdmitted(taken.admission)
  const state = await unseal(deps, context(hash), taken.session.state)
  if (state === undefined) throw errors.sessionExpired()
  return { sub: taken.session.sub, lockKey: taken.session.lockKey, state: JSON.parse(state) as State }
}
