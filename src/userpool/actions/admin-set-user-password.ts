import { type Action, requirePool, requireUser } from '../action.js'
import { passwordCredentials } from '../credentials.js'
import { boolean, fields, parseInput, required } from '../input.js'
import { lockKey } from '../lockout.js'
import { checkPasswordPolicy } from '../passwords.js'

const shape = {
  UserPoolId: fields.poolId(),
  Username: fields.username(),
  Password: required(fields.password()),
  Permanent: boolean(),
}

/**
 * AdminSetUserPassword: Permanent makes the user CONFIRMED; otherwise the password is temporary
 * (FORCE_CHANGE_PASSWORD, NEW_PASSWORD_REQUIRED at the next sign-in). It also lifts a lockout
 * (security.md §3 E93: an admin can reset it).
 */
export const adminSetUserPassword: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput(shape, body)
    const pool = await requirePool(deps, input.UserPoolId)
    const user = await requireUser(deps, pool, input.Username)
    checkPasswordPolicy(pool.settings.Policies.PasswordPolicy, input.Password)
    await deps.store.saveUser(
      {
        ...user,
        ...(await passwordCredentials(deps, user, input.Password)),
        status: input.Permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD',
        updatedAt: deps.clock.now(),
      },
      { deleteCodes: ['FORGOT_PASSWORD'] },
    )
    await deps.store.clearSignInFailures(pool.id, lockKey(pool, user, user.username))
    return {}
  },
}
