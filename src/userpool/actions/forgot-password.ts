import { type Action, requireClient } from '../action.js'
import { checkSecretHash } from '../clients.js'
import { deliveryFor, newCode, recoveryAttribute, sendCode, simulatedDelivery } from '../codes.js'
import { errors } from '../errors.js'
import { fields, parseInput, string, struct } from '../input.js'
import { hidesUsers } from '../sign-in.js'
import { findUser } from '../users.js'

const shape = {
  ClientId: fields.clientId(),
  Username: fields.username(),
  SecretHash: fields.secretHash(),
  ClientMetadata: fields.metadata(),
  AnalyticsMetadata: struct({ AnalyticsEndpointId: string() }),
  UserContextData: struct({ IpAddress: string(), EncodedData: string() }),
}

/**
 * ForgotPassword: a reset code (valid 1 h) to a verified address. With PreventUserExistenceErrors
 * an unknown, disabled or unverified user gets a simulated delivery of the same shape and nothing
 * is sent (aws-semantics.md §5.7; security.md §3 E96).
 */
export const forgotPassword: Action = {
  auth: 'none',
  async run({ deps }, body) {
    const input = parseInput(shape, body)
    const { client, pool } = await requireClient(deps, input.ClientId)
    checkSecretHash(client, input.SecretHash, [input.Username])
    const user = await findUser(deps.store, pool, input.Username)
    const attribute = user && recoveryAttribute(user)
    if (!user?.enabled || !attribute || user.status === 'UNCONFIRMED') {
      if (hidesUsers(client)) return { CodeDeliveryDetails: simulatedDelivery(input.Username) }
      if (!user) throw errors.userNotFound()
      if (!user.enabled) throw errors.userDisabled()
      throw errors.cannotResetPassword()
    }
    if (user.status === 'FORCE_CHANGE_PASSWORD') throw errors.resetNotAllowed()
    const { code, record } = await newCode(deps, user, 'FORGOT_PASSWORD')
    await deps.store.putCode(record)
    await sendCode(deps, user, 'FORGOT_PASSWORD', code, attribute)
    return { CodeDeliveryDetails: deliveryFor(user, attribute) }
  },
}
