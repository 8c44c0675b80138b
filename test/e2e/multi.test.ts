// An app with several stacks, user pools, clients and APIs: every API gets its own port, every
// pool its own issuer and keys, and a token from one pool opens only the API that trusts it.
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, test } from 'node:test'
import {
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { cli, parseExports, type RunningApp, startCli } from '../support/app.js'

const CONFIG = `
import { Api, defineApp, JwtAuthorizer, type Stack, UserPool, UserPoolAuthorizer, UserPoolClient } from 'portcullis'

let staff: UserPool
let staffClient: UserPoolClient
let customers: UserPool
let customerClient: UserPoolClient

function Auth(stack: Stack) {
  staff = new UserPool(stack, 'Staff', { selfSignUpEnabled: true, signInAliases: { email: true } })
  staffClient = new UserPoolClient(stack, 'StaffWeb', { userPool: staff, authFlows: { userPassword: true } })
  customers = new UserPool(stack, 'Customers', { selfSignUpEnabled: true, signInAliases: { email: true } })
  customerClient = new UserPoolClient(stack, 'Shop', { userPool: customers, authFlows: { userPassword: true } })
  stack.addOutputs({ StaffPool: staff.userPoolId, CustomerPool: customers.userPoolId })
}

function Apis(stack: Stack) {
  const admin = new Api(stack, 'Admin', {
    defaultAuthorizer: new UserPoolAuthorizer('Staff', staff, { userPoolClients: [staffClient] }),
    routes: { 'GET /who': 'src/who.main' },
  })
  const shop = new Api(stack, 'Shop', {
    defaultAuthorizer: new JwtAuthorizer('Customers', { issuer: customers.issuer, audience: [customerClient.userPoolClientId] }),
    defaultFunctionProps: { environment: { ADMIN_URL: admin.url } },
    routes: { 'GET /who': 'src/who.main', 'GET /links': { function: 'src/who.links', authorizationType: 'NONE' } },
  })
  stack.addOutputs({ AdminUrl: admin.url, ShopUrl: shop.url, StaffClient: staffClient.userPoolClientId, ShopClient: customerClient.userPoolClientId })
}

export default defineApp({ name: 'several', stacks: [Auth, Apis] })
`

const HANDLER = `
export const main = async (event) => ({ iss: event.requestContext.authorizer.jwt.claims.iss })
export const links = async () => ({ admin: process.env.ADMIN_URL })
`

let dir: string
let app: RunningApp

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'portcullis-several-'))
  mkdirSync(join(dir, 'src'))
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}')
  writeFileSync(join(dir, 'portcullis.config.ts'), CONFIG)
  writeFileSync(join(dir, 'src/who.js'), HANDLER)
  symlinkSync(resolve(import.meta.dirname, '../../node_modules'), join(dir, 'node_modules'), 'dir')
  app = await startCli(dir, ['dev', '--port', '0'])
})
after(async () => {
  await app?.stop()
  rmSync(dir, { recursive: true, force: true })
})

test('two stacks, two pools with their own keys, two APIs on their own ports', async () => {
  const { Auth, Apis, portcullis } = app.outputs
  assert.notEqual(Auth?.StaffPool, Auth?.CustomerPool)
  assert.notEqual(Apis?.AdminUrl, Apis?.ShopUrl)
  assert.deepEqual(Object.keys(portcullis.userPools).sort(), ['Auth/Customers', 'Auth/Staff'])
  assert.deepEqual(Object.keys(portcullis.apis).sort(), ['Apis/Admin', 'Apis/Shop'])
  const kids = await Promise.all(
    Object.values(portcullis.userPools).map(async (p) =>
      ((await (await fetch(p.jwksUri)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid),
    ),
  )
  assert.equal(new Set(kids.flat()).size, 4)
  // A token (api.url) resolved into another API's function environment.
  assert.deepEqual(await (await fetch(`${Apis?.ShopUrl}/links`)).json(), { admin: Apis?.AdminUrl })

  const env = parseExports((await cli(dir, ['env'])).stdout)
  const sdk = new CognitoIdentityProviderClient({
    endpoint: portcullis.cognitoEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! },
    maxAttempts: 1,
  })
  const tokenFor = async (poolId: string, clientId: string, email: string) => {
    await sdk.send(new SignUpCommand({ ClientId: clientId, Username: email, Password: 'Passw0rd!' }))
    await sdk.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: email }))
    const { AuthenticationResult } = await sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: email, PASSWORD: 'Passw0rd!' },
      }),
    )
    return AuthenticationResult!.AccessToken!
  }
  const staffToken = await tokenFor(String(Auth?.StaffPool), String(Apis?.StaffClient), 'ann@example.com')
  const customerToken = await tokenFor(
    String(Auth?.CustomerPool),
    String(Apis?.ShopClient),
    'bob@example.com',
  )
  const who = (url: unknown, token: string) =>
    fetch(`${url}/who`, { headers: { authorization: `Bearer ${token}` } })
  assert.equal((await who(Apis?.AdminUrl, staffToken)).status, 200)
  assert.equal((await who(Apis?.ShopUrl, customerToken)).status, 200)
  assert.equal((await who(Apis?.AdminUrl, customerToken)).status, 401)
  assert.equal((await who(Apis?.ShopUrl, staffToken)).status, 401)
  assert.deepEqual(await (await who(Apis?.ShopUrl, customerToken)).json(), {
    iss: portcullis.userPools['Auth/Customers']?.issuer,
  })
})
