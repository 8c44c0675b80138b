import { type Action, requirePool, requireUser } from '../action.js'
import { fields, parseInput } from '../input.js'

/**
 * AdminDisableUser: the user can no longer sign in or refresh ("User is disabled."), and their
 * tokens are revoked (CIDP-M: "Deactivates a user and revokes all access tokens for the user").
 */
export const adminDisableUser: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput({ UserPoolId: fields.poolId(), Username: fields.username() }, body)
    const pool = await requirePool(deps, input.UserPoolId)
    const user = await requireUser(deps, pool, input.Username)
    const now = deps.clock.now()
    await deps.store.saveUser(
      { ...user, enabled: false, signedOutAt: now, updatedAt: now },
      { revokeTokensAt: now },
    )
    return {}
  },
}
