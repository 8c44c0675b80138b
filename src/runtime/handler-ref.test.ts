import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseHandler } from './handler-ref.js'
import { lambdaFunctionName } from './lambda-identity.js'

test('parseHandler splits at the last dot, like Lambda', () => {
  assert.deepEqual(parseHandler('src/private.main'), { file: 'src/private', exportName: 'main' })
  assert.deepEqual(parseHandler('index.handler'), { file: 'index', exportName: 'handler' })
  assert.deepEqual(parseHandler('src/v1.2/api.ts.get'), { file: 'src/v1.2/api.ts', exportName: 'get' })
  assert.deepEqual(parseHandler('./a.$b'), { file: './a', exportName: '$b' })
  for (const bad of ['main', 'src/.main', 'src/file.', 'src/v1.2/api', 'a.b-c'])
    assert.equal(typeof parseHandler(bad), 'string', bad)
})

test('lambdaFunctionName keeps what Lambda allows', () => {
  assert.equal(lambdaFunctionName('src/private.main'), 'src-private-main')
  assert.equal(lambdaFunctionName('Api_get-items'), 'Api_get-items')
  assert.equal(lambdaFunctionName('/x/'), 'x')
  assert.equal(lambdaFunctionName('a'.repeat(80)).length, 64)
})
