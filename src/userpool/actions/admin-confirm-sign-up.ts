import { type Action, requirePool } from '../action.js'
import { errors } from '../errors.js'
import { fields, parseInput } from '../input.js'
import { findUser } from '../users.js'
import { confirm } from './confirm-sign-up.js'

const shape = { UserPoolId: fields.poolId(), Username: fields.username(), ClientMetadata: fields.metadata() }

/** AdminConfirmSignUp confirms without a code and verifies no attribute (seed 000's ID token shows email_verified: false). */
export const adminConfirmSignUp: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput(shape, body)
    const pool = await requirePool(deps, input.UserPoolId)
    const user = await findUser(deps.store, pool, input.Username)
    if (!user) throw errors.userNotFound()
    if (user.status !== 'UNCONFIRMED') throw errors.notConfirmable(user.status)
    await confirm(deps, pool, user, { ...user, status: 'CONFIRMED', updatedAt: deps.clock.now() })
    return {}
  },
}
