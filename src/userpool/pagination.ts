import type { UserPoolDeps } from './deps.js'
import { errors } from './errors.js'
import { readPageToken, signPageToken } from './install-keys.js'

/**
 * Pagination tokens that cannot be forged or carried elsewhere: the last key seen, bound to the
 * listing it came from (what is listed, the pool, the filter) and authenticated with an HMAC
 * (security.md §3 C61).
 */
export function nextPageToken(deps: UserPoolDeps, scope: readonly string[], last: string): Promise<string> {
  return signPageToken(deps, [...scope, last])
}

/** The key to continue after, or undefined for the first page; a bad token is InvalidParameterException. */
export async function continueAfter(
  deps: UserPoolDeps,
  scope: readonly string[],
  token: string | undefined,
): Promise<string | undefined> {
  if (token === undefined) return undefined
  const payload = await readPageToken(deps, token)
  const last = payload?.at(-1)
  if (
    !payload ||
    last === undefined ||
    payload.length !== scope.length + 1 ||
    scope.some((part, i) => payload[i] !== part)
  )
    throw errors.invalidParameter('Invalid pagination token.')
  return last
}

/** One page of `limit` from `limit + 1` fetched rows, with the token for the next page if any. */
export async function page<T>(
  deps: UserPoolDeps,
  scope: readonly string[],
  rows: readonly T[],
  limit: number,
  keyOf: (row: T) => string,
): Promise<{ items: T[]; next?: string }> {
  const items = rows.slice(0, limit)
  if (rows.length <= limit || items.length === 0) return { items }
  return { items, next: await nextPageToken(deps, scope, keyOf(items.at(-1)!)) }
}
