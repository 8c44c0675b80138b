// The strict compact-JWS parse (rule R3) on inputs an HTTP request cannot carry or that are
// easier to state here: newlines, oversized headers, every canonical-encoding corner.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { decodePayload, parseCompactJws } from './jws.js'

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')
const header = b64({ alg: 'RS256', kid: 'k1' })
const payload = b64({ sub: 'alice' })
const signature = Buffer.alloc(256, 7).toString('base64url')

describe('parseCompactJws', () => {
  test('a sound token: alg, kid, signing input, payload bytes, signature bytes', () => {
    const jws = parseCompactJws(`${header}.${payload}.${signature}`)
    assert.ok(typeof jws !== 'string')
    assert.equal(jws.alg, 'RS256')
    assert.equal(jws.kid, 'k1')
    assert.equal(jws.signingInput, `${header}.${payload}`)
    assert.deepEqual(decodePayload(jws.payload), { sub: 'alice' })
    assert.equal(jws.signature.length, 256)
  })

  const table: [string, string, string][] = [
    ['newline inside', `${header}.${payload}\n.${signature}`, 'malformed'],
    ['CRLF at the end', `${header}.${payload}.${signature}\r\n`, 'malformed'],
    ['leading space', ` ${header}.${payload}.${signature}`, 'malformed'],
    ['empty header', `.${payload}.${signature}`, 'malformed'],
    ['empty payload', `${header}..${signature}`, 'malformed'],
    ['empty signature', `${header}.${payload}.`, 'malformed'],
    ['one segment', header, 'malformed'],
    ['length 1 mod 4', `${header}.${payload}.${signature}AAA`, 'malformed'],
    [
      'last char with a stray bit (length 2 mod 4)',
      `${header}.${payload}.${b64('a').slice(0, -1)}R`,
      'malformed',
    ],
    [
      'last char with a stray bit (length 3 mod 4)',
      `${header}.${payload}.${b64('ab').slice(0, -1)}j`,
      'malformed',
    ],
    [
      'header segment over 1 KiB',
      `${b64({ alg: 'RS256', kid: 'k'.repeat(2_000) })}.${payload}.${signature}`,
      'header',
    ],
    ['token over 16 KiB', `${header}.${'A'.repeat(16_384)}.${signature}`, 'malformed'],
    ['header not JSON', `${b64('{alg:RS256}')}.${payload}.${signature}`, 'malformed'],
    ['header an array', `${b64(['RS256'])}.${payload}.${signature}`, 'malformed'],
    [
      'header with a __proto__ member',
      `${b64('{"alg":"RS256","kid":"k1","__proto__":{}}')}.${payload}.${signature}`,
      'header',
    ],
    ['typ not a string', `${b64({ alg: 'RS256', kid: 'k1', typ: 1 })}.${payload}.${signature}`, 'header'],
    ['no alg', `${b64({ kid: 'k1' })}.${payload}.${signature}`, 'alg'],
    [
      'kid of 257 characters',
      `${b64({ alg: 'RS256', kid: 'k'.repeat(257) })}.${payload}.${signature}`,
      'kid',
    ],
    ['empty kid', `${b64({ alg: 'RS256', kid: '' })}.${payload}.${signature}`, 'kid'],
    [
      'header in UTF-16',
      `${Buffer.from('{"alg":"RS256","kid":"k1"}', 'utf16le').toString('base64url')}.${payload}.${signature}`,
      'malformed',
    ],
  ]
  for (const [name, token, failure] of table)
    test(name, () => {
      assert.equal(parseCompactJws(token), failure)
    })

  test('typ is allowed and ignored', () => {
    assert.notEqual(
      typeof parseCompactJws(`${b64({ alg: 'RS256', kid: 'k1', typ: 'at+jwt' })}.${payload}.${signature}`),
      'string',
    )
  })

  test('canonical last characters of every length class are accepted', () => {
    for (const text of ['a', 'ab', 'abc', 'abcd'])
      assert.notEqual(typeof parseCompactJws(`${header}.${b64(text)}.${signature}`), 'string', text)
  })
})

describe('decodePayload', () => {
  const table: [string, Buffer][] = [
    ['invalid UTF-8', Buffer.from([0x7b, 0xc0, 0xaf, 0x7d])],
    ['a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')])],
    ['an array', Buffer.from('[]')],
    ['null', Buffer.from('null')],
  ]
  for (const [name, bytes] of table)
    test(`${name} is not a claims set`, () => {
      assert.equal(decodePayload(bytes), undefined)
    })
})
