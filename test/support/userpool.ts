import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider'
import {
  startUserPoolServer,
  type UserPoolServer,
  type UserPoolServerOptions,
} from '../../src/server/index.js'

export interface TestUserPool {
  server: UserPoolServer
  dataDir: string
  /** An SDK client signed with the stage's admin credentials. */
  admin: CognitoIdentityProviderClient
  /** An SDK client with no credentials at all, like a browser app. */
  anonymous: CognitoIdentityProviderClient
  /** The last code the outbox holds for a recipient. */
  lastCode(recipient: string): string
  restart(): Promise<void>
  stop(): Promise<void>
}

export async function startTestUserPool(options: Partial<UserPoolServerOptions> = {}): Promise<TestUserPool> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'portcullis-pool-'))
  const start = () => startUserPoolServer({ port: 0, ...options, dataDir })
  let server = await start()
  const clients = () => ({
    admin: new CognitoIdentityProviderClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: server.credentials,
      maxAttempts: 1,
    }),
    anonymous: new CognitoIdentityProviderClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: async () => {
        throw new Error('anonymous client must not sign')
      },
      maxAttempts: 1,
    }),
  })
  const pool: TestUserPool = {
    server,
    dataDir,
    ...clients(),
    lastCode(recipient) {
      const lines = readFileSync(join(dataDir, 'outbox.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
      const entry = lines.filter((l) => l.recipient === recipient).at(-1)
      if (!entry) throw new Error(`no message for ${recipient}`)
      return entry.code
    },
    async restart() {
      await server.close()
      server = await start()
      Object.assign(pool, { server }, clients())
    },
    async stop() {
      await server.close()
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
  return pool
}

/** POSTs a raw Cognito JSON request, for malformed-input tests the SDK would refuse to send. */
export async function rawCognito(
  url: string,
  target: string,
  body: string,
  headers: Record<string, string> = {},
) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
      ...headers,
    },
    body,
  })
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  }
}
