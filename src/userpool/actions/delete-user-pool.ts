import { type Action, requirePool } from '../action.js'
import { errors } from '../errors.js'
import { fields, parseInput } from '../input.js'

export const deleteUserPool: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const { UserPoolId } = parseInput({ UserPoolId: fields.poolId() }, body)
    const pool = await requirePool(deps, UserPoolId)
    if (pool.settings.DeletionProtection === 'ACTIVE')
      throw errors.invalidParameter(
        'The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.',
      )
    await deps.store.deletePool(pool.id)
    return {}
  },
}
