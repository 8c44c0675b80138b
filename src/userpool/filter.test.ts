import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CognitoError } from './errors.js'
import { parseUserFilter } from './filter.js'

test('the documented forms parse to one literal comparison', () => {
  const cases: Array<[string, ReturnType<typeof parseUserFilter>]> = [
    ['', undefined],
    ['   ', undefined],
    ['email ^= "testuser"', { attribute: 'email', prefix: true, value: 'testuser' }],
    ['family_name = "Reddy"', { attribute: 'family_name', prefix: false, value: 'Reddy' }],
    ['"email"^="testuser"', { attribute: 'email', prefix: true, value: 'testuser' }],
    [
      'cognito:user_status = "CONFIRMED"',
      { attribute: 'cognito:user_status', prefix: false, value: 'CONFIRMED' },
    ],
    ['name = "say \\"hi\\""', { attribute: 'name', prefix: false, value: 'say "hi"' }],
    ['name = "\\\\"', { attribute: 'name', prefix: false, value: '\\' }],
    ['email = "a\\" OR \\"1\\"=\\"1"', { attribute: 'email', prefix: false, value: 'a" OR "1"="1' }],
    ['email = "\' OR 1=1 --"', { attribute: 'email', prefix: false, value: "' OR 1=1 --" }],
    ['email ^= "%"', { attribute: 'email', prefix: true, value: '%' }],
    ['email ^= "_"', { attribute: 'email', prefix: true, value: '_' }],
    [
      'username = "x\\"; DROP TABLE users; --"',
      { attribute: 'username', prefix: false, value: 'x"; DROP TABLE users; --' },
    ],
    ['sub = ""', { attribute: 'sub', prefix: false, value: '' }],
  ]
  for (const [text, expected] of cases) assert.deepEqual(parseUserFilter(text), expected, text)
})

test('anything else is InvalidParameterException', () => {
  for (const text of [
    'custom:foo = "x"',
    'email = "a" and name = "b"',
    'email != "a"',
    'email ~= "a"',
    'email = "unbalanced',
    'email = unquoted',
    'email',
    'email =',
    '= "x"',
    '"email = "x"',
    'email = "a" "b"',
    'email = "bad \\n escape"',
    'email = "x"; DROP TABLE users',
    'password = "x"',
    'email ^^= "x"',
  ])
    assert.throws(
      () => parseUserFilter(text),
      (error: unknown) => error instanceof CognitoError && error.type === 'InvalidParameterException',
      text,
    )
})
