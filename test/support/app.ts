import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import type { OutputsFile } from '../../src/server/index.js'

const ROOT = resolve(import.meta.dirname, '../..')
export const CLI = join(ROOT, 'bin/portcullis.js')
const run = promisify(execFile)

/** A private copy of an example app, resolving `portcullis` to this repository. */
export function copyExample(name: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `portcullis-${name}-`))
  cpSync(join(ROOT, 'examples', name), dir, {
    recursive: true,
    filter: (src) => !src.includes('.portcullis') && !src.includes('node_modules'),
  })
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export interface RunningApp {
  process: ChildProcess
  outputs: OutputsFile
  /** Everything the process printed so far. */
  output(): string
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>
  /** Sends SIGTERM; resolves with the exit code, or the signal that ended the process. */
  stop(): Promise<number | NodeJS.Signals | null>
}

/** Spawns `portcullis <command> <args>` in `dir` and resolves once it reports ready. */
export async function startCli(
  dir: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<RunningApp> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let text = ''
  child.stdout!.on('data', (chunk) => {
    text += chunk
  })
  child.stderr!.on('data', (chunk) => {
    text += chunk
  })
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  )
  const waitFor = async (pattern: RegExp, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs
    while (!pattern.test(text)) {
      if (child.exitCode !== null)
        throw new Error(`portcullis exited (${child.exitCode}) before ${pattern}:\n${text}`)
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${text}`)
      await new Promise((r) => setTimeout(r, 25))
    }
  }
  const app: RunningApp = {
    process: child,
    outputs: undefined as unknown as OutputsFile,
    output: () => text,
    waitFor,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      return exited
    },
  }
  try {
    await waitFor(/ready in \d+ ms|"msg":"ready"/)
  } catch (error) {
    await app.stop()
    throw error
  }
  const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined)
  const dataDir = option('--data-dir')
  app.outputs = dataDir
    ? (JSON.parse(readFileSync(join(dataDir, 'outputs.json'), 'utf8')) as OutputsFile)
    : readOutputsFile(dir, option('--stage') ?? 'dev')
  return app
}

export function readOutputsFile(dir: string, stage: string): OutputsFile {
  const path = join(dir, '.portcullis', stage, 'outputs.json')
  if (!existsSync(path)) throw new Error(`no outputs at ${path}`)
  return JSON.parse(readFileSync(path, 'utf8')) as OutputsFile
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  await new Promise((r) => server.close(r))
  return port
}

/** Runs a short CLI command to completion. */
export async function cli(
  dir: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', ...env },
      timeout: 60_000,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }
  }
}

/** Parses `export NAME='value'` lines (what `portcullis env` prints). */
export function parseExports(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of text.matchAll(/^export ([A-Z_]+)='((?:[^']|'\\'')*)'$/gm))
    out[m[1]!] = m[2]!.replaceAll("'\\''", "'")
  return out
}

/** Polls until `check` passes or the time is up (for effects of file watching). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await check()
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((r) => setTimeout(r, 50))
    }
  }
}
