import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { canonicaliseTarget } from './path.js'
import { parseRouteKey } from './route-key.js'
import { Router } from './router.js'

function routerOf(keys: string[]): Router<string> {
  const router = new Router<string>()
  for (const key of keys) {
    const parsed = parseRouteKey(key)
    assert.ok(typeof parsed !== 'string', `${key}: ${parsed}`)
    router.add(parsed, key)
  }
  return router
}

function route(router: Router<string>, method: string, target: string) {
  const canonical = canonicaliseTarget(target)
  assert.ok(canonical, `${target} is not canonical`)
  const match = router.match(method, canonical.segments, canonical.path)
  return match && { key: match.value, params: match.params && { ...match.params } }
}

describe('route selection priority (aws-semantics.md §3.2, the AG-ROUTES example)', () => {
  const router = routerOf([
    'GET /pets/dog/1',
    'GET /pets/dog/{id}',
    'GET /pets/{proxy+}',
    'ANY /{proxy+}',
    '$default',
  ])
  const table: [string, string, string, Record<string, string> | undefined][] = [
    ['GET', '/pets/dog/1', 'GET /pets/dog/1', undefined],
    ['GET', '/pets/dog/2', 'GET /pets/dog/{id}', { id: '2' }],
    ['GET', '/pets/cat/1', 'GET /pets/{proxy+}', { proxy: 'cat/1' }],
    ['POST', '/test/5', 'ANY /{proxy+}', { proxy: 'test/5' }],
    ['POST', '/pets/dog/1', 'ANY /{proxy+}', { proxy: 'pets/dog/1' }],
    ['GET', '/', '$default', undefined],
    ['GET', '/pets', 'ANY /{proxy+}', { proxy: 'pets' }],
  ]
  for (const [method, target, expected, params] of table)
    test(`${method} ${target} → ${expected}`, () => {
      assert.deepEqual(route(router, method, target), { key: expected, params })
    })
})

describe('route keys', () => {
  const table: [string[], string, string, string | undefined, Record<string, string> | undefined][] = [
    // [routes, method, target, expected route (undefined = 404), params]
    [['GET /items/{id}'], 'GET', '/items/42', 'GET /items/{id}', { id: '42' }],
    [['GET /items/{id}'], 'GET', '/items/a%20b', 'GET /items/{id}', { id: 'a b' }],
    [['GET /items/{id}'], 'GET', '/items', undefined, undefined],
    [['GET /items/{id}'], 'GET', '/items/', undefined, undefined],
    [['GET /items/{id}'], 'GET', '/items/1/2', undefined, undefined],
    [['GET /items/{id}'], 'POST', '/items/1', undefined, undefined],
    [['GET /items/{id}'], 'HEAD', '/items/1', undefined, undefined],
    [['GET /Items'], 'GET', '/items', undefined, undefined],
    [['GET /items'], 'GET', '/items/', undefined, undefined],
    [['GET /items', 'ANY /items'], 'GET', '/items', 'GET /items', undefined],
    [['GET /items', 'ANY /items'], 'DELETE', '/items', 'ANY /items', undefined],
    [['GET /items', 'POST /{x}'], 'POST', '/items', 'POST /{x}', { x: 'items' }],
    [['ANY /items', 'POST /{x}'], 'POST', '/items', 'ANY /items', undefined],
    [['GET /a/{b}/c', 'GET /a/x/{d}'], 'GET', '/a/x/c', 'GET /a/x/{d}', { d: 'c' }],
    [['GET /a/{b}/c', 'GET /a/x/{d}'], 'GET', '/a/y/c', 'GET /a/{b}/c', { b: 'y' }],
    [['GET /a/x/{d}', 'GET /a/{b}/c'], 'GET', '/a/x/z', 'GET /a/x/{d}', { d: 'z' }],
    [['GET /files/{proxy+}'], 'GET', '/files/a/b/c.txt', 'GET /files/{proxy+}', { proxy: 'a/b/c.txt' }],
    [['GET /files/{proxy+}'], 'GET', '/files', undefined, undefined],
    [['GET /files/{proxy+}'], 'GET', '/files/', undefined, undefined],
    [['GET /files/{proxy+}'], 'GET', '/files/a/', 'GET /files/{proxy+}', { proxy: 'a/' }],
    [['GET /files/{path+}'], 'GET', '/files/%C3%A9t%C3%A9', 'GET /files/{path+}', { path: 'été' }],
    [['GET /{proxy+}', 'GET /files/{proxy+}'], 'GET', '/files/x', 'GET /files/{proxy+}', { proxy: 'x' }],
    [['GET /u/{id}/{proxy+}'], 'GET', '/u/7/a/b', 'GET /u/{id}/{proxy+}', { id: '7', proxy: 'a/b' }],
    [['GET /', '$default'], 'GET', '/', 'GET /', undefined],
    [['$default'], 'TRACE', '/anything', '$default', undefined],
    [['GET /x'], 'TRACE', '/x', undefined, undefined],
    [['GET /admin;x'], 'GET', '/admin;x', 'GET /admin;x', undefined],
    [['GET /admin/users'], 'GET', '/admin;jsessionid=x/users', undefined, undefined],
    [['GET /admin/users'], 'GET', '/admin/users;.css', undefined, undefined],
    [['GET /admin/users'], 'GET', '/admin/users.json', undefined, undefined],
  ]
  for (const [keys, method, target, expected, params] of table)
    test(`${keys.join(' + ')}: ${method} ${target} → ${expected ?? '404'}`, () => {
      const found = route(routerOf(keys), method, target)
      if (expected === undefined) assert.equal(found, undefined)
      else {
        assert.equal(found?.key, expected)
        assert.deepEqual(found?.params && Object.entries(found.params), params && Object.entries(params))
      }
    })

  test('a __proto__ variable is an own property, not a prototype', () => {
    const found = routerOf(['GET /{__proto__}']).match('GET', ['x'], '/x')
    assert.equal(Object.getPrototypeOf(found?.params), Object.prototype)
    assert.equal(Object.getOwnPropertyDescriptor(found?.params, '__proto__')?.value, 'x')
  })
})

describe('parseRouteKey refuses what API Gateway refuses', () => {
  const table: [string, RegExp][] = [
    ['GET /x/', /may not end in \//],
    ['GET /x//y', /empty segments/],
    ['GET x', /start with \//],
    ['FETCH /x', /unknown method/],
    ['get /x', /unknown method/],
    ['GET /{proxy+}/x', /must be the last segment/],
    ['GET /{a}/{a}', /appears twice/],
    ['GET /a/../b', /dot segments/],
    ['GET /a%2Fb', /cannot hold/],
    ['GET /a b', /cannot hold/],
    ['GET', /METHOD \/path/],
  ]
  for (const [key, problem] of table)
    test(JSON.stringify(key), () => {
      const parsed = parseRouteKey(key)
      assert.equal(typeof parsed, 'string')
      assert.match(parsed as string, problem)
    })
})
