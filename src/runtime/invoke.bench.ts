// Throughput of the invoke path, in both modes, against raw node:http hello in the same run.
//
//   node --import tsx src/runtime/invoke.bench.ts direct            invokes/s without HTTP
//   node --import tsx src/runtime/invoke.bench.ts http [rounds]     wrk -t1 -c64, server pinned to
//                                                                   CPU 0 (all its threads), wrk to CPU 1
//   node --import tsx src/runtime/invoke.bench.ts reload [saves]    ms from writing a handler to the
//                                                                   first invocation answering with the new code
//
// The HTTP server builds a payload 2.0 event per request and maps `{statusCode, headers, body}`,
// like the gateway without its authorizer, so the ratio shows what the runtime leaves for it.
import { execFileSync, spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '../core/index.js'
import type { Runtime } from './contract.js'
import { createRuntime } from './index.js'

const HANDLER = `export const main = async (event) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ message: 'Hello user!', sub: event.requestContext.authorizer.jwt.claims.sub }),
})
`

function event(requestId: string, path: string) {
  return {
    version: '2.0',
    routeKey: 'GET /private',
    rawPath: path,
    rawQueryString: '',
    headers: { host: '127.0.0.1', 'user-agent': 'wrk', accept: '*/*' },
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: '127.0.0.1',
      domainPrefix: '127',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'wrk' },
      requestId,
      routeKey: 'GET /private',
      stage: '$default',
      time: '21/Nov/2026:22:55:00 +0000',
      timeEpoch: Date.now(),
      authorizer: {
        jwt: {
          claims: {
            sub: 'a1b2c3',
            iss: 'http://127.0.0.1/us-east-1_AbC123xyZ',
            token_use: 'id',
            email: 'x@y.z',
          },
          scopes: null,
        },
      },
    },
    isBase64Encoded: false,
  }
}

async function withRuntime<T>(
  mode: 'isolated' | 'inprocess',
  body: (runtime: Runtime) => Promise<T>,
): Promise<T> {
  const rootDir = await mkdtemp(join(tmpdir(), 'portcullis-bench-'))
  await writeFile(join(rootDir, 'hello.mjs'), HANDLER)
  const runtime = await createRuntime({
    rootDir,
    mode,
    logger: silentLogger,
    functions: [{ id: 'hello', handler: 'hello.main' }],
    maxWorkersPerFunction: Number(process.env['BENCH_WORKERS'] ?? 8),
  })
  try {
    return await body(runtime)
  } finally {
    await runtime.close()
    await rm(rootDir, { recursive: true, force: true })
  }
}

async function direct(): Promise<void> {
  for (const mode of ['inprocess', 'isolated'] as const) {
    await withRuntime(mode, async (runtime) => {
      for (const concurrency of [1, 8, 64]) {
        let count = 0
        const until = performance.now() + 2000
        const loop = async () => {
          while (performance.now() < until) {
            const outcome = await runtime.invoke({
              functionId: 'hello',
              event: event(String(count), '/private'),
              requestId: String(count),
              timeoutMs: 30_000,
            })
            if (!outcome.ok) throw new Error(JSON.stringify(outcome))
            count++
          }
        }
        await Promise.all(Array.from({ length: concurrency }, loop))
        console.log(`${mode} concurrency ${concurrency}: ${Math.round(count / 2)} invokes/s`)
      }
    })
  }
}

async function serve(mode: 'hello' | 'isolated' | 'inprocess', port: number): Promise<void> {
  const hello = JSON.stringify({ message: 'Hello user!' })
  if (mode === 'hello') {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(hello)
    }).listen(port, '127.0.0.1', () => process.send?.('ready'))
    process.once('disconnect', () => server.close())
    return
  }
  await withRuntime(mode, async (runtime) => {
    let seq = 0
    const server = createServer((req, res) => {
      const requestId = String(++seq)
      runtime
        .invoke({
          functionId: 'hello',
          event: event(requestId, req.url ?? '/'),
          requestId,
          timeoutMs: 30_000,
        })
        .then((outcome) => {
          if (!outcome.ok) return void res.writeHead(500).end('{"message":"Internal Server Error"}')
          const result = outcome.result as {
            statusCode: number
            headers: Record<string, string>
            body: string
          }
          res
            .writeHead(result.statusCode, { ...result.headers, 'apigw-requestid': requestId })
            .end(result.body)
        })
    })
    server.listen(port, '127.0.0.1', () => process.send?.('ready'))
    await new Promise((resolve) => process.once('disconnect', resolve))
    server.close()
    server.closeAllConnections()
  })
}

async function http(rounds: number): Promise<void> {
  const cases = ['hello', 'inprocess', 'isolated'] as const
  const results: Record<string, number[]> = { hello: [], inprocess: [], isolated: [] }
  for (let round = 0; round < rounds; round++) {
    for (const mode of cases) {
      const port = 18_000 + Math.floor(Math.random() * 1000)
      const child = spawn(
        'taskset',
        ['-c', '0', process.execPath, ...process.execArgv, import.meta.filename, 'serve', mode, String(port)],
        { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
      )
      await new Promise((resolve) => child.once('message', resolve))
      const url = `http://127.0.0.1:${port}/private`
      wrk(url, 3)
      const rps = wrk(url, 5)
      results[mode]!.push(rps)
      child.disconnect()
      await new Promise((resolve) => child.once('exit', resolve))
      console.log(`round ${round + 1} ${mode}: ${Math.round(rps)} req/s`)
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
  const ratios = (mode: string) => results[mode]!.map((rps, i) => rps / results['hello']![i]!)
  for (const mode of cases)
    console.log(
      `${mode}: median ${Math.round(median(results[mode]!))} req/s, ratio to hello ${median(ratios(mode)).toFixed(3)}`,
    )
}

async function reload(saves: number): Promise<void> {
  for (const mode of ['isolated', 'inprocess'] as const) {
    const rootDir = await mkdtemp(join(tmpdir(), 'portcullis-bench-'))
    const source = (v: number) =>
      `import { helper } from './helper.ts'\nexport const main = async () => helper(${v})\n`
    await writeFile(join(rootDir, 'helper.ts'), 'export const helper = (v: number) => v\n')
    await writeFile(join(rootDir, 'handler.ts'), source(0))
    const runtime = await createRuntime({
      rootDir,
      mode,
      watch: true,
      logger: silentLogger,
      functions: [{ id: 'handler', handler: 'handler.main' }],
    })
    const latencies: number[] = []
    try {
      for (let v = 1; v <= saves; v++) {
        await new Promise((resolve) => setTimeout(resolve, 150))
        const started = performance.now()
        await writeFile(join(rootDir, 'handler.ts'), source(v))
        for (;;) {
          const outcome = await runtime.invoke({
            functionId: 'handler',
            event: {},
            requestId: 'r',
            timeoutMs: 5000,
          })
          if (outcome.ok && outcome.result === v) break
          await new Promise((resolve) => setTimeout(resolve, 1))
        }
        latencies.push(performance.now() - started)
      }
    } finally {
      await runtime.close()
      await rm(rootDir, { recursive: true, force: true })
    }
    latencies.sort((a, b) => a - b)
    const at = (q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(0)
    console.log(
      `${mode}: save to new code served, ms: median ${at(0.5)}, p90 ${at(0.9)}, max ${at(1)} (${saves} saves)`,
    )
  }
}

function wrk(url: string, seconds: number): number {
  const out = execFileSync(
    'taskset',
    ['-c', '1', 'wrk', '-t1', '-c64', `-d${seconds}s`, '--timeout', '5s', url],
    {
      encoding: 'utf8',
    },
  )
  if (/Non-2xx/.test(out)) throw new Error(`errors during the run:\n${out}`)
  return Number(/Requests\/sec:\s+([\d.]+)/.exec(out)![1])
}

const [command = 'direct', ...args] = process.argv.slice(2)
if (command === 'direct') await direct()
else if (command === 'http') await http(Number(args[0] ?? 3))
else if (command === 'reload') await reload(Number(args[0] ?? 20))
else if (command === 'serve') await serve(args[0] as 'hello', Number(args[1]))
