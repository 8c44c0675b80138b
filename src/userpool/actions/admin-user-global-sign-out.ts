import { type Action, requirePool, requireUser } from '../action.js'
import { fields, parseInput } from '../input.js'

/** AdminUserGlobalSignOut: as GlobalSignOut, for a user named by an administrator. */
export const adminUserGlobalSignOut: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput({ UserPoolId: fields.poolId(), Username: fields.username() }, body)
    const pool = await requirePool(deps, input.UserPoolId)
    const user = await requireUser(deps, pool, input.Username)
    await deps.store.signOutUser(pool.id, user.sub, deps.clock.now())
    return {}
  },
}
