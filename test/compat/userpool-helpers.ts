// Shared steps for the user pool compatibility tests: pools and clients through the SDK, SRP
// sign-in with a fast client, outbox reads, and a hasher wrapper that counts argon2 work.
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  CreateUserPoolCommand,
  type CreateUserPoolCommandInput,
  type ExplicitAuthFlowsType,
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import type { PasswordHasher } from '../../src/userpool/index.js'
import type { TestUserPool } from '../support/userpool.js'
import { NodeSrpClient } from '../vectors/srp/node-client.js'

export const PASSWORD = 'Passw0rd!'
export const ALL_FLOWS: ExplicitAuthFlowsType[] = [
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
]

/** Asserts a Cognito error by type and (exact or pattern) message, with AWS's 400 status. */
export async function rejectsWith(promise: Promise<unknown>, name: string, message?: string | RegExp) {
  await assert.rejects(promise, (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(error.name, name, error.message)
    if (typeof message === 'string') assert.equal(error.message, message)
    else if (message) assert.match(error.message, message)
    assert.equal(error.$metadata?.httpStatusCode, 400)
    return true
  })
}

export async function createPool(
  pool: TestUserPool,
  settings: Omit<CreateUserPoolCommandInput, 'PoolName'> = {},
  client: Omit<CreateUserPoolClientCommandInput, 'UserPoolId' | 'ClientName'> = {},
): Promise<{ poolId: string; clientId: string; clientSecret?: string }> {
  const { UserPool } = await pool.admin.send(new CreateUserPoolCommand({ PoolName: 'p', ...settings }))
  const { UserPoolClient } = await pool.admin.send(
    new CreateUserPoolClientCommand({
      UserPoolId: UserPool!.Id!,
      ClientName: 'c',
      ExplicitAuthFlows: ALL_FLOWS,
      ...client,
    }),
  )
  return {
    poolId: UserPool!.Id!,
    clientId: UserPoolClient!.ClientId!,
    ...(UserPoolClient!.ClientSecret ? { clientSecret: UserPoolClient!.ClientSecret } : {}),
  }
}

export function passwordSignIn(
  pool: TestUserPool,
  clientId: string,
  USERNAME: string,
  PASSWORD: string,
): Promise<InitiateAuthCommandOutput> {
  return pool.anonymous.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME, PASSWORD },
    }),
  )
}

/** InitiateAuth USER_SRP_AUTH, then the PASSWORD_VERIFIER claim, as AJS and Amplify send them. */
export async function srpSignIn(
  pool: TestUserPool,
  ids: { poolId: string; clientId: string },
  username: string,
  password: string,
  options: { admin?: boolean; at?: () => Date; edit?: (r: Record<string, string>) => void } = {},
) {
  const srp = new NodeSrpClient(ids.poolId)
  const AuthParameters = { USERNAME: username, SRP_A: srp.A }
  const started = options.admin
    ? await pool.admin.send(
        new AdminInitiateAuthCommand({
          UserPoolId: ids.poolId,
          ClientId: ids.clientId,
          AuthFlow: 'USER_SRP_AUTH',
          AuthParameters,
        }),
      )
    : await pool.anonymous.send(
        new InitiateAuthCommand({ ClientId: ids.clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters }),
      )
  assert.equal(started.ChallengeName, 'PASSWORD_VERIFIER')
  const ChallengeResponses = srp.claim(started.ChallengeParameters!, password, options.at?.())
  options.edit?.(ChallengeResponses)
  const answer = {
    ClientId: ids.clientId,
    ChallengeName: 'PASSWORD_VERIFIER' as const,
    Session: started.Session!,
    ChallengeResponses,
  }
  return {
    challenge: started,
    respond: () =>
      options.admin
        ? pool.admin.send(new AdminRespondToAuthChallengeCommand({ ...answer, UserPoolId: ids.poolId }))
        : pool.anonymous.send(new RespondToAuthChallengeCommand(answer)),
  }
}

/** Every outbox entry for a recipient, oldest first. */
export function messagesTo(pool: TestUserPool, recipient: string): Array<Record<string, string>> {
  let text = ''
  try {
    text = readFileSync(join(pool.dataDir, 'outbox.jsonl'), 'utf8')
  } catch {
    return []
  }
  return text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, string>)
    .filter((m) => m.recipient === recipient)
}

/** Wraps the running server's hasher to count argon2 verifications (real and dummy). */
export function countVerifications(pool: TestUserPool): { readonly count: number; reset(): void } {
  const inner: PasswordHasher = pool.server.deps.hasher
  let count = 0
  pool.server.deps.hasher = {
    hash: (password) => inner.hash(password),
    verify: (phc, password) => {
      count++
      return inner.verify(phc, password)
    },
    verifyDummy: (password) => {
      count++
      return inner.verifyDummy(password)
    },
  }
  return {
    get count() {
      return count
    },
    reset() {
      count = 0
    },
  }
}

/** Signs up and confirms (with the outbox code) a user whose username is their email. */
export async function confirmedUser(
  pool: TestUserPool,
  ids: { clientId: string },
  email: string,
  extra: Record<string, string> = {},
): Promise<string> {
  const { UserSub } = await pool.anonymous.send(
    new SignUpCommand({
      ClientId: ids.clientId,
      Username: email,
      Password: PASSWORD,
      UserAttributes: Object.entries(extra).map(([Name, Value]) => ({ Name, Value })),
    }),
  )
  await pool.anonymous.send(
    new ConfirmSignUpCommand({
      ClientId: ids.clientId,
      Username: email,
      ConfirmationCode: pool.lastCode(email),
    }),
  )
  return UserSub!
}

export function refreshWith(pool: TestUserPool, clientId: string, token: string) {
  return pool.anonymous.send(
    new InitiateAuthCommand({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: clientId,
      AuthParameters: { REFRESH_TOKEN: token },
    }),
  )
}

/** SECRET_HASH = Base64(HMAC-SHA256(client secret, username + client id)) (aws-semantics.md §5.9). */
export function secretHash(ids: { clientId: string; clientSecret?: string }, username: string): string {
  return createHmac('sha256', ids.clientSecret!)
    .update(username + ids.clientId)
    .digest('base64')
}

/** The error type and message a promise settles with, or 'ok'. */
export async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
    return 'ok'
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`
  }
}
