import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { pinnedTickObject, pinTickObjectShape } from './tick-objects.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const MODULE = JSON.stringify(new URL('./tick-objects.ts', import.meta.url).href)

/**
 * Runs ticks, frees whatever V8 can free while no tick is queued, runs ticks again, and prints
 * the feedback state of the slots through which `process.nextTick` defines its entries' keys.
 */
function tickSlotStates(pin: boolean): string[] {
  const script = `
    import { pinTickObjectShape } from ${MODULE}
    if (${pin}) pinTickObjectShape()
    const ticks = (n) => new Promise((resolve) => {
      let left = n
      const step = () => (--left === 0 ? resolve() : process.nextTick(step))
      process.nextTick(step)
    })
    const collect = () => new Promise((resolve) => setImmediate(() => { for (let i = 0; i < 8; i++) globalThis.gc(); resolve() }))
    for (let i = 0; i < 3; i++) await ticks(20)
    await collect()
    await collect()
    await ticks(20)
    new Function('f', '%DebugPrint(f)')(process.nextTick)
  `
  // V8 prints to the C library's standard output, which arrives whole only from a file.
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-ticks-'))
  try {
    const file = join(dir, 'out.txt')
    const fd = openSync(file, 'w')
    const run = spawnSync(
      process.execPath,
      ['--allow-natives-syntax', '--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', fd, 'pipe'] },
    )
    closeSync(fd)
    assert.equal(run.status, 0, run.stderr)
    // e.g. ` - slot #52 DefineKeyedOwnPropertyInLiteral MEGAMORPHIC {`
    return [...readFileSync(file, 'utf8').matchAll(/DefineKeyedOwnPropertyInLiteral (\w+)/g)].map(
      (m) => m[1]!,
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('the pinned next-tick entry', () => {
  test('is a process.nextTick entry, captured on the next tick, once', async () => {
    pinTickObjectShape()
    await new Promise((resolve) => process.nextTick(resolve))
    const pinned = pinnedTickObject() as Record<string | symbol, unknown> | undefined
    assert.ok(pinned)
    assert.equal(typeof pinned.callback, 'function')
    assert.ok('args' in pinned)
    assert.deepEqual(
      Object.getOwnPropertySymbols(pinned).map((s) => s.description),
      ['async_id_symbol', 'trigger_async_id_symbol'],
    )
    pinTickObjectShape()
    await new Promise((resolve) => process.nextTick(resolve))
    assert.equal(pinnedTickObject(), pinned)
  })

  test('keeps process.nextTick on its fast path across full collections (V8 feedback, Node 20)', () => {
    // Without it, the entries' maps are freed and rebuilt, and the slots after the first turn
    // megamorphic for the life of the process: the failure the pin exists for.
    // (Node 20's nextTick; later versions may build their entries differently.)
    const unpinned = tickSlotStates(false)
    if (process.versions.node.startsWith('20.'))
      assert.ok(unpinned.includes('MEGAMORPHIC'), `expected the unpinned slots to degrade: ${unpinned}`)
    const pinned = tickSlotStates(true)
    assert.ok(pinned.length >= 2, `no literal slots found in nextTick's feedback: ${pinned}`)
    assert.deepEqual(
      pinned,
      pinned.map(() => 'MONOMORPHIC'),
    )
  })
})
