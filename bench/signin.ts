// Sign-in benchmark: the argon2id bound and InitiateAuth USER_PASSWORD_AUTH and USER_SRP_AUTH (with
// RespondToAuthChallenge) sign-ins per second against a running user pool, measured in one run.
//   node --import tsx bench/signin.ts [--seconds 8] [--concurrency 16] [--users 32] [--profile DIR]
// The server runs in a child process on 127.0.0.1 (port 0, a temporary data folder) so the load
// generator does not share its event loop. Results and method: docs/benchmarks.md, "Sign-in".
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import {
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { createArgon2Hasher, MINIMUM_HASH_PARAMETERS } from '../src/userpool/index.js'
import { createSrpVerifier, startSrpSession, verifyPasswordClaim } from '../src/userpool/srp.js'
import { NodeSrpClient } from '../test/vectors/srp/node-client.js'

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '16' },
    users: { type: 'string', default: '32' },
    profile: { type: 'string' },
    serve: { type: 'string' },
  },
})
const SECONDS = Number(flags.seconds)
const WARMUP = Number(flags.warmup)
const CONCURRENCY = Number(flags.concurrency)
const USERS = Number(flags.users)
const PASSWORD = 'Passw0rd!'
/** The server's argon2 gate admits 4 at a time (createArgon2Hasher's default); the bound uses the same. */
const ARGON2_CONCURRENCY = 4

/** Child mode: the user pool server alone in its process; prints its URL and admin credentials. */
async function serve(dataDir: string): Promise<void> {
  const { startUserPoolServer } = await import('../src/server/index.js')
  const server = await startUserPoolServer({ dataDir, port: 0, host: '127.0.0.1' })
  process.stdout.write(`${JSON.stringify({ url: server.url, credentials: server.credentials })}\n`)
  process.on('SIGTERM', () => {
    void server.close().then(() => process.exit(0))
  })
}

async function main(): Promise<void> {
  console.log(`# Sign-in benchmark, ${new Date().toISOString()}`)
  console.log(`# ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}`)
  console.log(`# ${SECONDS} s per phase after ${WARMUP} s warm-up, ${CONCURRENCY} sign-ins in flight`)
  srpCost()
  const bound = await argon2Bound()
  const dataDir = mkdtempSync(join(tmpdir(), 'portcullis-bench-signin-'))
  const child = startServer(dataDir)
  try {
    const { url, credentials } = await readReady(child)
    const target = await provision(url, credentials)
    const password = await measure('USER_PASSWORD_AUTH', () => passwordSignIn(url, target))
    const srp = await measure('USER_SRP_AUTH + RespondToAuthChallenge', () => srpSignIn(url, target))
    console.log('')
    console.log(`argon2id bound                 ${bound.toFixed(1)} verifications/s`)
    for (const [name, result] of [
      ['USER_PASSWORD_AUTH', password],
      ['USER_SRP_AUTH', srp],
    ] as const)
      console.log(
        `${name.padEnd(30)} ${result.rate.toFixed(1)} sign-ins/s, ${result.errors} errors, ` +
          `${(result.rate / bound).toFixed(2)}× the bound, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms`,
      )
    const ok =
      password.errors === 0 && srp.errors === 0 && password.rate >= 0.8 * bound && password.rate >= 120
    console.log(ok ? 'targets met (>= 0.8× bound, >= 120/s, 0 errors)' : 'TARGETS MISSED')
  } finally {
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Server-side SRP cost per operation (startSrpSession, verifyPasswordClaim), single-threaded. */
function srpCost(): void {
  const verifier = createSrpVerifier('bench', 'user', PASSWORD)
  const client = new NodeSrpClient('us-east-1_bench')
  const runs = 200
  let started = performance.now()
  let session = startSrpSession(verifier, client.A)
  for (let i = 1; i < runs; i++) session = startSrpSession(verifier, client.A)
  const start = (performance.now() - started) / runs
  const claim = {
    poolName: 'bench',
    userIdForSrp: 'user',
    verifier,
    session,
    secretBlock: '',
    timestamp: '',
    signature: '',
  }
  started = performance.now()
  for (let i = 0; i < runs; i++) verifyPasswordClaim(claim)
  const verify = (performance.now() - started) / runs
  console.log(
    `# SRP server cost: startSrpSession ${start.toFixed(2)} ms, verifyPasswordClaim ${verify.toFixed(2)} ms`,
  )
}

/** argon2id verifications per second with the server's parameters and gate, nothing else running. */
async function argon2Bound(): Promise<number> {
  const hasher = await createArgon2Hasher(MINIMUM_HASH_PARAMETERS, { concurrency: ARGON2_CONCURRENCY })
  const phc = await hasher.hash(PASSWORD)
  const run = async (seconds: number) => {
    let done = 0
    const until = performance.now() + seconds * 1000
    await Promise.all(
      Array.from({ length: ARGON2_CONCURRENCY }, async () => {
        while (performance.now() < until) {
          await hasher.verify(phc, PASSWORD)
          done++
        }
      }),
    )
    return done / seconds
  }
  await run(WARMUP)
  const rate = await run(SECONDS)
  const { memoryCost: m, timeCost: t, parallelism: p } = MINIMUM_HASH_PARAMETERS
  console.log(`# argon2id m=${m} t=${t} p=${p}, ${ARGON2_CONCURRENCY} at a time: ${rate.toFixed(1)}/s`)
  return rate
}

function startServer(dataDir: string): ChildProcess {
  const args = ['--import', 'tsx']
  if (flags.profile) args.push('--cpu-prof', `--cpu-prof-dir=${flags.profile}`)
  args.push(import.meta.filename, '--serve', dataDir)
  return spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
}

async function readReady(child: ChildProcess): Promise<{ url: string; credentials: Credentials }> {
  const lines = createInterface({ input: child.stdout! })
  for await (const line of lines) return JSON.parse(line) as { url: string; credentials: Credentials }
  throw new Error('the server exited before it was ready')
}

interface Credentials {
  accessKeyId: string
  secretAccessKey: string
}

interface Target {
  poolId: string
  clientId: string
  usernames: string[]
}

/** A pool, a client allowing both flows, and confirmed users (created before timing starts). */
async function provision(url: string, credentials: Credentials): Promise<Target> {
  const admin = new CognitoIdentityProviderClient({ endpoint: url, region: 'us-east-1', credentials })
  const { UserPool } = await admin.send(new CreateUserPoolCommand({ PoolName: 'bench' }))
  const poolId = UserPool!.Id!
  const { UserPoolClient } = await admin.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'bench',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  )
  const clientId = UserPoolClient!.ClientId!
  const usernames = Array.from({ length: USERS }, (_, i) => `user-${i}`)
  for (const Username of usernames) {
    await cognito(url, 'SignUp', { ClientId: clientId, Username, Password: PASSWORD })
    await admin.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username }))
  }
  admin.destroy()
  return { poolId, clientId, usernames }
}

async function cognito(url: string, action: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${action}`,
    },
    body: JSON.stringify(body),
  })
  const json = (await response.json()) as Record<string, unknown>
  if (response.status !== 200) throw new Error(`${action}: ${json.__type}: ${json.message}`)
  return json
}

let next = 0
const nextUser = (target: Target) => target.usernames[next++ % target.usernames.length]!

async function passwordSignIn(url: string, target: Target): Promise<void> {
  const result = await cognito(url, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: target.clientId,
    AuthParameters: { USERNAME: nextUser(target), PASSWORD },
  })
  if (!(result.AuthenticationResult as { IdToken?: string } | undefined)?.IdToken)
    throw new Error('no tokens')
}

async function srpSignIn(url: string, target: Target): Promise<void> {
  const client = new NodeSrpClient(target.poolId)
  const started = await cognito(url, 'InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: target.clientId,
    AuthParameters: { USERNAME: nextUser(target), SRP_A: client.A },
  })
  const result = await cognito(url, 'RespondToAuthChallenge', {
    ClientId: target.clientId,
    ChallengeName: 'PASSWORD_VERIFIER',
    Session: started.Session,
    ChallengeResponses: client.claim(started.ChallengeParameters as Record<string, string>, PASSWORD),
  })
  if (!(result.AuthenticationResult as { IdToken?: string } | undefined)?.IdToken)
    throw new Error('no tokens')
}

interface Result {
  rate: number
  errors: number
  p50: number
  p99: number
}

/** A closed loop of CONCURRENCY sign-ins in flight: a warm-up, then SECONDS timed. */
async function measure(name: string, signIn: () => Promise<void>): Promise<Result> {
  const run = async (seconds: number) => {
    const latencies: number[] = []
    let errors = 0
    let firstError: unknown
    const until = performance.now() + seconds * 1000
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < until) {
          const started = performance.now()
          try {
            await signIn()
            latencies.push(performance.now() - started)
          } catch (error) {
            errors++
            firstError ??= error
          }
        }
      }),
    )
    if (firstError) console.log(`# ${name}: first error: ${String(firstError)}`)
    latencies.sort((a, b) => a - b)
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0
    return { rate: latencies.length / seconds, errors, p50: at(0.5), p99: at(0.99) }
  }
  await run(WARMUP)
  const result = await run(SECONDS)
  console.log(`# ${name}: ${result.rate.toFixed(1)}/s, ${result.errors} errors`)
  return result
}

if (flags.serve !== undefined) await serve(flags.serve)
else await main()
