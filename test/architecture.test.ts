// The dependency picture of design.md, enforced: each folder of src/ may import only the
// folders listed here (plus itself). A new import that breaks the picture fails this test.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { test } from 'node:test'

const SRC = resolve(import.meta.dirname, '../src')

const ALLOWED: Record<string, string[]> = {
  core: [],
  app: ['core'],
  tokens: ['core'],
  userpool: ['core', 'tokens'],
  oauth: ['core', 'tokens', 'userpool'],
  'hosted-ui': ['core', 'tokens', 'userpool', 'oauth'],
  storage: ['core', 'tokens', 'userpool', 'oauth'],
  gateway: ['core', 'app'],
  runtime: ['core', 'app'],
  server: ['core', 'app', 'tokens', 'userpool', 'oauth', 'hosted-ui', 'storage', 'gateway', 'runtime'],
  cli: ['core', 'app', 'server'],
}

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* sourceFiles(path)
    else if (entry.name.endsWith('.ts')) yield path
  }
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g

test('src/ folders import only what design.md allows', () => {
  const violations: string[] = []
  for (const file of sourceFiles(SRC)) {
    const from = relative(SRC, file).split(sep)[0]!
    const allowed = ALLOWED[from]
    if (!allowed) {
      violations.push(`${relative(SRC, file)}: folder "${from}" is not in the dependency picture`)
      continue
    }
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2]!
      if (!spec.startsWith('.')) continue
      const target = relative(SRC, resolve(file, '..', spec)).split(sep)[0]!
      if (target === from || target.startsWith('..')) continue
      if (!allowed.includes(target))
        violations.push(`${relative(SRC, file)} imports ${spec} (${from} -> ${target})`)
    }
  }
  assert.deepEqual(violations, [])
})
