import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** Debian's AWS CLI (installed by .ci/run), else whatever `aws` is on PATH. */
export const AWS_CLI = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws'

/**
 * Runs `aws <args>` in a clean environment: no user config, only the credentials and endpoint
 * given. Resolves with stdout parsed as JSON (or null when empty); rejects with stderr.
 */
export async function aws(args: string[], env: Record<string, string> = {}): Promise<unknown> {
  const home = mkdtempSync(join(tmpdir(), 'portcullis-aws-'))
  const { stdout } = await run(AWS_CLI, [...args, '--output', 'json'], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      AWS_PAGER: '',
      ...env,
    },
    timeout: 60_000,
  })
  return stdout.trim() === '' ? null : JSON.parse(stdout)
}
