// Gateway benchmark: one run, interleaved rounds, server on CPU 0, load generator on CPU 1.
//   node --import tsx bench/gateway.ts [--rounds 5] [--warmup 5] [--seconds 5] [--connections 64]
//        [--only hello,public,...] [--invoke path/to/invoke.ts] [--out bench/results/x.json]
// Method and reading of the results: bench/README.md. Results: docs/benchmarks.md.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { cpuTimes, JIFFIES_PER_SECOND, processJiffies, voluntarySwitches } from './lib/cpu.js'
import { createSetup } from './lib/setup.js'
import { run, runWrk, type WrkResult } from './lib/wrk.js'

const HERE = import.meta.dirname
const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '64' },
    tokens: { type: 'string', default: '12000' },
    only: { type: 'string' },
    invoke: { type: 'string' },
    out: { type: 'string' },
    'skip-rate': { type: 'boolean', default: false },
    rate: { type: 'string' },
    'paced-warmup': { type: 'string', default: '15' },
    'paced-rounds': { type: 'string' },
  },
})
const ROUNDS = Number(flags.rounds)
const WARMUP = Number(flags.warmup)
const SECONDS = Number(flags.seconds)
const CONNECTIONS = Number(flags.connections)
/** Rounds of the paced runs: as many as the throughput rounds, 3 to 5, unless given. */
const PACED_ROUNDS = flags['paced-rounds'] ? Number(flags['paced-rounds']) : Math.max(3, Math.min(ROUNDS, 5))
if (!Number.isInteger(PACED_ROUNDS) || PACED_ROUNDS < 1)
  throw new Error(`--paced-rounds must be a positive integer, not ${flags['paced-rounds']}`)
const SERVER_CPU = 0
const LOAD_CPU = 1

interface Candidate {
  name: string
  title: string
  server: string
  path: string
  /** `token`: one token reused; `rotate`: the next first-seen token each request. */
  auth: 'none' | 'token' | 'rotate'
  env?: Record<string, string>
}

const RUNTIME_INVOKE = join(HERE, 'servers', 'runtime-invoke.ts')
const allCandidates: Candidate[] = [
  { name: 'hello', title: 'raw node:http hello', server: 'hello.ts', path: '/', auth: 'none' },
  {
    name: 'jose',
    title: 'minimal node:http + jose RS256 gateway (verifies every request)',
    server: 'jose-gateway.ts',
    path: '/',
    auth: 'rotate',
  },
  {
    name: 'public',
    title: 'Portcullis, public route',
    server: 'portcullis.ts',
    path: '/public',
    auth: 'none',
  },
  {
    name: 'cached',
    title: 'Portcullis, JWT route, already-seen token',
    server: 'portcullis.ts',
    path: '/private',
    auth: 'token',
  },
  {
    name: 'first-seen',
    title: 'Portcullis, JWT route, first-seen token each request',
    server: 'portcullis.ts',
    path: '/private',
    auth: 'rotate',
  },
  {
    name: 'runtime-inprocess',
    title: 'Portcullis, JWT route, already-seen token, src/runtime in-process mode',
    server: 'portcullis.ts',
    path: '/private',
    auth: 'token',
    env: { BENCH_INVOKE: RUNTIME_INVOKE, BENCH_RUNTIME_MODE: 'inprocess' },
  },
  {
    name: 'production',
    title:
      'Portcullis, JWT route, already-seen token, as `portcullis start` runs it: src/runtime in-process and its JSON request log (to /dev/null)',
    server: 'portcullis.ts',
    path: '/private',
    auth: 'token',
    env: { BENCH_INVOKE: RUNTIME_INVOKE, BENCH_RUNTIME_MODE: 'inprocess', BENCH_LOG: 'cli' },
  },
  {
    name: 'runtime-isolated',
    title: 'Portcullis, JWT route, already-seen token, src/runtime isolated mode (workers)',
    server: 'portcullis.ts',
    path: '/private',
    auth: 'token',
    env: { BENCH_INVOKE: RUNTIME_INVOKE, BENCH_RUNTIME_MODE: 'isolated' },
  },
]
const candidates = allCandidates.filter((c) => !flags.only || flags.only.split(',').includes(c.name))

interface Sample extends WrkResult {
  round: number
  serverCpuUsPerRequest: number
  serverUserUsPerRequest: number
  serverSystemUsPerRequest: number
  /** Times wrk's threads blocked per request: each is a wake-up the server's response paid for. */
  loadSleepsPerRequest: number
  cpu0Busy: number
  foreignCpu0: number
  foreignCpu1: number
  retries?: number
}

// Not under /tmp: other test suites on this machine clean /tmp/portcullis-*.
const dir = mkdtempSync(join('/var/tmp', 'gateway-bench-'))
const setup = createSetup(dir, Number(flags.tokens))
const serverEnv = { BENCH_SETUP: setup.setupFile, ...(flags.invoke ? { BENCH_INVOKE: flags.invoke } : {}) }

async function startServer(candidate: Candidate): Promise<{ child: ChildProcess; port: number }> {
  const script = join(HERE, 'servers', candidate.server)
  const child = spawn('taskset', ['-c', String(SERVER_CPU), process.execPath, '--import', 'tsx', script], {
    env: { ...process.env, ...serverEnv, ...candidate.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      const match = /READY (\d+)/.exec(d.toString())
      if (match) resolve(Number(match[1]))
    })
    child.on('exit', (code) => reject(new Error(`${candidate.name} exited ${code}`)))
  })
  return { child, port }
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

/** Correctness before speed: 200 for the valid case, 401 for a forged or missing token where verified. */
async function smoke(candidate: Candidate, port: number): Promise<void> {
  const url = `http://127.0.0.1:${port}${candidate.path}`
  const status = async (token?: string) =>
    (await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} })).status
  const expect = (what: string, got: number, want: number) => {
    if (got !== want) throw new Error(`${candidate.name}: ${what} answered ${got}, expected ${want}`)
  }
  expect('valid request', await status(candidate.auth === 'none' ? undefined : setup.token), 200)
  if (candidate.auth !== 'none') {
    expect('forged token', await status(setup.forged), 401)
    expect('missing token', await status(), 401)
  }
}

function wrkOptions(candidate: Candidate, port: number, seconds: number) {
  return {
    url: `http://127.0.0.1:${port}${candidate.path}`,
    seconds,
    connections: CONNECTIONS,
    cpu: LOAD_CPU,
    header: candidate.auth === 'token' ? `Authorization: Bearer ${setup.token}` : undefined,
    script:
      candidate.auth === 'rotate'
        ? {
            file: join(HERE, 'lib', 'rotate-tokens.lua'),
            env: { TOKENS_FILE: setup.tokensFile, TARGET_PATH: candidate.path },
          }
        : undefined,
  }
}

/** Waits (at most a minute) for a second in which both CPUs are at most 10 % busy. */
async function quietSecond(): Promise<void> {
  for (let tries = 0; tries < 60; tries++) {
    const before = [cpuTimes(SERVER_CPU), cpuTimes(LOAD_CPU)]
    await sleep(1_000)
    const after = [cpuTimes(SERVER_CPU), cpuTimes(LOAD_CPU)]
    const busy = after.map((a, i) => (a.busy - before[i]!.busy) / (a.total - before[i]!.total))
    if (busy.every((b) => b <= 0.1)) return
  }
}

/**
 * One measured run. CPU use is sampled inside the run (from 0.5 s after the start to 0.5 s
 * before the end): the server's own CPU per request, and the CPU that other processes took on
 * each core ("foreign"), which marks a run as contaminated.
 */
async function measureOnce(candidate: Candidate, round: number, paceRate?: number): Promise<Sample> {
  const { child, port } = await startServer(candidate)
  try {
    await smoke(candidate, port)
    // Paced runs measure the steady state, so they warm up past the start-up transients (JIT, and
    // the module loader thread's heap reduction about 8 s after start, which takes the core for
    // ~10 ms at a time): at least PACED_WARMUP seconds.
    await runWrk(wrkOptions(candidate, port, paceRate ? Math.max(WARMUP, PACED_WARMUP) : WARMUP))
    await quietSecond()
    let wrkPid = 0
    const options = paceRate ? pacedOptions(candidate, port, paceRate) : wrkOptions(candidate, port, SECONDS)
    const running = runWrk(options, (pid) => {
      wrkPid = pid
    })
    await sleep(500)
    const before = snapshot(child.pid!, wrkPid)
    await sleep(SECONDS * 1000 - 1_000)
    const after = snapshot(child.pid!, wrkPid)
    const result = await running
    const window = (after.cpu0.total - before.cpu0.total) / JIFFIES_PER_SECOND
    const serverUser = after.server.user - before.server.user
    const serverSystem = after.server.system - before.server.system
    const server = serverUser + serverSystem
    const load = after.wrk.user + after.wrk.system - before.wrk.user - before.wrk.system
    const share = (jiffies: number, cpu: 'cpu0' | 'cpu1') => jiffies / (after[cpu].total - before[cpu].total)
    const perRequest = (jiffies: number) => ((jiffies / JIFFIES_PER_SECOND) * 1e6) / (result.rps * window)
    return {
      ...result,
      round,
      serverCpuUsPerRequest: perRequest(server),
      serverUserUsPerRequest: perRequest(serverUser),
      serverSystemUsPerRequest: perRequest(serverSystem),
      loadSleepsPerRequest: (after.wrkSleeps - before.wrkSleeps) / (result.rps * window),
      cpu0Busy: share(after.cpu0.busy - before.cpu0.busy, 'cpu0'),
      foreignCpu0: Math.max(0, share(after.cpu0.busy - before.cpu0.busy - server, 'cpu0')),
      foreignCpu1: Math.max(0, share(after.cpu1.busy - before.cpu1.busy - load, 'cpu1')),
    }
  } finally {
    await stopServer(child)
  }
}

function snapshot(serverPid: number, wrkPid: number) {
  return {
    cpu0: cpuTimes(SERVER_CPU),
    cpu1: cpuTimes(LOAD_CPU),
    server: processJiffies(serverPid),
    wrk: wrkPid ? processJiffies(wrkPid) : { user: 0, system: 0 },
    wrkSleeps: wrkPid ? voluntarySwitches(wrkPid) : 0,
  }
}

/** Foreign CPU above this share of a core drops the run; it is repeated up to three times. */
const CONTAMINATED = 0.1

async function measure(candidate: Candidate, round: number, paceRate?: number): Promise<Sample> {
  let sample = await measureOnce(candidate, round, paceRate)
  for (
    let retry = 1;
    retry <= 3 && Math.max(sample.foreignCpu0, sample.foreignCpu1) > CONTAMINATED;
    retry++
  ) {
    console.log(
      `  dropped ${candidate.name} (foreign cpu0 ${fixed(sample.foreignCpu0 * 100, 0)}%, cpu1 ${fixed(sample.foreignCpu1 * 100, 0)}%), retry ${retry}`,
    )
    sample = { ...(await measureOnce(candidate, round, paceRate)), retries: retry }
  }
  return sample
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Warm-up of the paced runs, in seconds: past the start-up transients measured in a process. */
const PACED_WARMUP = Number(flags['paced-warmup'])

/** Connections of the paced runs: enough that each waits ≥ 10 ms between requests at ~40 k req/s. */
const PACED_CONNECTIONS = 400

/** Half-load latency: wrk paced by `lib/paced.lua` at about `rate` requests per second. */
function pacedOptions(candidate: Candidate, port: number, rate: number) {
  const paceMs = Math.max(1, Math.round((PACED_CONNECTIONS / rate) * 1000))
  return {
    ...wrkOptions(candidate, port, SECONDS),
    connections: PACED_CONNECTIONS,
    script: { file: join(HERE, 'lib', 'paced.lua'), env: { PACE_MS: String(paceMs) } },
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}
const fixed = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '–')

async function main(): Promise<void> {
  // The orchestrator itself stays off the server's core (all its threads).
  await run('taskset', ['-a', '-p', '-c', String(LOAD_CPU), String(process.pid)])
  const started = new Date()
  const wrkVersion =
    /wrk (debian\/)?\d\S*/.exec(await run('wrk', ['-v']).catch((e: Error) => e.message))?.[0] ?? 'wrk'
  console.log(
    `${candidates.length} candidates × ${ROUNDS} rounds, ${WARMUP} s warm-up + ${SECONDS} s, c=${CONNECTIONS}; ${wrkVersion}`,
  )
  const samples = new Map<string, Sample[]>(candidates.map((c) => [c.name, []]))
  for (let round = 1; round <= ROUNDS; round++)
    for (const candidate of candidates) {
      const sample = await measure(candidate, round)
      if (sample.bad > 0) throw new Error(`${candidate.name} round ${round}: ${sample.bad} bad responses`)
      samples.get(candidate.name)!.push(sample)
      console.log(
        `round ${round} ${candidate.name.padEnd(12)} ${fixed(sample.rps, 0).padStart(7)} req/s  p50 ${fixed(sample.p50)} ms  p99 ${fixed(sample.p99)} ms  ${fixed(sample.serverCpuUsPerRequest, 1)} µs/req (user ${fixed(sample.serverUserUsPerRequest, 1)}, system ${fixed(sample.serverSystemUsPerRequest, 1)}), wrk slept ${fixed(sample.loadSleepsPerRequest, 2)}/req  foreign cpu0/1 ${fixed(sample.foreignCpu0 * 100, 0)}/${fixed(sample.foreignCpu1 * 100, 0)}%`,
      )
    }
  const hello = samples.get('hello')
  const rows = candidates.map((c) => {
    const list = samples.get(c.name)!
    const ratios = hello ? list.map((s, i) => s.rps / hello[i]!.rps) : []
    return {
      name: c.name,
      title: c.title,
      ratio: hello ? median(ratios) : Number.NaN,
      ratios,
      rps: median(list.map((s) => s.rps)),
      rpsMin: Math.min(...list.map((s) => s.rps)),
      rpsMax: Math.max(...list.map((s) => s.rps)),
      p50: median(list.map((s) => s.p50)),
      p99: median(list.map((s) => s.p99)),
      cpuUs: median(list.map((s) => s.serverCpuUsPerRequest)),
    }
  })
  const half = flags.rate ? Number(flags.rate) : hello ? Math.round(median(hello.map((s) => s.rps)) / 2) : 0
  const paced = candidates.filter((x) =>
    ['hello', 'public', 'cached', 'runtime-inprocess', 'production'].includes(x.name),
  )
  const rate: Record<string, Sample[]> = Object.fromEntries(paced.map((c) => [c.name, []]))
  if (half > 0 && !flags['skip-rate'])
    for (let round = 1; round <= PACED_ROUNDS; round++)
      for (const c of paced) {
        const sample = await measure(c, round, half)
        rate[c.name]!.push(sample)
        console.log(
          `paced ~${half} req/s round ${round} ${c.name.padEnd(8)} ${fixed(sample.rps, 0)} req/s  p50 ${fixed(sample.p50)} ms  p90 ${fixed(sample.p90)} ms  p99 ${fixed(sample.p99)} ms  foreign cpu0/1 ${fixed(sample.foreignCpu0 * 100, 0)}/${fixed(sample.foreignCpu1 * 100, 0)}%`,
        )
      }
  const report = {
    date: started.toISOString(),
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model,
      memGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      wrk: wrkVersion,
    },
    method: {
      rounds: ROUNDS,
      warmupSeconds: WARMUP,
      seconds: SECONDS,
      connections: CONNECTIONS,
      serverCpu: SERVER_CPU,
      loadCpu: LOAD_CPU,
      firstSeenTokens: Number(flags.tokens),
      invoke: flags.invoke ?? 'in-process',
      pacedRounds: PACED_ROUNDS,
      pacedWarmupSeconds: PACED_WARMUP,
      pacedConnections: PACED_CONNECTIONS,
    },
    rows,
    halfLoadRate: half,
    paced: Object.fromEntries(
      Object.entries(rate).map(([name, list]) => [
        name,
        {
          rps: median(list.map((x) => x.rps)),
          p50: median(list.map((x) => x.p50)),
          p90: median(list.map((x) => x.p90)),
          p99: median(list.map((x) => x.p99)),
          samples: list,
        },
      ]),
    ),
    samples: Object.fromEntries(samples),
  }
  console.log(
    '\n| case | ratio to hello (median of rounds) | per-round ratios | req/s median (min–max) | p50 ms | p99 ms | server CPU µs/req |',
  )
  console.log('|---|---|---|---|---|---|---|')
  for (const r of rows)
    console.log(
      `| ${r.title} | **${fixed(r.ratio, 3)}** | ${r.ratios.map((x) => fixed(x, 2)).join(' ')} | ${fixed(r.rps, 0)} (${fixed(r.rpsMin, 0)}–${fixed(r.rpsMax, 0)}) | ${fixed(r.p50)} | ${fixed(r.p99)} | ${fixed(r.cpuUs, 1)} |`,
    )
  const out =
    flags.out ??
    join(HERE, 'results', `gateway-${started.toISOString().slice(0, 19).replaceAll(':', '')}.json`)
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`)
  console.log(`\nwrote ${out}`)
}

try {
  await main()
} finally {
  rmSync(dir, { recursive: true, force: true })
}
