// Sign-in benchmark: the argon2id bound and InitiateAuth USER_PASSWORD_AUTH and USER_SRP_AUTH (with
// RespondToAuthChallenge) sign-ins per second against a running user pool, measured in one run.
//   node --import tsx bench/signin.ts [--rounds 3] [--seconds 4] [--concurrency 16] [--users 32]
//        [--threadpool N] [--profile DIR]
// The server runs in a child process on 127.0.0.1 (port 0, a temporary data folder) so the load
// generator does not share its event loop. The three measurements alternate in short rounds, so
// that other load on a shared machine weighs on all of them alike; each reports its median round,
// and the CPU time per operation (the bound's own process; the server process for sign-ins).
// Results and method: docs/benchmarks.md, "Sign-in".
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import {
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import {
  createArgon2Hasher,
  DEFAULT_HASH_CONCURRENCY,
  MINIMUM_HASH_PARAMETERS,
} from '../src/userpool/index.js'
import { createSrpVerifier, startSrpSession, verifyPasswordClaim } from '../src/userpool/srp.js'
import { NodeSrpClient } from '../test/vectors/srp/node-client.js'

const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '16' },
    users: { type: 'string', default: '32' },
    // security.md §5: size libuv's pool, where argon2 runs, to the cores.
    threadpool: { type: 'string', default: String(availableParallelism()) },
    // For profiling one flow: bound, password or srp (comma-separated).
    only: { type: 'string', default: 'bound,password,srp' },
    profile: { type: 'string' },
    serve: { type: 'string' },
  },
})
const ROUNDS = Number(flags.rounds)
const SECONDS = Number(flags.seconds)
const WARMUP = Number(flags.warmup)
const CONCURRENCY = Number(flags.concurrency)
const USERS = Number(flags.users)
const THREADPOOL = Number(flags.threadpool)
const PASSWORD = 'Passw0rd!'
/** The bound uses the server's argon2 gate: createArgon2Hasher's default concurrency. */
const ARGON2_CONCURRENCY = DEFAULT_HASH_CONCURRENCY

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
  console.log(
    `# ${ROUNDS} rounds of ${SECONDS} s per measurement (after ${WARMUP} s of warm-up each), ${CONCURRENCY} sign-ins in flight`,
  )
  console.log(
    `# server: UV_THREADPOOL_SIZE=${THREADPOOL}, argon2 gate ${ARGON2_CONCURRENCY} at a time (the bound uses the same)`,
  )
  srpCost()
  const hasher = await createArgon2Hasher(MINIMUM_HASH_PARAMETERS, { concurrency: ARGON2_CONCURRENCY })
  const phc = await hasher.hash(PASSWORD)
  const dataDir = mkdtempSync(join(tmpdir(), 'portcullis-bench-signin-'))
  const child = startServer(dataDir)
  try {
    const { url, credentials } = await readReady(child)
    const target = await provision(url, credentials)
    const server = () => serverCpuMs(child.pid!)
    const phases = {
      bound: {
        name: 'argon2id bound (verifications)',
        cpu: ownCpuMs,
        run: () => hasher.verify(phc, PASSWORD),
        in: ARGON2_CONCURRENCY,
      },
      password: {
        name: 'USER_PASSWORD_AUTH',
        cpu: server,
        run: () => passwordSignIn(url, target),
        in: CONCURRENCY,
      },
      srp: {
        name: 'USER_SRP_AUTH + RespondToAuthChallenge',
        cpu: server,
        run: () => srpSignIn(url, target),
        in: CONCURRENCY,
      },
    }
    const results: Record<keyof typeof phases, Result[]> = { bound: [], password: [], srp: [] }
    for (let round = 0; round < ROUNDS; round++)
      for (const key of Object.keys(phases) as Array<keyof typeof phases>) {
        if (!flags.only.split(',').includes(key)) continue
        const phase = phases[key]
        if (round === 0) await measure(phase.name, phase.run, phase.in, WARMUP, phase.cpu)
        const result = await measure(phase.name, phase.run, phase.in, SECONDS, phase.cpu)
        results[key].push(result)
        console.log(
          `# round ${round + 1} ${phase.name}: ${result.rate.toFixed(1)}/s, ${result.errors} errors`,
        )
      }
    report(results.bound, results.password, results.srp)
  } finally {
    agent.destroy()
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
    rmSync(dataDir, { recursive: true, force: true })
  }
}

function report(bound: Result[], password: Result[], srp: Result[]): void {
  const median = (results: Result[]) =>
    [...results].sort((a, b) => a.rate - b.rate)[Math.floor(results.length / 2)]
  const b = median(bound)
  console.log('')
  if (b)
    console.log(
      `${'argon2id bound'.padEnd(20)} ${b.rate.toFixed(1).padStart(6)}/s                      ${b.cpuMs.toFixed(1)} ms CPU per verification`,
    )
  const errors = [...password, ...srp].reduce((sum, r) => sum + r.errors, 0)
  for (const [name, results] of [
    ['USER_PASSWORD_AUTH', password],
    ['USER_SRP_AUTH', srp],
  ] as const) {
    const r = median(results)
    if (!r) continue
    // Each round's sign-ins against the bound measured just before it, under the same load.
    const ratios = results.map((x, i) => x.rate / (bound[i]?.rate ?? Number.NaN)).sort((x, y) => x - y)
    console.log(
      `${name.padEnd(20)} ${r.rate.toFixed(1).padStart(6)}/s  ${ratios[Math.floor(ratios.length / 2)]!.toFixed(2)}× the bound  ` +
        `${r.cpuMs.toFixed(1)} ms server CPU per sign-in (load generator ${r.clientCpuMs.toFixed(1)} ms), ` +
        `p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms`,
    )
  }
  const p = median(password)
  const ok = errors === 0 && b !== undefined && p !== undefined && p.rate >= 0.8 * b.rate && p.rate >= 120
  console.log(
    `errors: ${errors}; ${ok ? 'targets met (>= 0.8× the bound, >= 120/s, 0 errors)' : 'TARGETS MISSED'}`,
  )
}

/** CPU time of this process (the argon2 bound runs here), in milliseconds. */
function ownCpuMs(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

/** CPU time of the server process and all its threads, from /proc (Linux), in milliseconds. */
function serverCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
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

function startServer(dataDir: string): ChildProcess {
  const args = ['--import', 'tsx']
  if (flags.profile) args.push('--cpu-prof', `--cpu-prof-dir=${flags.profile}`)
  args.push(import.meta.filename, '--serve', dataDir)
  const env = { ...process.env, UV_THREADPOOL_SIZE: String(THREADPOOL) }
  return spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env })
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

/** Keep-alive connections, one per sign-in in flight: node:http costs the load generator less than fetch. */
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })

function cognito(url: string, action: string, body: unknown): Promise<Record<string, unknown>> {
  const payload = JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'content-length': Buffer.byteLength(payload),
          'x-amz-target': `AWSCognitoIdentityProviderService.${action}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>
          if (res.statusCode === 200) resolve(json)
          else reject(new Error(`${action}: ${json.__type}: ${json.message}`))
        })
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(payload)
  })
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
  /** CPU milliseconds per completed operation, of the process `cpu` measures. */
  cpuMs: number
  /** CPU milliseconds per completed operation spent here, in the load generator. */
  clientCpuMs: number
}

/** A closed loop of `inFlight` operations at a time for `seconds`. */
async function measure(
  name: string,
  operation: () => Promise<unknown>,
  inFlight: number,
  seconds: number,
  cpu: () => number,
): Promise<Result> {
  const latencies: number[] = []
  let errors = 0
  let firstError: unknown
  const cpuBefore = cpu()
  const ownBefore = ownCpuMs()
  const until = performance.now() + seconds * 1000
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < until) {
        const started = performance.now()
        try {
          await operation()
          latencies.push(performance.now() - started)
        } catch (error) {
          errors++
          firstError ??= error
        }
      }
    }),
  )
  const cpuMs = (cpu() - cpuBefore) / Math.max(1, latencies.length)
  const clientCpuMs = (ownCpuMs() - ownBefore) / Math.max(1, latencies.length)
  if (firstError) console.log(`# ${name}: first error: ${String(firstError)}`)
  latencies.sort((a, b) => a - b)
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0
  return { rate: latencies.length / seconds, errors, p50: at(0.5), p99: at(0.99), cpuMs, clientCpuMs }
}

if (flags.serve !== undefined) await serve(flags.serve)
else await main()
