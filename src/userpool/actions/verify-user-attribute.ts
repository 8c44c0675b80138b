import type { Action } from '../action.js'
import { contactAttribute, VERIFY_PURPOSE } from '../attribute-updates.js'
import { checkCode } from '../codes.js'
import { fields, parseInput, patterns, required, string } from '../input.js'
import { authenticate } from '../sessions.js'
import { saveUserChanges } from '../users.js'

const shape = {
  AccessToken: fields.accessToken(),
  AttributeName: required(string({ min: 1, max: 32, pattern: patterns.attributeName })),
  Code: fields.code(),
}

/**
 * VerifyUserAttribute: a right code marks the address verified; a pending new address becomes the
 * current one, and with it the sign-in alias (AliasExistsException if another user holds it).
 */
export const verifyUserAttribute: Action = {
  auth: 'none',
  async run({ deps }, body) {
    const input = parseInput(shape, body)
    const { pool, user } = await authenticate(deps, input.AccessToken)
    const attribute = contactAttribute(input.AttributeName)
    const purpose = VERIFY_PURPOSE[attribute]
    const record = await checkCode(deps, user, purpose, input.Code)
    const value = record.pendingValue ?? user.attributes[attribute]
    const attributes = { ...user.attributes, [`${attribute}_verified`]: 'true' }
    if (value !== undefined) attributes[attribute] = value
    await saveUserChanges(
      deps.store,
      pool,
      user,
      { ...user, attributes, updatedAt: deps.clock.now() },
      {
        deleteCodes: [purpose],
      },
    )
    return {}
  },
}
