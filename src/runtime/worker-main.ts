// Entry of an isolated-mode worker thread: loads one function's bundle, then runs one
// invocation at a time (Lambda semantics), in the order the main thread sent them, skipping
// those it took back (worker-protocol.ts). Bundled on its own by esbuild at runtime start, so it
// runs without a TypeScript loader.
import { format } from 'node:util'
import { parentPort, workerData } from 'node:worker_threads'
import { pinTickObjectShape } from '../core/tick-objects.js'
import type { InvokeOutcome } from './contract.js'
import { callHandler, createContext, errorInfo, findHandler, type LambdaHandler } from './invocation.js'
import {
  claim,
  claimSlot,
  type LogLevel,
  type LogLine,
  POSTED,
  READY,
  STARTED,
  type WorkerInit,
  type WorkerInvocation,
} from './worker-protocol.js'

const init = workerData as WorkerInit
const port = init.replies
const claims = init.claims
let currentRequestId = ''

pinTickObjectShape()
process.setSourceMapsEnabled(true)
captureConsole()

const found = findHandler(await import(init.bundleUrl), init.exportName)
if (!found) throw new Error(`${init.sourceFile} has no export "${init.exportName}"`)
const handler: LambdaHandler = found

/** Invocations received and not run yet, oldest first; a few at most (the main thread bounds them). */
const pending: WorkerInvocation[] = []
let running = false

parentPort!.on('message', (batch: WorkerInvocation[]) => {
  for (const invocation of batch) pending.push(invocation)
  if (!running) runNext()
})
port.postMessage(READY)

/** Starts the oldest invocation the main thread has not taken back; one at a time. */
function runNext(): void {
  for (let invocation = pending.shift(); invocation; invocation = pending.shift()) {
    const slot = claimSlot(invocation.ticket)
    const posted = claim(invocation.ticket, POSTED)
    if (Atomics.compareExchange(claims, slot, posted, claim(invocation.ticket, STARTED)) !== posted) continue
    running = true
    currentRequestId = invocation.requestId
    const deadline = Math.min(invocation.deadline, Date.now() + init.timeoutMs)
    const context = createContext(init.identity, init.logStreamName, invocation.requestId, deadline)
    callHandler(handler, invocation.event, context).then(succeeded, failedWith)
    return
  }
  running = false
}

function succeeded(result: unknown): void {
  finish({ ok: true, result })
}

function failedWith(error: unknown): void {
  finish({ ok: false, reason: 'error', error: errorInfo(error) })
}

function finish(outcome: InvokeOutcome): void {
  reply(outcome)
  runNext()
}

/**
 * Structured clone is the cheap path. A result it cannot copy (functions, class instances
 * with private state) goes through JSON, which is what Lambda does to every result anyway.
 */
function reply(outcome: InvokeOutcome): void {
  try {
    port.postMessage(outcome)
  } catch (cloneError) {
    if (!outcome.ok) throw cloneError
    try {
      const json = JSON.stringify(outcome.result)
      port.postMessage({ ok: true, result: json === undefined ? undefined : JSON.parse(json) })
    } catch (error) {
      port.postMessage({ ok: false, reason: 'error', error: errorInfo(error) } satisfies InvokeOutcome)
    }
  }
}

/** Console calls become log lines for the main thread, attributed to the invocation running now. */
function captureConsole(): void {
  const levels: Record<string, LogLevel> = {
    log: 'info',
    info: 'info',
    warn: 'warn',
    error: 'error',
    debug: 'debug',
  }
  const target = console as unknown as Record<string, (...args: unknown[]) => void>
  for (const [method, level] of Object.entries(levels)) {
    target[method] = (...args: unknown[]) => {
      const line: LogLine = [level, currentRequestId, format(...args)]
      port.postMessage(line)
    }
  }
  target['trace'] = (...args: unknown[]) => {
    const stack = new Error().stack?.split('\n').slice(2).join('\n') ?? ''
    const line: LogLine = ['debug', currentRequestId, `Trace: ${format(...args)}\n${stack}`]
    port.postMessage(line)
  }
}
