import type { UserPoolDeps } from './deps.js'
import { seal, unseal } from './install-keys.js'
import { poolShortName } from './pools.js'
import { createSrpVerifier, type SrpVerifier } from './srp.js'
import type { UserRecord } from './store.js'

type Owner = Pick<UserRecord, 'poolId' | 'sub' | 'username'>

/** The sealing context binds a verifier to its pool and user. */
const context = (user: Pick<UserRecord, 'poolId' | 'sub'>) => `srp-verifier\n${user.poolId}\n${user.sub}`

/**
 * Everything a new password sets: its argon2id hash, and the SRP verifier for USER_SRP_AUTH,
 * whose USER_ID_FOR_SRP is the username (the UUID in email-as-username pools), which never changes.
 * The verifier is a fast hash of the password (SHA-256 + one modPow), so it is sealed at rest.
 */
export async function passwordCredentials(
  deps: UserPoolDeps,
  user: Owner,
  password: string,
): Promise<Pick<UserRecord, 'passwordHash' | 'srpVerifier' | 'passwordSetAt'>> {
  const verifier = createSrpVerifier(poolShortName(user.poolId), user.username, password)
  return {
    passwordHash: await deps.hasher.hash(password),
    srpVerifier: await seal(deps, context(user), JSON.stringify(verifier)),
    passwordSetAt: deps.clock.now(),
  }
}

/** Only the SRP verifier, for users whose password was set before verifiers were stored. */
export async function sealedSrpVerifier(deps: UserPoolDeps, user: Owner, password: string): Promise<string> {
  const verifier = createSrpVerifier(poolShortName(user.poolId), user.username, password)
  return seal(deps, context(user), JSON.stringify(verifier))
}

/** The user's SRP verifier, or undefined when none is stored or it does not open. */
export async function srpVerifierOf(deps: UserPoolDeps, user: UserRecord): Promise<SrpVerifier | undefined> {
  if (!user.srpVerifier) return undefined
  const opened = await unseal(deps, context(user), user.srpVerifier)
  if (!opened) return undefined
  const parsed = JSON.parse(opened) as SrpVerifier
  return typeof parsed.salt === 'string' && typeof parsed.verifier === 'string' ? parsed : undefined
}
