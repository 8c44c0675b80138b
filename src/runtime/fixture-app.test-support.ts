// Temporary handler apps for the runtime's tests: a folder under os.tmpdir() holding the
// given files, removed by `cleanup()`.

import { mkdirSync } from 'node:fs'
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

export interface FixtureApp {
  rootDir: string
  write(path: string, content: string): Promise<void>
  /** Writes a temp file beside the target and renames it over, as editors that save atomically do. */
  writeAtomically(path: string, content: string): Promise<void>
  cleanup(): Promise<void>
}

export async function fixtureApp(files: Record<string, string>): Promise<FixtureApp> {
  const rootDir = await mkdtemp(join(tmpdir(), 'portcullis-runtime-'))
  const write = async (path: string, content: string): Promise<void> => {
    const target = join(rootDir, path)
    mkdirSync(dirname(target), { recursive: true })
    await writeFile(target, content)
  }
  for (const [path, content] of Object.entries(files)) await write(path, content)
  return {
    rootDir,
    write,
    async writeAtomically(path, content) {
      const target = join(rootDir, path)
      const temp = `${target}.${process.pid}.tmp`
      await writeFile(temp, content)
      await rename(temp, target)
    },
    cleanup: () => rm(rootDir, { recursive: true, force: true }),
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

export function request(functionId: string, event: unknown = {}, timeoutMs = 5000) {
  return { functionId, event, requestId: `req-${Math.random().toString(36).slice(2, 10)}`, timeoutMs }
}
