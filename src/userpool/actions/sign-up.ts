import { type Action, requireClient } from '../action.js'
import { checkSecretHash, checkWritable } from '../clients.js'
import { deliveryFor, newCode, sendCode } from '../codes.js'
import { passwordCredentials } from '../credentials.js'
import { errors } from '../errors.js'
import { fields, parseInput } from '../input.js'
import { checkPasswordPolicy } from '../passwords.js'
import { isUsernameAttribute } from '../pools.js'
import { LoginTakenError, type UserRecord } from '../store.js'
import { attributesFrom, checkRequiredAttributes, loginsOf, usernameFor } from '../users.js'

const shape = {
  ClientId: fields.clientId(),
  Username: fields.username(),
  Password: fields.password(),
  SecretHash: fields.secretHash(),
  UserAttributes: fields.attributes(),
  ValidationData: fields.attributes(),
  ClientMetadata: fields.metadata(),
}

/**
 * SignUp (aws-semantics.md §5.3, §5.7). In email-as-username pools the username is a UUID equal
 * to `sub` and the email must be unique from the start; the unique index on login keys decides
 * races, so of many concurrent sign-ups of one name exactly one succeeds.
 */
export const signUp: Action = {
  auth: 'none',
  async run({ deps }, body) {
    const input = parseInput(shape, body)
    const { client, pool } = await requireClient(deps, input.ClientId)
    if (pool.settings.AdminCreateUserConfig.AllowAdminCreateUserOnly) throw errors.signUpNotPermitted()
    checkSecretHash(client, input.SecretHash, [input.Username])
    if (input.Password === undefined) throw errors.invalidParameter('Password is required.')
    const attributes = attributesFrom(pool, input.UserAttributes, { admin: false })
    checkWritable(client, Object.keys(attributes))
    const sub = deps.random.uuid()
    const username = usernameFor(pool, input.Username, attributes, sub)
    checkRequiredAttributes(pool, attributes)
    checkPasswordPolicy(pool.settings.Policies.PasswordPolicy, input.Password)

    const now = deps.clock.now()
    if (attributes.email !== undefined) attributes.email_verified ??= 'false'
    if (attributes.phone_number !== undefined) attributes.phone_number_verified ??= 'false'
    const user: UserRecord = {
      poolId: pool.id,
      sub,
      username,
      status: 'UNCONFIRMED',
      enabled: true,
      ...(await passwordCredentials(deps, { poolId: pool.id, sub, username }, input.Password)),
      signedOutAt: null,
      attributes: { sub, ...attributes },
      createdAt: now,
      updatedAt: now,
    }
    const verify = pool.settings.AutoVerifiedAttributes?.find((a) => user.attributes[a])
    const code = verify ? await newCode(deps, user, 'SIGN_UP') : undefined
    try {
      await deps.store.insertUser(user, loginsOf(pool, user), code?.record)
    } catch (error) {
      if (!(error instanceof LoginTakenError)) throw error
      if (error.login.startsWith('email:') && isUsernameAttribute(pool, 'email')) throw errors.emailExists()
      if (error.login.startsWith('phone_number:') && isUsernameAttribute(pool, 'phone_number'))
        throw errors.phoneExists()
      throw errors.usernameExists()
    }
    if (code && verify) await sendCode(deps, user, 'SIGN_UP', code.code, verify)
    const delivery = verify ? deliveryFor(user, verify) : undefined
    return { UserConfirmed: false, UserSub: sub, ...(delivery ? { CodeDeliveryDetails: delivery } : {}) }
  },
}
