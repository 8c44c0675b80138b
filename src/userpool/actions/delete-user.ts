import type { Action } from '../action.js'
import { fields, parseInput } from '../input.js'
import { authenticate } from '../sessions.js'

/** DeleteUser: the caller deletes themselves, with everything that belongs to them. */
export const deleteUser: Action = {
  auth: 'none',
  async run({ deps }, body) {
    const input = parseInput({ AccessToken: fields.accessToken() }, body)
    const { pool, user } = await authenticate(deps, input.AccessToken)
    await deps.store.deleteUser(pool.id, user.sub)
    return {}
  },
}
