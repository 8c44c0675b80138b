import { type Action, requirePool, requireUser } from '../action.js'
import { fields, parseInput } from '../input.js'

/** AdminDeleteUser: the user, their logins, codes, tokens and memberships go in one transaction. */
export const adminDeleteUser: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput({ UserPoolId: fields.poolId(), Username: fields.username() }, body)
    const pool = await requirePool(deps, input.UserPoolId)
    const user = await requireUser(deps, pool, input.Username)
    await deps.store.deleteUser(pool.id, user.sub)
    return {}
  },
}
