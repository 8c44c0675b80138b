// The development loop, measured: from `portcullis dev` to the first served request, and from
// saving a handler to serving its new code. Bounded: a few starts and a few edits, loopback only.
//   node --import tsx bench/dev-loop.ts [--starts 5] [--edits 10]
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { CLI, copyExample } from '../test/support/app.js'

const { values } = parseArgs({
  options: { starts: { type: 'string', default: '5' }, edits: { type: 'string', default: '10' } },
})
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function untilOk<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const value = await probe().catch(() => undefined)
    if (value !== undefined) return value
    if (performance.now() > deadline) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 2))
  }
}

const example = copyExample('jwt-auth-cognito')
const outputs = join(example.dir, '.portcullis', 'dev', 'outputs.json')
const startTimes: number[] = []
const editTimes: number[] = []
try {
  for (let i = 0; i < Number(values.starts); i++) {
    // Every start is a cold one for the stage: fresh keys, fresh bundles.
    rmSync(join(example.dir, '.portcullis'), { recursive: true, force: true })
    const t0 = performance.now()
    const child = spawn(process.execPath, [CLI, 'dev', '--port', '0'], { cwd: example.dir, stdio: 'ignore' })
    const api = await untilOk(async () =>
      existsSync(outputs) ? JSON.parse(readFileSync(outputs, 'utf8')).MyStack.ApiEndpoint : undefined,
    )
    await untilOk(async () => ((await fetch(`${api}/public`)).status === 200 ? true : undefined))
    startTimes.push(performance.now() - t0)

    if (i === 0) {
      const file = join(example.dir, 'src/public.js')
      const original = readFileSync(file, 'utf8')
      for (let e = 0; e < Number(values.edits); e++) {
        const marker = `edit ${e}`
        writeFileSync(file, original.replace('Hello stranger!', marker))
        const saved = performance.now()
        await untilOk(async () =>
          (await (await fetch(`${api}/public`)).text()) === marker ? true : undefined,
        )
        editTimes.push(performance.now() - saved)
        await new Promise((r) => setTimeout(r, 200))
      }
      writeFileSync(file, original)
    }
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
  }
} finally {
  example.remove()
}
const fmt = (xs: number[]) =>
  `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}, n=${xs.length})`
console.log(`portcullis dev → first served request: ${fmt(startTimes)}`)
console.log(`handler saved → new code served:       ${fmt(editTimes)}`)
