/**
 * The standard attributes every pool has (aws-semantics.md §4.3, Cognito developer guide
 * "user-pool-settings-attributes"), as DescribeUserPool reports them.
 */
export interface SchemaAttribute {
  Name: string
  AttributeDataType: 'String' | 'Number' | 'DateTime' | 'Boolean'
  DeveloperOnlyAttribute: boolean
  Mutable: boolean
  Required: boolean
  StringAttributeConstraints?: { MinLength?: string; MaxLength?: string }
  NumberAttributeConstraints?: { MinValue?: string; MaxValue?: string }
}

const STRING_ATTRIBUTES = [
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'profile',
  'picture',
  'website',
  'email',
  'gender',
  'birthdate',
  'zoneinfo',
  'locale',
  'phone_number',
  'address',
]

export const STANDARD_ATTRIBUTE_NAMES: ReadonlySet<string> = new Set([
  'sub',
  ...STRING_ATTRIBUTES,
  'email_verified',
  'phone_number_verified',
  'updated_at',
])

export function standardSchema(required: ReadonlySet<string>): SchemaAttribute[] {
  const string = (name: string): SchemaAttribute => ({
    Name: name,
    AttributeDataType: 'String',
    DeveloperOnlyAttribute: false,
    Mutable: true,
    Required: required.has(name),
    StringAttributeConstraints: { MinLength: '0', MaxLength: '2048' },
  })
  return [
    {
      Name: 'sub',
      AttributeDataType: 'String',
      DeveloperOnlyAttribute: false,
      Mutable: false,
      Required: true,
      StringAttributeConstraints: { MinLength: '1', MaxLength: '2048' },
    },
    ...STRING_ATTRIBUTES.slice(0, 10).map(string),
    bool('email_verified'),
    ...STRING_ATTRIBUTES.slice(10, 14).map(string),
    string('phone_number'),
    bool('phone_number_verified'),
    string('address'),
    {
      Name: 'updated_at',
      AttributeDataType: 'Number',
      DeveloperOnlyAttribute: false,
      Mutable: true,
      Required: false,
      NumberAttributeConstraints: { MinValue: '0' },
    },
  ]
}

function bool(name: string): SchemaAttribute {
  return {
    Name: name,
    AttributeDataType: 'Boolean',
    DeveloperOnlyAttribute: false,
    Mutable: true,
    Required: false,
  }
}

/** Attributes a client may never write, whatever its WriteAttributes say. */
export const READ_ONLY_ATTRIBUTES: ReadonlySet<string> = new Set(['sub'])
export const VERIFIED_FLAGS: ReadonlySet<string> = new Set(['email_verified', 'phone_number_verified'])
