import { type Action, requirePool, requireUser } from '../action.js'
import { deleteAttributes } from '../attribute-updates.js'
import { fields, parseInput } from '../input.js'
import { attributeNames } from './delete-user-attributes.js'

export const adminDeleteUserAttributes: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput(
      { UserPoolId: fields.poolId(), Username: fields.username(), UserAttributeNames: attributeNames() },
      body,
    )
    const pool = await requirePool(deps, input.UserPoolId)
    const user = await requireUser(deps, pool, input.Username)
    await deleteAttributes(deps, pool, user, input.UserAttributeNames)
    return {}
  },
}
