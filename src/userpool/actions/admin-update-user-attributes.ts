import { type Action, requirePool, requireUser } from '../action.js'
import { updateAttributes } from '../attribute-updates.js'
import { fields, parseInput, required } from '../input.js'
import { attributesFrom } from '../users.js'

const shape = {
  UserPoolId: fields.poolId(),
  Username: fields.username(),
  UserAttributes: required(fields.attributes()),
  ClientMetadata: fields.metadata(),
}

/** AdminUpdateUserAttributes: any attribute, including the verified flags, applied at once. */
export const adminUpdateUserAttributes: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput(shape, body)
    const pool = await requirePool(deps, input.UserPoolId)
    const user = await requireUser(deps, pool, input.Username)
    await updateAttributes(
      deps,
      pool,
      user,
      attributesFrom(pool, input.UserAttributes, { admin: true }),
      'admin',
    )
    return {}
  },
}
