import { type Action, requirePool } from '../action.js'
import { errors } from '../errors.js'
import { fields, parseInput } from '../input.js'
import { describeUser, findUser } from '../users.js'

export const adminGetUser: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput({ UserPoolId: fields.poolId(), Username: fields.username() }, body)
    const pool = await requirePool(deps, input.UserPoolId)
    const user = await findUser(deps.store, pool, input.Username)
    if (!user) throw errors.userNotFound()
    const { Username, UserAttributes, UserCreateDate, UserLastModifiedDate, Enabled, UserStatus } =
      describeUser(user)
    return {
      Username,
      UserAttributes,
      UserCreateDate,
      UserLastModifiedDate,
      Enabled,
      UserStatus,
      UserMFASettingList: [],
    }
  },
}
