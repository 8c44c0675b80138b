// An Invoke backed by Portcullis's handler runtime (src/runtime), for `--invoke`: the handler
// is a real file, bundled with esbuild, run in-process (BENCH_RUNTIME_MODE=inprocess, the
// production mode) or in worker threads (isolated, the default of `portcullis dev`).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '../../src/core/index.js'
import type { Invoke } from '../../src/gateway/index.js'
import { createRuntime } from '../../src/runtime/index.js'

const HANDLER = `export const main = async () => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: '{"message":"Hello user!"}',
})
`

export async function createInvoke(): Promise<Invoke> {
  const rootDir = mkdtempSync(join(tmpdir(), 'portcullis-bench-app-'))
  writeFileSync(join(rootDir, 'hello.ts'), HANDLER)
  const mode = process.env.BENCH_RUNTIME_MODE === 'isolated' ? 'isolated' : 'inprocess'
  const runtime = await createRuntime({
    rootDir,
    mode,
    functions: [{ id: 'hello', handler: 'hello.main' }],
    logger: silentLogger,
  })
  process.once('exit', () => rmSync(rootDir, { recursive: true, force: true }))
  return runtime.invoke
}
