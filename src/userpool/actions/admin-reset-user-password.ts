import { type Action, requirePool, requireUser } from '../action.js'
import { newCode, recoveryAttribute, sendCode } from '../codes.js'
import { errors } from '../errors.js'
import { fields, parseInput } from '../input.js'
import { lockKey } from '../lockout.js'

const shape = { UserPoolId: fields.poolId(), Username: fields.username(), ClientMetadata: fields.metadata() }

/**
 * AdminResetUserPassword: the user becomes RESET_REQUIRED (sign-in answers
 * PasswordResetRequiredException), is signed out everywhere, and gets a reset code at a verified
 * address for ConfirmForgotPassword.
 */
export const adminResetUserPassword: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput(shape, body)
    const pool = await requirePool(deps, input.UserPoolId)
    const user = await requireUser(deps, pool, input.Username)
    const attribute = recoveryAttribute(user)
    if (!attribute || user.status === 'UNCONFIRMED') throw errors.cannotResetPassword()
    const now = deps.clock.now()
    const reset = { ...user, status: 'RESET_REQUIRED' as const, signedOutAt: now, updatedAt: now }
    const { code, record } = await newCode(deps, reset, 'FORGOT_PASSWORD')
    await deps.store.saveUser(reset, { revokeTokensAt: now, putCodes: [record] })
    await deps.store.clearSignInFailures(pool.id, lockKey(pool, user, user.username))
    await sendCode(deps, reset, 'FORGOT_PASSWORD', code, attribute)
    return {}
  },
}
