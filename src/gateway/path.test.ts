import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { canonicaliseTarget } from './path.js'

describe('canonicaliseTarget accepts one spelling per path', () => {
  const table: [string, string, string[], string][] = [
    // [target, rawPath, decoded segments, rawQuery]
    ['/', '/', [], ''],
    ['/items/42', '/items/42', ['items', '42'], ''],
    ['/items/42?a=1&a=2&b=x%20y', '/items/42', ['items', '42'], 'a=1&a=2&b=x%20y'],
    ['/a%20b/%C3%A9', '/a%20b/%C3%A9', ['a b', 'é'], ''],
    ['/a%c3%a9', '/a%c3%a9', ['aé'], ''],
    ['/a%25b', '/a%25b', ['a%b'], ''],
    ['/a%3Fb', '/a%3Fb', ['a?b'], ''],
    ['/a//b', '/a//b', ['a', '', 'b'], ''],
    ['/a/', '/a/', ['a', ''], ''],
    ['/a.b/.c/..d', '/a.b/.c/..d', ['a.b', '.c', '..d'], ''],
    ["/x;y=1/@:!$&'()*+,=~", "/x;y=1/@:!$&'()*+,=~", ['x;y=1', "@:!$&'()*+,=~"], ''],
    ['http://evil.test/admin/users', '/admin/users', ['admin', 'users'], ''],
    ['https://evil.test:8443/admin/users?x=1', '/admin/users', ['admin', 'users'], 'x=1'],
    ['http://evil.test', '/', [], ''],
    ['http://evil.test?q', '/', [], 'q'],
    ['/?', '/', [], ''],
  ]
  for (const [target, rawPath, segments, rawQuery] of table)
    test(JSON.stringify(target), () => {
      const canonical = canonicaliseTarget(target)
      assert.ok(canonical)
      assert.equal(canonical.rawPath, rawPath)
      assert.deepEqual(canonical.segments, segments)
      assert.equal(canonical.rawQuery, rawQuery)
      assert.equal(canonical.path, segments.length ? `/${segments.join('/')}` : '/')
    })
})

describe('canonicaliseTarget refuses every other spelling (rule R7, security.md §3 B 39–41)', () => {
  const table: [string, string][] = [
    ['/public/../admin/users', 'dot-dot segment'],
    ['/public/./admin', 'dot segment'],
    ['/public/..', 'trailing dot-dot'],
    ['/public/%2e%2e/admin/users', 'encoded dot-dot'],
    ['/public/.%2e/admin/users', 'half-encoded dot-dot'],
    ['/public/%2E/admin', 'encoded dot'],
    ['/public\\..\\admin/users', 'backslashes'],
    ['/admin%2Fusers', 'encoded slash'],
    ['/admin%2fusers', 'encoded slash, lower case'],
    ['/admin%5Cusers', 'encoded backslash'],
    ['/admin%5cusers', 'encoded backslash, lower case'],
    ['/admin/users%00', 'encoded NUL'],
    ['/admin/users%0A', 'encoded LF'],
    ['/admin/users%7F', 'encoded DEL'],
    ['/admin%252Fusers', 'double-encoded slash'],
    ['/admin%255Cusers', 'double-encoded backslash'],
    ['/x/%252e%252e/admin', 'double-encoded dots'],
    ['/admin%2500', 'double-encoded NUL'],
    ['//admin/users', '// prefix'],
    ['http://evil.test//admin', '// prefix in absolute form'],
    ['/%61dmin/users', 'encoded unreserved letter'],
    ['/admin/users%7E', 'encoded tilde'],
    ['/admin%', 'truncated escape'],
    ['/admin%zz', 'bad hex'],
    ['/admin%C3', 'truncated UTF-8'],
    ['/admin%C0%AF', 'overlong UTF-8'],
    ['/admin#frag', 'fragment'],
    ['/adm in', 'space'],
    ['/é', 'raw non-ASCII'],
    ['/a"b', 'quote'],
    ['/a{b}', 'braces'],
    ['*', 'asterisk-form'],
    ['admin/users', 'relative'],
    ['evil.test:443', 'authority-form'],
    ['', 'empty'],
  ]
  for (const [target, why] of table)
    test(`${JSON.stringify(target)} (${why})`, () => {
      assert.equal(canonicaliseTarget(target), undefined)
    })
})
