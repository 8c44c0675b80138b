import { type Action, requireClient } from '../action.js'
import { checkSecretHash } from '../clients.js'
import { checkCode } from '../codes.js'
import type { UserPoolDeps } from '../deps.js'
import { errors } from '../errors.js'
import { boolean, fields, parseInput, string } from '../input.js'
import { LoginTakenError, type PoolRecord, type UserRecord } from '../store.js'
import { findUser, loginsOf } from '../users.js'

const shape = {
  ClientId: fields.clientId(),
  Username: fields.username(),
  ConfirmationCode: fields.code(),
  SecretHash: fields.secretHash(),
  ForceAliasCreation: boolean(),
  ClientMetadata: fields.metadata(),
  Session: string({ min: 20, max: 2048, sensitive: true }),
}

/** ConfirmSignUp: a correct, unexpired code confirms the user and verifies where it was sent. */
export const confirmSignUp: Action = {
  auth: 'none',
  async run({ deps }, body) {
    const input = parseInput(shape, body)
    const { client, pool } = await requireClient(deps, input.ClientId)
    checkSecretHash(client, input.SecretHash, [input.Username])
    const user = await findUser(deps.store, pool, input.Username)
    if (!user)
      throw client.settings.PreventUserExistenceErrors === 'ENABLED'
        ? errors.codeMismatch()
        : errors.userNotFound()
    if (user.status !== 'UNCONFIRMED') throw errors.notConfirmable(user.status)
    await checkCode(deps, user, 'SIGN_UP', input.ConfirmationCode)
    const verified = pool.settings.AutoVerifiedAttributes?.find((a) => user.attributes[a])
    const confirmed: UserRecord = {
      ...user,
      status: 'CONFIRMED',
      attributes: verified ? { ...user.attributes, [`${verified}_verified`]: 'true' } : user.attributes,
      updatedAt: deps.clock.now(),
    }
    await confirm(deps, pool, user, confirmed)
    return {}
  },
}

/**
 * Saves a newly confirmed user with the aliases that confirmation made usable. An alias already
 * verified on another user is AliasExistsException (aws-semantics.md §5.7).
 */
export async function confirm(
  deps: UserPoolDeps,
  pool: PoolRecord,
  before: UserRecord,
  after: UserRecord,
): Promise<void> {
  const had = new Set(loginsOf(pool, before))
  const addLogins = loginsOf(pool, after).filter((l) => !had.has(l))
  try {
    await deps.store.saveUser(after, { addLogins, deleteCodes: ['SIGN_UP'] })
  } catch (error) {
    if (error instanceof LoginTakenError)
      throw errors.aliasExists(error.login.slice(0, error.login.indexOf(':')))
    throw error
  }
}
