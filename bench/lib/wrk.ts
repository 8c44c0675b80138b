import { spawn } from 'node:child_process'

export interface WrkResult {
  rps: number
  requests: number
  p50: number
  p90: number
  p99: number
  /** Responses that were not 2xx/3xx, and socket errors: both must be zero. */
  bad: number
}

export interface WrkOptions {
  url: string
  seconds: number
  connections: number
  cpu: number
  header?: string
  script?: { file: string; env: Record<string, string> }
}

/** Runs wrk (closed loop, one thread) pinned to `cpu`, and parses its --latency report. */
export async function runWrk(options: WrkOptions, onStart?: (pid: number) => void): Promise<WrkResult> {
  const args = [
    '-c',
    String(options.cpu),
    'wrk',
    '-t1',
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    '--timeout',
    '5s',
    '--latency',
  ]
  if (options.header) args.push('-H', options.header)
  if (options.script) args.push('-s', options.script.file)
  args.push(options.url)
  // taskset execs wrk in its own process, so the pid is wrk's.
  const output = await run('taskset', args, { ...process.env, ...options.script?.env }, onStart)
  const number = (pattern: RegExp) => Number(pattern.exec(output)?.[1] ?? Number.NaN)
  const ms = (label: string) => toMs(new RegExp(`^\\s+${label}%\\s+([\\d.]+\\w+)`, 'm').exec(output)?.[1])
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output)
  return {
    rps: number(/Requests\/sec:\s+([\d.]+)/),
    requests: number(/(\d+) requests in/),
    p50: ms('50'),
    p90: ms('90'),
    p99: ms('99'),
    bad:
      number(/Non-2xx or 3xx responses: (\d+)/) ||
      0 + (errors ? errors.slice(1).reduce((a, b) => a + Number(b), 0) : 0),
  }
}

function toMs(text: string | undefined): number {
  const match = /^([\d.]+)(us|ms|s)$/.exec(text ?? '')
  if (!match) return Number.NaN
  const value = Number(match[1])
  return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value
}

export function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  onStart?: (pid: number) => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    if (child.pid !== undefined) onStart?.(child.pid)
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
    })
    child.stderr.on('data', (d) => {
      out += d
    })
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} exited ${code}: ${out}`)),
    )
  })
}
