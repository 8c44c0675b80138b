import { ALNUM, type Random, randomString } from '../core/index.js'
import { errors } from './errors.js'
import { boolean, choice, integer, list, required, string, struct } from './input.js'
import { type SchemaAttribute, STANDARD_ATTRIBUTE_NAMES, standardSchema } from './schema.js'
import type { PoolRecord } from './store.js'

export interface PasswordPolicy {
  MinimumLength: number
  RequireUppercase: boolean
  RequireLowercase: boolean
  RequireNumbers: boolean
  RequireSymbols: boolean
  TemporaryPasswordValidityDays: number
}

/** What a pool keeps of CreateUserPool/UpdateUserPool; DescribeUserPool echoes it back. */
export interface PoolSettings {
  Policies: { PasswordPolicy: PasswordPolicy }
  UsernameAttributes?: Array<'email' | 'phone_number'>
  AliasAttributes?: Array<'email' | 'phone_number' | 'preferred_username'>
  AutoVerifiedAttributes?: Array<'email' | 'phone_number'>
  UsernameConfiguration: { CaseSensitive: boolean }
  SchemaAttributes: SchemaAttribute[]
  AdminCreateUserConfig: { AllowAdminCreateUserOnly: boolean; UnusedAccountValidityDays: number }
  MfaConfiguration: 'OFF' | 'ON' | 'OPTIONAL'
  DeletionProtection: 'ACTIVE' | 'INACTIVE'
  UserPoolTags?: Record<string, string>
}

/** CDK and console default; also what CreateUserPool applies when Policies is omitted (§5.6). */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
}

const ATTR_ENUM = ['email', 'phone_number'] as const
const ALIAS_ENUM = ['email', 'phone_number', 'preferred_username'] as const

export const poolSettingsShape = {
  Policies: struct({
    PasswordPolicy: struct({
      MinimumLength: integer({ min: 6, max: 99 }),
      RequireUppercase: boolean(),
      RequireLowercase: boolean(),
      RequireNumbers: boolean(),
      RequireSymbols: boolean(),
      PasswordHistorySize: integer({ min: 0, max: 24 }),
      TemporaryPasswordValidityDays: integer({ min: 0, max: 365 }),
    }),
  }),
  UsernameAttributes: list(choice(ATTR_ENUM)),
  AliasAttributes: list(choice(ALIAS_ENUM)),
  AutoVerifiedAttributes: list(choice(ATTR_ENUM)),
  UsernameConfiguration: struct({ CaseSensitive: required(boolean()) }),
  Schema: list(
    struct({
      Name: string({ min: 1, max: 20 }),
      AttributeDataType: choice(['String', 'Number', 'DateTime', 'Boolean']),
      DeveloperOnlyAttribute: boolean(),
      Mutable: boolean(),
      Required: boolean(),
      StringAttributeConstraints: struct({ MinLength: string(), MaxLength: string() }),
      NumberAttributeConstraints: struct({ MinValue: string(), MaxValue: string() }),
    }),
    { max: 50 },
  ),
  AdminCreateUserConfig: struct({
    AllowAdminCreateUserOnly: boolean(),
    UnusedAccountValidityDays: integer({ min: 0, max: 365 }),
  }),
  MfaConfiguration: choice(['OFF', 'ON', 'OPTIONAL']),
  DeletionProtection: choice(['ACTIVE', 'INACTIVE']),
}

type SettingsInput = {
  Policies?: { PasswordPolicy?: Partial<PasswordPolicy> | undefined } | undefined
  UsernameAttributes?: string[] | undefined
  AliasAttributes?: string[] | undefined
  AutoVerifiedAttributes?: string[] | undefined
  UsernameConfiguration?: { CaseSensitive: boolean } | undefined
  Schema?: Array<Partial<SchemaAttribute> & { Name?: string | undefined }> | undefined
  AdminCreateUserConfig?:
    | { AllowAdminCreateUserOnly?: boolean | undefined; UnusedAccountValidityDays?: number | undefined }
    | undefined
  MfaConfiguration?: string | undefined
  DeletionProtection?: string | undefined
}

/** Builds a pool's settings from CreateUserPool input, applying AWS's defaults and rules. */
export function poolSettingsFrom(input: SettingsInput, tags?: Record<string, string>): PoolSettings {
  if (input.UsernameAttributes?.length && input.AliasAttributes?.length)
    throw errors.invalidParameter(
      'Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.',
    )
  const policy = { ...DEFAULT_PASSWORD_POLICY, ...definedOnly(input.Policies?.PasswordPolicy ?? {}) }
  if (policy.TemporaryPasswordValidityDays === 0) policy.TemporaryPasswordValidityDays = 7
  const required = new Set<string>()
  const custom: SchemaAttribute[] = []
  for (const attr of input.Schema ?? []) {
    const name = attr.Name ?? ''
    if (STANDARD_ATTRIBUTE_NAMES.has(name)) {
      if (attr.Required) required.add(name)
      continue
    }
    if (!/^[\w]+$/.test(name)) throw errors.invalidParameter(`Invalid custom attribute name: ${name}`)
    custom.push({
      Name: `custom:${name}`,
      AttributeDataType: attr.AttributeDataType ?? 'String',
      DeveloperOnlyAttribute: attr.DeveloperOnlyAttribute ?? false,
      Mutable: attr.Mutable ?? true,
      Required: false,
      ...(attr.AttributeDataType === 'Number'
        ? { NumberAttributeConstraints: attr.NumberAttributeConstraints ?? {} }
        : { StringAttributeConstraints: attr.StringAttributeConstraints ?? { MaxLength: '2048' } }),
    })
    if (attr.Required)
      throw errors.invalidParameter('Required custom attributes are not supported currently.')
  }
  return {
    Policies: { PasswordPolicy: policy },
    ...(input.UsernameAttributes?.length
      ? { UsernameAttributes: unique(input.UsernameAttributes) as PoolSettings['UsernameAttributes'] }
      : {}),
    ...(input.AliasAttributes?.length
      ? { AliasAttributes: unique(input.AliasAttributes) as PoolSettings['AliasAttributes'] }
      : {}),
    ...(input.AutoVerifiedAttributes?.length
      ? {
          AutoVerifiedAttributes: unique(
            input.AutoVerifiedAttributes,
          ) as PoolSettings['AutoVerifiedAttributes'],
        }
      : {}),
    // CreateUserPool without UsernameConfiguration is case-sensitive (aws-semantics.md §5.7).
    UsernameConfiguration: { CaseSensitive: input.UsernameConfiguration?.CaseSensitive ?? true },
    SchemaAttributes: [...standardSchema(required), ...custom],
    AdminCreateUserConfig: {
      AllowAdminCreateUserOnly: input.AdminCreateUserConfig?.AllowAdminCreateUserOnly ?? false,
      UnusedAccountValidityDays: input.AdminCreateUserConfig?.UnusedAccountValidityDays ?? 7,
    },
    MfaConfiguration: (input.MfaConfiguration as PoolSettings['MfaConfiguration'] | undefined) ?? 'OFF',
    DeletionProtection:
      (input.DeletionProtection as PoolSettings['DeletionProtection'] | undefined) ?? 'INACTIVE',
    ...(tags ? { UserPoolTags: tags } : {}),
  }
}

/** Pool ids look like AWS's: `<region>_<9 alphanumerics>` (Amplify and aws-jwt-verify check it). */
export function newPoolId(region: string, random: Random): string {
  return `${region}_${randomString(random, ALNUM, 9)}`
}

/** The part of the pool id after `_`: Cognito's SRP "pool name". */
export function poolShortName(poolId: string): string {
  return poolId.slice(poolId.indexOf('_') + 1)
}

export function regionOf(poolId: string): string {
  return poolId.slice(0, poolId.indexOf('_'))
}

export function describePool(
  pool: PoolRecord,
  estimatedUsers: number,
  accountId: string,
): Record<string, unknown> {
  return {
    Id: pool.id,
    Name: pool.name,
    Arn: `arn:aws:cognito-idp:${regionOf(pool.id)}:${accountId}:userpool/${pool.id}`,
    ...pool.settings,
    LambdaConfig: {},
    EstimatedNumberOfUsers: estimatedUsers,
    Status: 'Enabled',
    UserPoolTier: 'ESSENTIALS',
    CreationDate: pool.createdAt / 1000,
    LastModifiedDate: pool.updatedAt / 1000,
  }
}

/** True when `email` (or `phone_number`) identifies users instead of a chosen username. */
export function isUsernameAttribute(pool: PoolRecord, attribute: 'email' | 'phone_number'): boolean {
  return pool.settings.UsernameAttributes?.includes(attribute) ?? false
}

export function isAlias(
  pool: PoolRecord,
  attribute: 'email' | 'phone_number' | 'preferred_username',
): boolean {
  return pool.settings.AliasAttributes?.includes(attribute) ?? false
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)]
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
