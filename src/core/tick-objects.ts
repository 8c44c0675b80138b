import { executionAsyncResource } from 'node:async_hooks'

let pinned: object | undefined
let pinning = false

/**
 * Keeps one of Node's `process.nextTick` queue entries alive for the life of the process.
 *
 * Node 20 builds each entry as an object literal whose first keys are computed (its async id
 * symbols). V8 defines such keys through a feedback slot that turns megamorphic for good as soon
 * as it meets a receiver of another hidden class ("map") than the first one it saw. The maps of
 * these short-lived entries are held only weakly: a full garbage collection that runs while no
 * entry is queued can free them, the next entry is built on new maps, and from then on every
 * `process.nextTick` goes through the V8 runtime, about 0.2 µs more per call (265 against 49 ns,
 * measured after forcing it). node:http and the streams call it several times per request, so a
 * process that hits this (about one in fifteen, depending on when its first full collections
 * run) serves ~30 % fewer requests for the rest of its life (docs/benchmarks.md). An entry that
 * never dies keeps its maps, and their transitions, alive.
 *
 * The entry is the one that runs the capture: inside a tick, `executionAsyncResource()` is the
 * entry itself. (An async hook would find it too, but enabling one installs V8 promise hooks,
 * which switch off TurboFan's promise and async-function inlining for the rest of the process.)
 * Call it early, before the process has run long enough for a full collection; calling it
 * again does nothing.
 */
export function pinTickObjectShape(): void {
  if (pinning) return
  pinning = true
  process.nextTick(pin)
}

function pin(): void {
  pinned = executionAsyncResource()
}

/** The pinned entry, once the tick that captures it has run. */
export function pinnedTickObject(): object | undefined {
  return pinned
}
