// Shared steps for the OAuth/OIDC tests: a pool with a resource server and OAuth clients, a
// confirmed user, and a cookie-keeping HTTP agent that walks the hosted sign-in like a browser.
import assert from 'node:assert/strict'
import {
  AdminConfirmSignUpCommand,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import type { UserPoolServerOptions } from '../../src/server/index.js'
import { startTestUserPool, type TestUserPool } from '../support/userpool.js'

export const PASSWORD = 'Passw0rd!'
export const CALLBACK = 'https://app.example.com/cb'
export const LOGOUT = 'https://app.example.com/bye'

export interface OidcFixture {
  pool: TestUserPool
  poolId: string
  issuer: string
  /** Public client: code and implicit flows, PKCE required. */
  clientId: string
  /** Confidential client with the code flow. */
  secretClientId: string
  secret: string
  /** Confidential client with client_credentials and the custom scopes. */
  m2mClientId: string
  m2mSecret: string
  /** A public client allowed only the code flow. */
  codeOnlyClientId: string
  email: string
}

export async function setUpOidc(options: Partial<UserPoolServerOptions> = {}): Promise<OidcFixture> {
  const pool = await startTestUserPool(options)
  const { UserPool } = await pool.admin.send(
    new CreateUserPoolCommand({
      PoolName: 'Example Pool',
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
    }),
  )
  const poolId = UserPool!.Id!
  await pool.admin.send(
    new CreateResourceServerCommand({
      UserPoolId: poolId,
      Identifier: 'api',
      Name: 'API',
      Scopes: [
        { ScopeName: 'read', ScopeDescription: 'Read' },
        { ScopeName: 'write', ScopeDescription: 'Write' },
      ],
    }),
  )
  const oauth = {
    AllowedOAuthFlowsUserPoolClient: true,
    SupportedIdentityProviders: ['COGNITO'],
    CallbackURLs: [CALLBACK, 'http://localhost:3000/', 'http://127.0.0.1/cb'],
    LogoutURLs: [LOGOUT],
  }
  const client = async (name: string, settings: Record<string, unknown>) =>
    (
      await pool.admin.send(
        new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: name, ...oauth, ...settings }),
      )
    ).UserPoolClient!
  const userScopes = ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin', 'api/read']
  const pub = await client('public', {
    AllowedOAuthFlows: ['code', 'implicit'],
    AllowedOAuthScopes: userScopes,
  })
  const confidential = await client('confidential', {
    GenerateSecret: true,
    AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: userScopes,
  })
  const m2m = await client('m2m', {
    GenerateSecret: true,
    AllowedOAuthFlows: ['client_credentials'],
    AllowedOAuthScopes: ['api/read', 'api/write'],
  })
  const codeOnly = await client('code-only', { AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'] })
  const email = 'jane@example.com'
  await pool.anonymous.send(
    new SignUpCommand({
      ClientId: pub.ClientId!,
      Username: email,
      Password: PASSWORD,
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'name', Value: 'Jane' },
      ],
    }),
  )
  await pool.admin.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: email }))
  return {
    pool,
    poolId,
    issuer: `${pool.server.url}/${poolId}`,
    clientId: pub.ClientId!,
    secretClientId: confidential.ClientId!,
    secret: confidential.ClientSecret!,
    m2mClientId: m2m.ClientId!,
    m2mSecret: m2m.ClientSecret!,
    codeOnlyClientId: codeOnly.ClientId!,
    email,
  }
}

/** A cookie-keeping agent that never follows redirects, so each hop can be checked. */
export class Agent {
  readonly cookies = new Map<string, string>()

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers)
    if (this.cookies.size > 0)
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '))
    const response = await fetch(url, { ...init, headers, redirect: 'manual' })
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const eq = pair!.indexOf('=')
      const name = pair!.slice(0, eq)
      const value = pair!.slice(eq + 1)
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return response
  }

  get(url: string): Promise<Response> {
    return this.request(url)
  }

  post(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    })
  }
}

export function csrfOf(page: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(page)
  assert.ok(match, 'the page has a CSRF token')
  return match[1]!.replaceAll('&amp;', '&')
}

/**
 * GET /oauth2/authorize, follow to /login, post the credentials; resolves with the login POST's
 * response (a 302 to the client on success).
 */
export async function signIn(
  agent: Agent,
  issuer: string,
  params: Record<string, string>,
  credentials: { username: string; password: string },
): Promise<Response> {
  const query = new URLSearchParams(params).toString()
  const authorize = await agent.get(`${issuer}/oauth2/authorize?${query}`)
  assert.equal(authorize.status, 302, await authorize.clone().text())
  const login = await agent.get(new URL(authorize.headers.get('location')!, issuer).href)
  assert.equal(login.status, 200)
  return agent.post(`${issuer}/login?${query}`, { _csrf: csrfOf(await login.text()), ...credentials })
}

/** The parameters a redirect carried, from its query or fragment. */
export function redirectParams(response: Response): URLSearchParams {
  const location = new URL(response.headers.get('location')!)
  return new URLSearchParams(location.hash ? location.hash.slice(1) : location.search)
}
