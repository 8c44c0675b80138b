import type { ActionContext } from './action.js'
import { openChallenge, takeChallenge } from './challenges.js'
import { checkSecretHash, checkWritable } from './clients.js'
import { passwordCredentials } from './credentials.js'
import type { UserPoolDeps } from './deps.js'
import { errors } from './errors.js'
import { checkPasswordPolicy } from './passwords.js'
import { signIn } from './sessions.js'
import type { AuthResponse } from './sign-in.js'
import type { ClientRecord, PoolRecord, UserRecord } from './store.js'
import { attributesFrom, checkRequiredAttributes, findUser, saveUserChanges } from './users.js'

const DAY = 86_400_000
/** ChallengeResponses keys that carry attributes (amazon-cognito-identity-js AuthenticationHelper). */
const ATTRIBUTE_PREFIX = 'userAttributes.'

/**
 * A user with a temporary password (FORCE_CHANGE_PASSWORD) who proved it: the temporary password
 * must still be valid (TemporaryPasswordValidityDays from when it was set), then the
 * NEW_PASSWORD_REQUIRED challenge, with the attributes as JSON text (aws-semantics.md §5.4).
 */
export async function newPasswordChallenge(
  deps: UserPoolDeps,
  pool: PoolRecord,
  client: ClientRecord,
  user: UserRecord,
): Promise<AuthResponse> {
  const validity = pool.settings.Policies.PasswordPolicy.TemporaryPasswordValidityDays * DAY
  if (deps.clock.now() >= (user.passwordSetAt ?? user.createdAt) + validity)
    throw errors.temporaryPasswordExpired()
  const { sub: _, ...shown } = user.attributes
  const missing = pool.settings.SchemaAttributes.filter(
    (a) => a.Required && a.Name !== 'sub' && !user.attributes[a.Name],
  ).map((a) => ATTRIBUTE_PREFIX + a.Name)
  return {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    Session: await openChallenge(
      deps,
      pool,
      client,
      { sub: user.sub, lockKey: null },
      'NEW_PASSWORD_REQUIRED',
      {},
    ),
    ChallengeParameters: {
      USER_ID_FOR_SRP: user.username,
      requiredAttributes: JSON.stringify(missing),
      userAttributes: JSON.stringify(shown),
    },
  }
}

/**
 * RespondToAuthChallenge NEW_PASSWORD_REQUIRED: NEW_PASSWORD (checked against the policy before
 * the session is spent, so a rejected password can be retried) and `userAttributes.<name>`
 * values, which must complete the required attributes. The user becomes CONFIRMED and signs in.
 */
export async function answerNewPassword(
  { deps }: ActionContext,
  pool: PoolRecord,
  client: ClientRecord,
  session: string | undefined,
  responses: Record<string, string>,
): Promise<AuthResponse> {
  const username = responses.USERNAME
  const password = responses.NEW_PASSWORD
  if (!username) throw errors.missingParameter('USERNAME')
  if (!password) throw errors.missingParameter('NEW_PASSWORD')
  checkSecretHash(client, responses.SECRET_HASH, [username])
  const given = attributesFrom(
    pool,
    Object.entries(responses)
      .filter(([key]) => key.startsWith(ATTRIBUTE_PREFIX))
      .map(([key, Value]) => ({ Name: key.slice(ATTRIBUTE_PREFIX.length), Value })),
    { admin: false },
  )
  checkWritable(client, Object.keys(given))
  checkPasswordPolicy(pool.settings.Policies.PasswordPolicy, password)
  const { sub } = await takeChallenge(deps, client, session, 'NEW_PASSWORD_REQUIRED')
  const user = sub ? await deps.store.getUser(pool.id, sub) : undefined
  const named =
    user && (username === user.username || (await findUser(deps.store, pool, username))?.sub === sub)
  if (!user || !named || user.status !== 'FORCE_CHANGE_PASSWORD') throw errors.incorrectCredentials()
  if (!user.enabled) throw errors.userDisabled()
  const attributes = { ...user.attributes, ...given }
  if (given.email !== undefined && given.email !== user.attributes.email) attributes.email_verified = 'false'
  if (given.phone_number !== undefined && given.phone_number !== user.attributes.phone_number)
    attributes.phone_number_verified = 'false'
  checkRequiredAttributes(pool, attributes)
  const updated: UserRecord = {
    ...user,
    ...(await passwordCredentials(deps, user, password)),
    status: 'CONFIRMED',
    attributes,
    updatedAt: deps.clock.now(),
  }
  await saveUserChanges(deps.store, pool, user, updated)
  return { ChallengeParameters: {}, AuthenticationResult: await signIn(deps, pool, client, updated) }
}
