import type { Action } from '../action.js'
import { fields, parseInput } from '../input.js'
import { authenticate } from '../sessions.js'

/**
 * GlobalSignOut: every refresh token of the user stops working at once, and access tokens issued
 * before are refused by this pool's APIs with "Access Token has been revoked" (CIDP-M).
 */
export const globalSignOut: Action = {
  auth: 'none',
  async run({ deps }, body) {
    const input = parseInput({ AccessToken: fields.accessToken() }, body)
    const { pool, user } = await authenticate(deps, input.AccessToken)
    await deps.store.signOutUser(pool.id, user.sub, deps.clock.now())
    return {}
  },
}
