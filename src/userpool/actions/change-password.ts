import type { Action } from '../action.js'
import { passwordCredentials } from '../credentials.js'
import { errors } from '../errors.js'
import { fields, parseInput, required } from '../input.js'
import { clearFailures, lockKey } from '../lockout.js'
import { checkPasswordPolicy } from '../passwords.js'
import { authenticate } from '../sessions.js'
import { guardPasswordCheck } from '../sign-in.js'

const shape = {
  AccessToken: fields.accessToken(),
  PreviousPassword: fields.password(),
  ProposedPassword: required(fields.password()),
}

/**
 * ChangePassword: the signed-in user proves the current password (one argon2 verify, under the
 * same lockout as sign-in) and sets a new one that meets the policy; a wrong previous password is
 * "Incorrect username or password." (aws-semantics.md §5.5).
 */
export const changePassword: Action = {
  auth: 'none',
  async run(ctx, body) {
    const { deps } = ctx
    const input = parseInput(shape, body)
    const { pool, user } = await authenticate(deps, input.AccessToken)
    if (input.PreviousPassword === undefined) throw errors.missingParameter('PreviousPassword')
    checkPasswordPolicy(pool.settings.Policies.PasswordPolicy, input.ProposedPassword)
    const check = await guardPasswordCheck(ctx, pool, lockKey(pool, user, user.username))
    let ok = false
    if (user.passwordHash) ok = await deps.hasher.verify(user.passwordHash, input.PreviousPassword)
    else await deps.hasher.verifyDummy(input.PreviousPassword)
    if (!ok) {
      check.failed()
      throw errors.incorrectCredentials()
    }
    check.passed()
    await clearFailures(deps, pool, check.key)
    await deps.store.saveUser({
      ...user,
      ...(await passwordCredentials(deps, user, input.ProposedPassword)),
      updatedAt: deps.clock.now(),
    })
    return {}
  },
}
