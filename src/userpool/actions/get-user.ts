import type { Action } from '../action.js'
import { fields, parseInput } from '../input.js'
import { authenticate } from '../sessions.js'
import { attributeList } from '../users.js'

/** GetUser: the caller identified by an access token with the admin scope. */
export const getUser: Action = {
  auth: 'none',
  async run({ deps }, body) {
    const input = parseInput({ AccessToken: fields.accessToken() }, body)
    const { user } = await authenticate(deps, input.AccessToken)
    return { Username: user.username, UserAttributes: attributeList(user.attributes), UserMFASettingList: [] }
  },
}
