import type { UserRecord } from './store.js'

/**
 * What ListUsers can filter on (aws-semantics.md §5.8): a few standard attributes plus the
 * username, the account status and the enabled flag. Custom attributes are not searchable.
 */
export const SEARCHABLE_ATTRIBUTES: ReadonlySet<string> = new Set([
  'username',
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'cognito:user_status',
  'status',
  'sub',
])

/** The searchable values a user holds; the store indexes them on every write of the user. */
export function searchValues(user: UserRecord): Array<{ attribute: string; value: string }> {
  const values = [
    { attribute: 'username', value: user.username },
    { attribute: 'cognito:user_status', value: user.status },
    { attribute: 'status', value: user.enabled ? 'Enabled' : 'Disabled' },
    { attribute: 'sub', value: user.sub },
  ]
  for (const attribute of SEARCHABLE_ATTRIBUTES) {
    const value = user.attributes[attribute]
    if (value !== undefined && attribute !== 'sub') values.push({ attribute, value })
  }
  return values
}

/** The form case-insensitive comparisons use: NFKC, then lower case (as `canonical` in users.ts). */
export function foldSearchValue(value: string): string {
  return value.normalize('NFKC').toLowerCase().normalize('NFKC')
}
