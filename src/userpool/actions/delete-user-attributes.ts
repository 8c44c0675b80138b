import type { Action } from '../action.js'
import { deleteAttributes } from '../attribute-updates.js'
import { checkWritable } from '../clients.js'
import { errors } from '../errors.js'
import { fields, list, parseInput, patterns, required, string } from '../input.js'
import { VERIFIED_FLAGS } from '../schema.js'
import { authenticate } from '../sessions.js'

export const attributeNames = () =>
  required(list(string({ min: 1, max: 32, pattern: patterns.attributeName })))

/** DeleteUserAttributes: the caller's own attributes, within the client's WriteAttributes. */
export const deleteUserAttributes: Action = {
  auth: 'none',
  async run({ deps }, body) {
    const input = parseInput(
      { AccessToken: fields.accessToken(), UserAttributeNames: attributeNames() },
      body,
    )
    const { pool, user, claims } = await authenticate(deps, input.AccessToken)
    if (input.UserAttributeNames.some((name) => VERIFIED_FLAGS.has(name))) throw errors.notAuthorizedWrite()
    const client = await deps.store.getClient(claims.client_id)
    if (client) checkWritable(client, input.UserAttributeNames)
    await deleteAttributes(deps, pool, user, input.UserAttributeNames)
    return {}
  },
}
