// Seed 000 end to end: `portcullis dev` in examples/jwt-auth-cognito, the seed's three AWS CLI
// commands (verbatim apart from --endpoint-url), and its four curl results.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { cli, copyExample, parseExports, type RunningApp, startCli } from '../support/app.js'
import { aws } from '../support/aws-cli.js'

let example: ReturnType<typeof copyExample>
let app: RunningApp

before(async () => {
  example = copyExample('jwt-auth-cognito')
  app = await startCli(example.dir, ['dev', '--port', '0'])
})
after(async () => {
  await app?.stop()
  example?.remove()
})

test('outputs.json holds the stack outputs and the portcullis block', () => {
  const { MyStack, portcullis } = app.outputs
  assert.match(String(MyStack?.UserPoolId), /^us-east-1_[A-Za-z0-9]{9}$/)
  assert.match(String(MyStack?.UserPoolClientId), /^[a-z0-9]{26}$/)
  assert.equal(MyStack?.ApiEndpoint, portcullis.apiEndpoint)
  assert.equal(portcullis.stage, 'dev')
  assert.equal(portcullis.region, 'us-east-1')
  const pool = portcullis.userPools['MyStack/UserPool']!
  assert.equal(pool.issuer, `${portcullis.cognitoEndpoint}/${MyStack?.UserPoolId}`)
  assert.ok(pool.hostedUiUrl)
})

test('seed 000 walkthrough with the AWS CLI and HTTP', async () => {
  const { MyStack, portcullis } = app.outputs
  const api = String(MyStack?.ApiEndpoint)

  const publicRes = await fetch(`${api}/public`)
  assert.equal(publicRes.status, 200)
  assert.equal(await publicRes.text(), 'Hello stranger!')

  const anonymous = await fetch(`${api}/private`)
  assert.equal(anonymous.status, 401)
  assert.equal(await anonymous.text(), '{"message":"Unauthorized"}')

  const env = parseExports((await cli(example.dir, ['env'])).stdout)
  assert.equal(env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, portcullis.cognitoEndpoint)
  const endpoint = ['--endpoint-url', portcullis.cognitoEndpoint]
  await aws(
    [
      'cognito-idp',
      'sign-up',
      '--region',
      'us-east-1',
      '--client-id',
      String(MyStack?.UserPoolClientId),
      '--username',
      'admin@example.com',
      '--password',
      'Passw0rd!',
      ...endpoint,
    ],
    env,
  )
  await aws(
    [
      'cognito-idp',
      'admin-confirm-sign-up',
      '--region',
      'us-east-1',
      '--user-pool-id',
      String(MyStack?.UserPoolId),
      '--username',
      'admin@example.com',
      ...endpoint,
    ],
    env,
  )
  const auth = (await aws(
    [
      'cognito-idp',
      'initiate-auth',
      '--client-id',
      String(MyStack?.UserPoolClientId),
      '--auth-flow',
      'USER_PASSWORD_AUTH',
      '--auth-parameters',
      'USERNAME=admin@example.com,PASSWORD=Passw0rd!',
      ...endpoint,
    ],
    env,
  )) as { AuthenticationResult: { IdToken: string; AccessToken: string } }
  const sub = JSON.parse(
    Buffer.from(auth.AuthenticationResult.IdToken.split('.')[1]!, 'base64url').toString(),
  ).sub

  for (const token of [auth.AuthenticationResult.IdToken, auth.AuthenticationResult.AccessToken]) {
    const res = await fetch(`${api}/private`, { headers: { Authorization: `Bearer ${token}` } })
    assert.equal(res.status, 200)
    assert.equal(await res.text(), `Hello ${sub}!`)
  }
  // The request log names the route and the authorizer's decision, never the token.
  assert.match(app.output(), /GET\s+\/private 401 .*401 missing/)
  assert.match(app.output(), /GET\s+\/private 200 .*allow/)
  assert.equal(app.output().includes(auth.AuthenticationResult.IdToken), false)
})
