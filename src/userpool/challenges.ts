import { randomToken, sha256Hex } from '../core/index.js'
import type { UserPoolDeps } from './deps.js'
import { errors } from './errors.js'
import { seal, unseal } from './install-keys.js'
import type { ClientRecord, PoolRecord } from './store.js'

export type ChallengeName = 'PASSWORD_VERIFIER' | 'NEW_PASSWORD_REQUIRED'

const MINUTE = 60_000
const context = (hash: string) => `challenge-session\n${hash}`

/**
 * Opens a challenge and returns its `Session`: an opaque random value the client sends back.
 * Only its SHA-256 is stored, with the challenge state sealed; it lasts the client's
 * AuthSessionValidity (3 minutes by default, aws-semantics.md §4.6).
 */
export async function openChallenge(
  deps: UserPoolDeps,
  pool: PoolRecord,
  client: ClientRecord,
  sub: string | null,
  challenge: ChallengeName,
  state: Record<string, unknown>,
): Promise<string> {
  const session = randomToken(deps.random, 48)
  const hash = sha256Hex(session)
  await deps.store.insertAuthSession({
    hash,
    poolId: pool.id,
    clientId: client.id,
    sub,
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
 * (aws-semantics.md §5.4).
 */
export async function takeChallenge<State>(
  deps: UserPoolDeps,
  client: ClientRecord,
  session: string | undefined,
  challenge: ChallengeName,
): Promise<{ sub: string | null; state: State }> {
  if (session === undefined) throw errors.missingParameter('Session')
  const hash = sha256Hex(session)
  const taken = await deps.store.takeAuthSession(hash, deps.clock.now())
  if (!taken || taken.session.clientId !== client.id || taken.session.challenge !== challenge)
    throw errors.sessionExpired()
  if (deps.clock.now() >= taken.session.expiresAt) throw errors.sessionExpired()
  if (!taken.firstUse) throw errors.sessionUsed()
  const state = await unseal(deps, context(hash), taken.session.state)
  if (state === undefined) throw errors.sessionExpired()
  return { sub: taken.session.sub, state: JSON.parse(state) as State }
}
