import type { Action } from '../action.js'
import { contactAttribute, VERIFY_PURPOSE } from '../attribute-updates.js'
import { deliveryFor, newCode, sendCode } from '../codes.js'
import { errors } from '../errors.js'
import { fields, parseInput, patterns, required, string } from '../input.js'
import { authenticate } from '../sessions.js'

const shape = {
  AccessToken: fields.accessToken(),
  AttributeName: required(string({ min: 1, max: 32, pattern: patterns.attributeName })),
  ClientMetadata: fields.metadata(),
}

/** GetUserAttributeVerificationCode: a (new) code for the address waiting to be verified. */
export const getUserAttributeVerificationCode: Action = {
  auth: 'none',
  async run({ deps }, body) {
    const input = parseInput(shape, body)
    const { user } = await authenticate(deps, input.AccessToken)
    const attribute = contactAttribute(input.AttributeName)
    const purpose = VERIFY_PURPOSE[attribute]
    const pending = (await deps.store.getCode(user.poolId, user.sub, purpose))?.pendingValue
    const destination = pending ?? user.attributes[attribute]
    if (!destination) throw errors.invalidParameter(`User does not have the attribute ${attribute}.`)
    const { code, record } = await newCode(deps, user, purpose, pending)
    await deps.store.putCode(record)
    await sendCode(deps, user, 'VERIFY_ATTRIBUTE', code, attribute, destination)
    return {
      CodeDeliveryDetails: deliveryFor({ ...user, attributes: { [attribute]: destination } }, attribute),
    }
  },
}
