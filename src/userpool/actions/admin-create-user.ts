import { type Action, requirePool, requireUser } from '../action.js'
import { passwordCredentials } from '../credentials.js'
import type { UserPoolDeps } from '../deps.js'
import { errors } from '../errors.js'
import { boolean, choice, fields, list, parseInput } from '../input.js'
import { checkPasswordPolicy, temporaryPassword } from '../passwords.js'
import { isUsernameAttribute } from '../pools.js'
import { LoginTakenError, type PoolRecord, type UserRecord } from '../store.js'
import { attributesFrom, loginsOf, saveUserChanges, usernameFor, userType } from '../users.js'

const shape = {
  UserPoolId: fields.poolId(),
  Username: fields.username(),
  UserAttributes: fields.attributes(),
  ValidationData: fields.attributes(),
  TemporaryPassword: fields.password(),
  ForceAliasCreation: boolean(),
  MessageAction: choice(['RESEND', 'SUPPRESS']),
  DesiredDeliveryMediums: list(choice(['SMS', 'EMAIL'])),
  ClientMetadata: fields.metadata(),
}

type Input = ReturnType<typeof parseInput<typeof shape>>

/**
 * AdminCreateUser (aws-semantics.md §5.3): a FORCE_CHANGE_PASSWORD user with a temporary
 * password (given, or generated), invited through the message sender unless SUPPRESS; RESEND
 * issues a fresh temporary password to a user who has not signed in yet.
 */
export const adminCreateUser: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput(shape, body)
    const pool = await requirePool(deps, input.UserPoolId)
    const password =
      input.TemporaryPassword ?? temporaryPassword(pool.settings.Policies.PasswordPolicy, deps.random)
    // AdminCreateUser words it "password policy" (aws-semantics.md §5.5).
    checkPasswordPolicy(pool.settings.Policies.PasswordPolicy, password, 'password policy')
    const user =
      input.MessageAction === 'RESEND'
        ? await reinvite(deps, pool, input.Username, password)
        : await create(deps, pool, input, password)
    if (input.MessageAction !== 'SUPPRESS') await invite(deps, user, password, input.DesiredDeliveryMediums)
    return { User: { ...userType(user), MFAOptions: [] } }
  },
}

async function create(deps: UserPoolDeps, pool: PoolRecord, input: Input, password: string) {
  const attributes = attributesFrom(pool, input.UserAttributes, { admin: true })
  const sub = deps.random.uuid()
  const username = usernameFor(pool, input.Username, attributes, sub)
  if (attributes.email !== undefined) attributes.email_verified ??= 'false'
  if (attributes.phone_number !== undefined) attributes.phone_number_verified ??= 'false'
  const now = deps.clock.now()
  const user: UserRecord = {
    poolId: pool.id,
    sub,
    username,
    status: 'FORCE_CHANGE_PASSWORD',
    enabled: true,
    ...(await passwordCredentials(deps, { poolId: pool.id, sub, username }, password)),
    signedOutAt: null,
    attributes: { sub, ...attributes },
    createdAt: now,
    updatedAt: now,
  }
  try {
    await deps.store.insertUser(user, loginsOf(pool, user))
  } catch (error) {
    if (!(error instanceof LoginTakenError)) throw error
    const attribute = error.login.slice(0, error.login.indexOf(':'))
    if (attribute === 'username' || isUsernameAttribute(pool, attribute as 'email' | 'phone_number'))
      throw errors.userAccountExists()
    throw errors.aliasExists(attribute)
  }
  return user
}

/** RESEND: only for a user still waiting to set a password. */
async function reinvite(deps: UserPoolDeps, pool: PoolRecord, username: string, password: string) {
  const user = await requireUser(deps, pool, username)
  if (user.status !== 'FORCE_CHANGE_PASSWORD')
    throw errors.unsupportedUserState(
      `Resend not possible. ${user.username} status is not FORCE_CHANGE_PASSWORD`,
    )
  const updated = {
    ...user,
    ...(await passwordCredentials(deps, user, password)),
    updatedAt: deps.clock.now(),
  }
  await saveUserChanges(deps.store, pool, user, updated)
  return updated
}

/**
 * The invitation carries the username and the temporary password. DesiredDeliveryMediums
 * defaults to SMS as on AWS; a medium the user has no address for falls back to the other one.
 */
async function invite(
  deps: UserPoolDeps,
  user: UserRecord,
  password: string,
  mediums: ReadonlyArray<'SMS' | 'EMAIL'> = ['SMS'],
): Promise<void> {
  const address = (medium: 'SMS' | 'EMAIL') => user.attributes[medium === 'EMAIL' ? 'email' : 'phone_number']
  let chosen = [...new Set(mediums)].filter((m) => address(m))
  if (chosen.length === 0) chosen = (['EMAIL', 'SMS'] as const).filter((m) => address(m)).slice(0, 1)
  for (const medium of chosen)
    await deps.sender.send({
      poolId: user.poolId,
      username: user.username,
      purpose: 'INVITATION',
      medium,
      destination: address(medium)!,
      temporaryPassword: password,
    })
}
