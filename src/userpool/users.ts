import { errors } from './errors.js'
import { isAlias, isUsernameAttribute } from './pools.js'
import { STANDARD_ATTRIBUTE_NAMES, VERIFIED_FLAGS } from './schema.js'
import {
  LoginTakenError,
  type PoolRecord,
  type UserChanges,
  type UserRecord,
  type UserStatus,
  type UserPoolStore as UserStore,
} from './store.js'

/**
 * Canonical form of a user identifier, the key of the unique index: NFKC (so composed and
 * decomposed accents and full-width forms are one name), then lower case when the pool is
 * case-insensitive (security.md §3 C56; Cognito CaseSensitive=false covers username, email and
 * preferred_username). Homoglyphs from other scripts are deliberately not merged.
 */
export function canonical(pool: PoolRecord, value: string): string {
  const normalized = value.normalize('NFKC')
  return pool.settings.UsernameConfiguration.CaseSensitive
    ? normalized
    : normalized.toLowerCase().normalize('NFKC')
}

export const login = {
  username: (pool: PoolRecord, name: string) => `username:${canonical(pool, name)}`,
  email: (pool: PoolRecord, email: string) => `email:${canonical(pool, email)}`,
  phone: (_pool: PoolRecord, phone: string) => `phone_number:${phone}`,
  preferredUsername: (pool: PoolRecord, name: string) => `preferred_username:${canonical(pool, name)}`,
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/u
const PHONE = /^\+[0-9]{4,15}$/

export function looksLikeEmail(value: string): boolean {
  return EMAIL.test(value)
}

/**
 * Finds the user a sign-in identifier names: the username, or a sign-in alias (email, phone,
 * preferred_username) when the pool uses it. Aliases only count once verified, except where the
 * attribute is the pool's username attribute (then it was unique from sign-up on).
 */
export async function findUser(
  store: UserStore,
  pool: PoolRecord,
  identifier: string,
): Promise<UserRecord | undefined> {
  const byName = await store.findUserByLogin(pool.id, login.username(pool, identifier))
  if (byName) return byName
  if ((isUsernameAttribute(pool, 'email') || isAlias(pool, 'email')) && identifier.includes('@'))
    return store.findUserByLogin(pool.id, login.email(pool, identifier))
  if (
    (isUsernameAttribute(pool, 'phone_number') || isAlias(pool, 'phone_number')) &&
    identifier.startsWith('+')
  )
    return store.findUserByLogin(pool.id, login.phone(pool, identifier))
  if (isAlias(pool, 'preferred_username'))
    return store.findUserByLogin(pool.id, login.preferredUsername(pool, identifier))
  return undefined
}

/** The login keys a user holds given their attributes and the pool's settings. */
export function loginsOf(pool: PoolRecord, user: Pick<UserRecord, 'username' | 'attributes'>): string[] {
  const keys = [login.username(pool, user.username)]
  const a = user.attributes
  if (
    a.email &&
    (isUsernameAttribute(pool, 'email') || (isAlias(pool, 'email') && a.email_verified === 'true'))
  )
    keys.push(login.email(pool, a.email))
  if (
    a.phone_number &&
    (isUsernameAttribute(pool, 'phone_number') ||
      (isAlias(pool, 'phone_number') && a.phone_number_verified === 'true'))
  )
    keys.push(login.phone(pool, a.phone_number))
  if (a.preferred_username && isAlias(pool, 'preferred_username'))
    keys.push(login.preferredUsername(pool, a.preferred_username))
  return keys
}

/**
 * Validates user-supplied attributes against the pool schema and returns them as a map.
 * `sub` and the verified flags cannot be written by clients (security.md §3 C58).
 */
export function attributesFrom(
  pool: PoolRecord,
  list: ReadonlyArray<{ Name: string; Value?: string | undefined }> | undefined,
  options: { admin: boolean },
): Record<string, string> {
  const custom = new Set(
    pool.settings.SchemaAttributes.filter((a) => a.Name.startsWith('custom:')).map((a) => a.Name),
  )
  const out: Record<string, string> = {}
  for (const { Name, Value } of list ?? []) {
    if (Name === 'sub' || (!options.admin && VERIFIED_FLAGS.has(Name)))
      throw errors.invalidParameter(`Cannot modify the non-mutable attribute ${Name}`)
    if (!STANDARD_ATTRIBUTE_NAMES.has(Name) && !custom.has(Name))
      throw errors.invalidParameter(
        `Attributes did not conform to the schema: Type for attribute {${Name}} could not be determined`,
      )
    const value = Value ?? ''
    if (Name === 'email' && value !== '' && !looksLikeEmail(value))
      throw errors.invalidParameter('Invalid email address format.')
    if (Name === 'phone_number' && value !== '' && !PHONE.test(value))
      throw errors.invalidParameter('Invalid phone number format.')
    if (VERIFIED_FLAGS.has(Name) && value !== 'true' && value !== 'false')
      throw errors.invalidParameter(`Invalid value for ${Name}: must be true or false.`)
    out[Name] = value
  }
  return out
}

export function checkRequiredAttributes(pool: PoolRecord, attributes: Record<string, string>): void {
  const missing = pool.settings.SchemaAttributes.filter(
    (a) => a.Required && a.Name !== 'sub' && !attributes[a.Name],
  )
  if (missing.length > 0)
    throw errors.invalidParameter(
      `Attributes did not conform to the schema: ${missing.map((a) => `${a.Name}: The attribute ${a.Name} is required`).join(', ')}`,
    )
}

/** `[{Name, Value}]`, with `sub` first, as Cognito lists attributes. */
export function attributeList(attributes: Record<string, string>): Array<{ Name: string; Value: string }> {
  const names = Object.keys(attributes).sort((a, b) => (a === 'sub' ? -1 : b === 'sub' ? 1 : 0))
  return names.map((Name) => ({ Name, Value: attributes[Name]! }))
}

/**
 * UserType, as AdminCreateUser, ListUsers and ListUsersInGroup return it (`Attributes`, not
 * `UserAttributes`); `only` restricts the attributes (ListUsers AttributesToGet).
 */
export function userType(user: UserRecord, only?: readonly string[]): Record<string, unknown> {
  const attributes = only
    ? Object.fromEntries(Object.entries(user.attributes).filter(([name]) => only.includes(name)))
    : user.attributes
  return {
    Username: user.username,
    Attributes: attributeList(attributes),
    UserCreateDate: user.createdAt / 1000,
    UserLastModifiedDate: user.updatedAt / 1000,
    Enabled: user.enabled,
    UserStatus: user.status,
  }
}

export function describeUser(user: UserRecord): Record<string, unknown> {
  return {
    Username: user.username,
    UserAttributes: attributeList(user.attributes),
    UserCreateDate: user.createdAt / 1000,
    UserLastModifiedDate: user.updatedAt / 1000,
    Enabled: user.enabled,
    UserStatus: user.status satisfies UserStatus,
  }
}

/** Masks a delivery destination as Cognito does: `a***@e***` or `+*******1234`. */
export function maskDestination(medium: 'EMAIL' | 'SMS', destination: string): string {
  if (medium === 'SMS') return `+${'*'.repeat(Math.max(0, destination.length - 5))}${destination.slice(-4)}`
  const [local = '', domain = ''] = destination.split('@')
  const dot = domain.lastIndexOf('.')
  return `${local.charAt(0)}***@${domain.charAt(0)}***${dot > 0 ? domain.slice(dot) : ''}`
}

/**
 * Saves a user whose attributes changed, with the login keys that change implies, in one
 * transaction. A login another user holds is AliasExistsException (aws-semantics.md §5.7).
 */
export async function saveUserChanges(
  store: UserStore,
  pool: PoolRecord,
  before: UserRecord,
  after: UserRecord,
  changes: Omit<UserChanges, 'addLogins' | 'removeLogins'> = {},
): Promise<void> {
  const had = new Set(loginsOf(pool, before))
  const has = new Set(loginsOf(pool, after))
  try {
    await store.saveUser(after, {
      ...changes,
      addLogins: [...has].filter((l) => !had.has(l)),
      removeLogins: [...had].filter((l) => !has.has(l)),
    })
  } catch (error) {
    if (error instanceof LoginTakenError)
      throw errors.aliasExists(error.login.slice(0, error.login.indexOf(':')))
    throw error
  }
}

/**
 * The username a new user gets (aws-semantics.md §5.7). In email- or phone-as-username pools the
 * name given must be an email (phone) and is stored as that attribute, and the username is a
 * UUID equal to `sub`; with email (phone) aliases the username must not look like one.
 */
export function usernameFor(
  pool: PoolRecord,
  given: string,
  attributes: Record<string, string>,
  sub: string,
): string {
  const email = isUsernameAttribute(pool, 'email')
  const phone = isUsernameAttribute(pool, 'phone_number')
  if (email || phone) {
    if (email && looksLikeEmail(given)) attributes.email = given
    else if (phone && PHONE.test(given)) attributes.phone_number = given
    else
      throw errors.invalidParameter(
        email && phone
          ? 'Username should be either an email or a phone number.'
          : email
            ? 'Username should be an email.'
            : 'Username should be a phone number.',
      )
    return sub
  }
  if (isAlias(pool, 'email') && looksLikeEmail(given))
    throw errors.invalidParameter(
      'Username cannot be of email format, since user pool is configured for email alias.',
    )
  if (isAlias(pool, 'phone_number') && PHONE.test(given))
    throw errors.invalidParameter(
      'Username cannot be of phone number format, since user pool is configured for phone_number alias.',
    )
  return given
}
