import { type Action, requireClient } from '../action.js'
import { checkSecretHash } from '../clients.js'
import { deliveryFor, newCode, sendCode, simulatedDelivery } from '../codes.js'
import { errors } from '../errors.js'
import { fields, parseInput } from '../input.js'
import { findUser } from '../users.js'

const shape = {
  ClientId: fields.clientId(),
  Username: fields.username(),
  SecretHash: fields.secretHash(),
  ClientMetadata: fields.metadata(),
}

export const resendConfirmationCode: Action = {
  auth: 'none',
  async run({ deps }, body) {
    const input = parseInput(shape, body)
    const { client, pool } = await requireClient(deps, input.ClientId)
    checkSecretHash(client, input.SecretHash, [input.Username])
    const user = await findUser(deps.store, pool, input.Username)
    if (!user) {
      if (client.settings.PreventUserExistenceErrors !== 'ENABLED') throw errors.userNotFound()
      // A simulated delivery of the same shape, so the answer does not reveal who exists (CG-ERR).
      return { CodeDeliveryDetails: simulatedDelivery(input.Username) }
    }
    if (user.status !== 'UNCONFIRMED') throw errors.invalidParameter('User is already confirmed.')
    const verify = pool.settings.AutoVerifiedAttributes?.find((a) => user.attributes[a])
    if (!verify) throw errors.invalidParameter('Cannot resend codes. Auto verification not turned on.')
    const { code, record } = await newCode(deps, user, 'SIGN_UP')
    await deps.store.putCode(record)
    await sendCode(deps, user, 'SIGN_UP', code, verify)
    return { CodeDeliveryDetails: deliveryFor(user, verify) }
  },
}
