import { type Action, requirePool } from '../action.js'
import { errors } from '../errors.js'
import { parseUserFilter } from '../filter.js'
import { fields, list, parseInput, patterns, string } from '../input.js'
import { continueAfter, page } from '../pagination.js'
import type { PoolRecord } from '../store.js'
import { userType } from '../users.js'

const shape = {
  UserPoolId: fields.poolId(),
  AttributesToGet: list(string({ min: 1, max: 32, pattern: patterns.attributeName })),
  Limit: fields.limit(),
  PaginationToken: fields.nextToken(),
  Filter: string({ max: 256 }),
}

/**
 * ListUsers (aws-semantics.md §5.8): one optional filter, `Limit` 0–60 (0 or none means 60),
 * a PaginationToken that only continues the same listing of the same pool (security.md §3 C61).
 */
export const listUsers: Action = {
  auth: 'iam',
  async run({ deps }, body) {
    const input = parseInput(shape, body)
    const pool = await requirePool(deps, input.UserPoolId)
    const filter = parseUserFilter(input.Filter ?? '')
    if (input.AttributesToGet) checkAttributeNames(pool, input.AttributesToGet)
    const limit = input.Limit || 60
    const scope = ['users', pool.id, input.Filter ?? '']
    const after = await continueAfter(deps, scope, input.PaginationToken)
    const users = await deps.store.listUsers(pool.id, {
      limit: limit + 1,
      ...(after !== undefined ? { after } : {}),
      ...(filter ? { filter: { ...filter, folded: folded(pool, filter.attribute) } } : {}),
    })
    const { items, next } = await page(deps, scope, users, limit, (u) => u.sub)
    return {
      Users: items.map((u) => userType(u, input.AttributesToGet)),
      ...(next ? { PaginationToken: next } : {}),
    }
  },
}

/**
 * Which searches ignore case: `cognito:user_status` always; the username, email and
 * preferred_username when the pool is case-insensitive (as sign-in treats them).
 */
function folded(pool: PoolRecord, attribute: string): boolean {
  if (attribute === 'cognito:user_status') return true
  const insensitive = !pool.settings.UsernameConfiguration.CaseSensitive
  return insensitive && ['username', 'email', 'preferred_username'].includes(attribute)
}

function checkAttributeNames(pool: PoolRecord, names: readonly string[]): void {
  const known = new Set(pool.settings.SchemaAttributes.map((a) => a.Name))
  for (const name of names)
    if (!known.has(name))
      throw errors.invalidParameter(`One or more requested attributes do not exist: ${name}`)
}
