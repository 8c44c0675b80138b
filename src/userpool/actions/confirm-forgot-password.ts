import { type Action, requireClient } from '../action.js'
import { checkSecretHash } from '../clients.js'
import { checkCode } from '../codes.js'
import { passwordCredentials } from '../credentials.js'
import { errors } from '../errors.js'
import { fields, parseInput, required, string, struct } from '../input.js'
import { lockKey } from '../lockout.js'
import { checkPasswordPolicy } from '../passwords.js'
import { hidesUsers } from '../sign-in.js'
import { findUser } from '../users.js'

const shape = {
  ClientId: fields.clientId(),
  Username: fields.username(),
  ConfirmationCode: fields.code(),
  Password: required(fields.password()),
  SecretHash: fields.secretHash(),
  ClientMetadata: fields.metadata(),
  AnalyticsMetadata: struct({ AnalyticsEndpointId: string() }),
  UserContextData: struct({ IpAddress: string(), EncodedData: string() }),
}

/**
 * ConfirmForgotPassword: the reset code and a new password that meets the policy. The user is
 * CONFIRMED again, signed out everywhere (refresh tokens revoked, security.md §3 D84) and any
 * lockout is lifted. Unknown or disabled users with PreventUserExistenceErrors get
 * CodeMismatchException (aws-semantics.md §5.7).
 */
export const confirmForgotPassword: Action = {
  auth: 'none',
  async run({ deps }, body) {
    const input = parseInput(shape, body)
    const { client, pool } = await requireClient(deps, input.ClientId)
    checkSecretHash(client, input.SecretHash, [input.Username])
    const user = await findUser(deps.store, pool, input.Username)
    if (!user?.enabled) {
      if (hidesUsers(client)) throw errors.codeMismatch()
      throw user ? errors.userDisabled() : errors.userNotFound()
    }
    checkPasswordPolicy(pool.settings.Policies.PasswordPolicy, input.Password)
    await checkCode(deps, user, 'FORGOT_PASSWORD', input.ConfirmationCode)
    const now = deps.clock.now()
    const reset = user.status === 'RESET_REQUIRED' || user.status === 'FORCE_CHANGE_PASSWORD'
    await deps.store.saveUser(
      {
        ...user,
        ...(await passwordCredentials(deps, user, input.Password)),
        status: reset ? 'CONFIRMED' : user.status,
        signedOutAt: now,
        updatedAt: now,
      },
      { deleteCodes: ['FORGOT_PASSWORD'], revokeTokensAt: now },
    )
    await deps.store.clearSignInFailures(pool.id, lockKey(pool, user, user.username))
    return {}
  },
}
