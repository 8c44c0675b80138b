import { CognitoError, errors } from './errors.js'

/**
 * Parsing of untrusted JSON request bodies at the boundary. A member of the wrong JSON type is a
 * `SerializationException` (the service cannot deserialize it); a member of the right type that
 * breaks a constraint is collected, and all of them are reported in one
 * `InvalidParameterException` worded as AWS words it (security.md §3 C items 51–55).
 */
export interface Field<T> {
  readonly required: boolean
  /** Members whose value must never be echoed in an error (passwords, codes, tokens). */
  readonly sensitive: boolean
  parse(value: unknown, path: string, problems: string[]): T
}

export type Shape = Record<string, Field<unknown>>
export type Parsed<S extends Shape> = {
  [K in keyof S]: S[K] extends Field<infer T> ? (S[K]['required'] extends true ? T : T | undefined) : never
}

interface StringRules {
  min?: number
  max?: number
  /** Anchored pattern and the text AWS prints for it. */
  pattern?: [RegExp, string]
  oneOf?: readonly string[]
  sensitive?: boolean
}

export function string(rules: StringRules = {}): Field<string> & { required: false } {
  return {
    required: false,
    sensitive: rules.sensitive ?? false,
    parse(value, path, problems) {
      if (typeof value !== 'string') throw typeMismatch(value, 'String')
      const shown = rules.sensitive ? 'Value' : `Value '${value}'`
      const length = [...value].length
      if (rules.min !== undefined && length < rules.min)
        problems.push(
          `${shown} at '${path}' failed to satisfy constraint: Member must have length greater than or equal to ${rules.min}`,
        )
      if (rules.max !== undefined && length > rules.max)
        problems.push(
          `${shown} at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${rules.max}`,
        )
      if (rules.pattern && length > 0 && !rules.pattern[0].test(value))
        problems.push(
          `${shown} at '${path}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${rules.pattern[1]}`,
        )
      if (rules.oneOf && !rules.oneOf.includes(value))
        problems.push(
          `${shown} at '${path}' failed to satisfy constraint: Member must satisfy enum value set: [${rules.oneOf.join(', ')}]`,
        )
      return value
    },
  }
}

/** A string from a fixed set (an enum in the service model). */
export function choice<const T extends string>(values: readonly T[]): Field<T> & { required: false } {
  const inner = string({ oneOf: values })
  return inner as Field<string> as Field<T> & { required: false }
}

export function boolean(): Field<boolean> & { required: false } {
  return {
    required: false,
    sensitive: false,
    parse(value) {
      if (typeof value !== 'boolean') throw typeMismatch(value, 'Boolean')
      return value
    },
  }
}

export function integer(rules: { min?: number; max?: number } = {}): Field<number> & { required: false } {
  return {
    required: false,
    sensitive: false,
    parse(value, path, problems) {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw typeMismatch(value, 'Integer')
      const n = Math.trunc(value)
      if (rules.min !== undefined && n < rules.min)
        problems.push(
          `Value '${n}' at '${path}' failed to satisfy constraint: Member must have value greater than or equal to ${rules.min}`,
        )
      if (rules.max !== undefined && n > rules.max)
        problems.push(
          `Value '${n}' at '${path}' failed to satisfy constraint: Member must have value less than or equal to ${rules.max}`,
        )
      return n
    },
  }
}

export function list<T>(item: Field<T>, rules: { max?: number } = {}): Field<T[]> & { required: false } {
  return {
    required: false,
    sensitive: false,
    parse(value, path, problems) {
      if (!Array.isArray(value)) throw typeMismatch(value, 'List')
      if (rules.max !== undefined && value.length > rules.max)
        problems.push(
          `Value at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${rules.max}`,
        )
      // AWS numbers list members from 1: 'userAttributes.1.member.value'.
      return value.map((v, i) => item.parse(v, `${path}.${i + 1}.member`, problems))
    },
  }
}

/** A string-to-string map (AuthParameters, ClientMetadata, ChallengeResponses). */
export function stringMap(rules: { maxEntries?: number; sensitive?: boolean } = {}): Field<
  Record<string, string>
> & {
  required: false
} {
  return {
    required: false,
    sensitive: rules.sensitive ?? false,
    parse(value, path, problems) {
      if (!isPlainObject(value)) throw typeMismatch(value, 'Map')
      const out: Record<string, string> = Object.create(null)
      const entries = Object.entries(value)
      if (rules.maxEntries !== undefined && entries.length > rules.maxEntries)
        problems.push(
          `Value at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${rules.maxEntries}`,
        )
      for (const [k, v] of entries) {
        if (typeof v !== 'string') throw typeMismatch(v, 'String')
        out[k] = v
      }
      return out
    },
  }
}

/** A nested structure, parsed with its own shape. */
export function struct<S extends Shape>(shape: S): Field<Parsed<S>> & { required: false } {
  return {
    required: false,
    sensitive: false,
    parse(value, path, problems) {
      if (!isPlainObject(value)) throw typeMismatch(value, 'Structure')
      return parseShape(shape, value, path, problems)
    },
  }
}

export function required<T>(field: Field<T>): Field<T> & { required: true } {
  return { ...field, required: true }
}

/** Parses a request body against a shape; throws the Cognito error AWS would. */
export function parseInput<S extends Shape>(shape: S, body: unknown): Parsed<S> {
  if (!isPlainObject(body)) throw errors.serialization('Start of structure or map found where not expected.')
  const problems: string[] = []
  const parsed = parseShape(shape, body, '', problems)
  if (problems.length > 0) {
    const count =
      problems.length === 1 ? '1 validation error detected' : `${problems.length} validation errors detected`
    throw new CognitoError('InvalidParameterException', `${count}: ${problems.join('; ')}`)
  }
  return parsed
}

function parseShape<S extends Shape>(
  shape: S,
  body: Record<string, unknown>,
  prefix: string,
  problems: string[],
): Parsed<S> {
  const out: Record<string, unknown> = {}
  for (const [name, field] of Object.entries(shape)) {
    const path = prefix + memberPath(name)
    const value = Object.hasOwn(body, name) ? body[name] : undefined
    if (value === undefined || value === null) {
      if (field.required)
        problems.push(`Value null at '${path}' failed to satisfy constraint: Member must not be null`)
      continue
    }
    out[name] = field.parse(value, path, problems)
  }
  return out as Parsed<S>
}

function memberPath(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1)
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function typeMismatch(value: unknown, expected: string): CognitoError {
  if (isPlainObject(value)) return errors.serialization('Start of structure or map found where not expected.')
  if (Array.isArray(value)) return errors.serialization('Start of list found where not expected')
  const found =
    typeof value === 'number'
      ? 'com.amazon.coral.value.json.numbers.TruncatingBigNumber'
      : typeof value === 'boolean'
        ? 'java.lang.Boolean'
        : 'java.lang.String'
  return errors.serialization(`class ${found} can not be converted to an ${expected}`)
}

/** Patterns from the service model (CIDP-M), with the text AWS prints. */
export const patterns = {
  username: [/^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+'],
  clientId: [/^[\w+]+$/, '[\\w+]+'],
  poolId: [/^[\w-]+_[0-9a-zA-Z]+$/, '[\\w-]+_[0-9a-zA-Z]+'],
  password: [/^\S(?:.*\S)?$/su, '^[\\S]+.*[\\S]+$'],
  code: [/^[\S]+$/, '[\\S]+'],
  name: [/^[\w\s+=,.@-]+$/u, '[\\w\\s+=,.@-]+'],
  attributeName: [/^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+'],
} satisfies Record<string, [RegExp, string]>

export const fields = {
  clientId: () => required(string({ min: 1, max: 128, pattern: patterns.clientId, sensitive: true })),
  poolId: () => required(string({ min: 1, max: 55, pattern: patterns.poolId })),
  username: () => required(string({ min: 1, max: 128, pattern: patterns.username, sensitive: true })),
  password: () => string({ min: 1, max: 256, pattern: patterns.password, sensitive: true }),
  secretHash: () => string({ min: 1, max: 128, sensitive: true }),
  code: () => required(string({ min: 1, max: 2048, pattern: patterns.code, sensitive: true })),
  attributes: () =>
    list(
      struct({
        Name: required(string({ min: 1, max: 32, pattern: patterns.attributeName })),
        Value: string({ max: 2048, sensitive: true }),
      }),
    ),
  metadata: () => stringMap(),
  accessToken: () =>
    required(string({ pattern: [/^[A-Za-z0-9-_=.]+$/, '[A-Za-z0-9-_=.]+'], sensitive: true })),
  groupName: () => required(string({ min: 1, max: 128, pattern: patterns.username })),
  limit: () => integer({ min: 0, max: 60 }),
  nextToken: () => string({ min: 1, max: 131072 }),
}
