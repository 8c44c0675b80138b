import type { Action } from '../action.js'
import { errors } from '../errors.js'
import { parseInput, required, string } from '../input.js'
import { verifyAccessToken } from '../sessions.js'
import { attributeList } from '../users.js'

/** GetUser: the caller identified by an access token with the admin scope. */
export const getUser: Action = {
  auth: 'none',
  async run({ deps }, body) {
    const input = parseInput(
      {
        AccessToken: required(
          string({ pattern: [/^[A-Za-z0-9-_=.]+$/, '[A-Za-z0-9-_=.]+'], sensitive: true }),
        ),
      },
      body,
    )
    const { pool, claims } = await verifyAccessToken(deps, input.AccessToken)
    const user = await deps.store.getUser(pool.id, claims.sub)
    if (!user) throw errors.userNotFound()
    if (!user.enabled) throw errors.userDisabled()
    return { Username: user.username, UserAttributes: attributeList(user.attributes), UserMFASettingList: [] }
  },
}
