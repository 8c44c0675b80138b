import type { ActionContext } from './action.js'
import { checkSecretHash } from './clients.js'
import { CognitoError, errors } from './errors.js'
import { type AuthenticationResult, refresh, signIn } from './sessions.js'
import type { ClientRecord, PoolRecord, UserRecord } from './store.js'
import { findUser } from './users.js'

/** What InitiateAuth and AdminInitiateAuth answer. */
export interface AuthResponse {
  ChallengeName?: string
  Session?: string
  ChallengeParameters: Record<string, string>
  AuthenticationResult?: AuthenticationResult
}

/**
 * USER_PASSWORD_AUTH and ADMIN_USER_PASSWORD_AUTH. Every path that rejects costs one argon2
 * verify, so an unknown user, a wrong password and a disabled user take the same time
 * (security.md §3 E95); with PreventUserExistenceErrors the answers are identical too.
 */
export async function passwordSignIn(
  { deps }: ActionContext,
  pool: PoolRecord,
  client: ClientRecord,
  params: Record<string, string>,
): Promise<AuthResponse> {
  const username = params.USERNAME
  const password = params.PASSWORD
  if (!username) throw errors.invalidParameter('Missing required parameter USERNAME')
  if (password === undefined) throw errors.invalidParameter('Missing required parameter PASSWORD')
  checkSecretHash(client, params.SECRET_HASH, [username])
  const user = await findUser(deps.store, pool, username)
  const ok = user?.passwordHash ? await deps.hasher.verify(user.passwordHash, password) : false
  if (!user) {
    await deps.hasher.verifyDummy(password)
    throw client.settings.PreventUserExistenceErrors === 'ENABLED'
      ? errors.incorrectCredentials()
      : errors.userNotFound()
  }
  if (!user.passwordHash) await deps.hasher.verifyDummy(password)
  // AWS answers UserNotConfirmed for an unconfirmed user whatever the password (§5.5).
  if (user.status === 'UNCONFIRMED') throw errors.userNotConfirmed()
  if (!ok) throw errors.incorrectCredentials()
  if (!user.enabled) throw errors.userDisabled()
  return complete(deps, pool, client, user)
}

/** REFRESH_TOKEN_AUTH / REFRESH_TOKEN. */
export async function refreshSignIn(
  { deps }: ActionContext,
  pool: PoolRecord,
  client: ClientRecord,
  params: Record<string, string>,
): Promise<AuthResponse> {
  const token = params.REFRESH_TOKEN
  if (!token) throw errors.invalidParameter('Missing required parameter REFRESH_TOKEN')
  const { result } = await refresh(deps, pool, client, token, async (sub) => {
    const user = await deps.store.getUser(pool.id, sub)
    // SECRET_HASH for a refresh is computed over the stored username (or sub) and the client id.
    if (user) checkSecretHash(client, params.SECRET_HASH, [user.username, user.sub, params.USERNAME ?? ''])
    return user
  })
  return { ChallengeParameters: {}, AuthenticationResult: result }
}

async function complete(
  deps: ActionContext['deps'],
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
): Promise<AuthResponse> {
  if (user.status === 'RESET_REQUIRED') throw errors.passwordResetRequired()
  if (user.status === 'FORCE_CHANGE_PASSWORD')
    throw new CognitoError(
      'InvalidParameterException',
      'NEW_PASSWORD_REQUIRED challenges are not supported yet.',
    )
  return { ChallengeParameters: {}, AuthenticationResult: await signIn(deps, pool, client, user) }
}
