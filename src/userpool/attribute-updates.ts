import { deliveryFor, newCode, sendCode } from './codes.js'
import type { UserPoolDeps } from './deps.js'
import { errors } from './errors.js'
import type { CodeDeliveryDetails } from './messages.js'
import { isUsernameAttribute } from './pools.js'
import type { CodePurpose, CodeRecord, PoolRecord, UserRecord } from './store.js'
import { saveUserChanges } from './users.js'

type Contact = 'email' | 'phone_number'
const CONTACTS: readonly Contact[] = ['email', 'phone_number']

export const VERIFY_PURPOSE: Record<Contact, CodePurpose> = {
  email: 'VERIFY_EMAIL',
  phone_number: 'VERIFY_PHONE_NUMBER',
}

/** The attribute a verification names, or InvalidParameterException for any other. */
export function contactAttribute(name: string): Contact {
  if (name === 'email' || name === 'phone_number') return name
  throw errors.invalidParameter(
    `Invalid attribute name ${name}: only email and phone_number can be verified.`,
  )
}

interface PendingCode {
  attribute: Contact
  destination: string
  code: string
  record: CodeRecord
}

/**
 * Applies attribute values and saves them with their login changes. When a contact attribute
 * the pool verifies changes, a code goes to the new value. For the user's own update of a verified
 * address the old value stays current (and stays the sign-in alias) until the new one is verified
 * with VerifyUserAttribute; the new value waits in the code (Cognito's "keep original attribute
 * value active when an update is pending"). An administrator's update applies at once.
 */
export async function updateAttributes(
  deps: UserPoolDeps,
  pool: PoolRecord,
  user: UserRecord,
  given: Record<string, string>,
  by: 'user' | 'admin',
): Promise<CodeDeliveryDetails[]> {
  const attributes = { ...user.attributes, ...given }
  const pending: PendingCode[] = []
  for (const attribute of CONTACTS) {
    const value = given[attribute]
    if (value === undefined || value === user.attributes[attribute]) continue
    const verifiedFlag = `${attribute}_verified`
    const verifies = pool.settings.AutoVerifiedAttributes?.includes(attribute) ?? false
    const keepCurrent =
      by === 'user' &&
      verifies &&
      user.attributes[verifiedFlag] === 'true' &&
      !isUsernameAttribute(pool, attribute)
    if (keepCurrent) attributes[attribute] = user.attributes[attribute]!
    else if (by === 'user' || given[verifiedFlag] === undefined) attributes[verifiedFlag] = 'false'
    if ((verifies && attributes[verifiedFlag] !== 'true') || keepCurrent) {
      const { code, record } = await newCode(
        deps,
        user,
        VERIFY_PURPOSE[attribute],
        keepCurrent ? value : undefined,
      )
      pending.push({ attribute, destination: value, code, record })
    }
  }
  const updated = { ...user, attributes, updatedAt: deps.clock.now() }
  const superseded = CONTACTS.filter((a) => given[a] !== undefined && !pending.some((p) => p.attribute === a))
  await saveUserChanges(deps.store, pool, user, updated, {
    putCodes: pending.map((p) => p.record),
    deleteCodes: superseded.map((a) => VERIFY_PURPOSE[a]),
  })
  const deliveries: CodeDeliveryDetails[] = []
  for (const p of pending) {
    await sendCode(deps, updated, 'VERIFY_ATTRIBUTE', p.code, p.attribute, p.destination)
    const delivery = deliveryFor({ ...updated, attributes: { [p.attribute]: p.destination } }, p.attribute)
    if (delivery) deliveries.push(delivery)
  }
  return deliveries
}

/**
 * Removes attributes. `sub`, required attributes and the attribute that is the username cannot
 * go; removing a contact attribute removes its verified flag and any pending code with it.
 */
export async function deleteAttributes(
  deps: UserPoolDeps,
  pool: PoolRecord,
  user: UserRecord,
  names: readonly string[],
): Promise<void> {
  const known = new Set(pool.settings.SchemaAttributes.map((a) => a.Name))
  const required = new Set(pool.settings.SchemaAttributes.filter((a) => a.Required).map((a) => a.Name))
  const attributes = { ...user.attributes }
  const codes: CodePurpose[] = []
  for (const name of names) {
    if (!known.has(name))
      throw errors.invalidParameter(
        `Attributes did not conform to the schema: Type for attribute {${name}} could not be determined`,
      )
    if (name === 'sub' || required.has(name) || isUsernameAttribute(pool, name as Contact))
      throw errors.invalidParameter(`Cannot delete the required attribute ${name}.`)
    delete attributes[name]
    if (name === 'email' || name === 'phone_number') {
      delete attributes[`${name}_verified`]
      codes.push(VERIFY_PURPOSE[name])
    }
  }
  await saveUserChanges(
    deps.store,
    pool,
    user,
    { ...user, attributes, updatedAt: deps.clock.now() },
    { deleteCodes: codes },
  )
}
