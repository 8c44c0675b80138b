// Entry of an isolated-mode worker thread: loads one function's bundle, then runs one
// invocation at a time (Lambda semantics) as the main thread sends them. Bundled on its own
// by esbuild at runtime start, so it runs without a TypeScript loader.
import { format } from 'node:util'
import { parentPort, workerData } from 'node:worker_threads'
import type { InvokeOutcome } from './contract.js'
import { callHandler, createContext, errorInfo, findHandler } from './invocation.js'
import {
  type LogLevel,
  type LogLine,
  READY,
  type WorkerInit,
  type WorkerInvocation,
} from './worker-protocol.js'

const port = parentPort!
const init = workerData as WorkerInit
let currentRequestId = ''

process.setSourceMapsEnabled(true)
captureConsole()

const handler = findHandler(await import(init.bundleUrl), init.exportName)
if (!handler) throw new Error(`${init.sourceFile} has no export "${init.exportName}"`)

port.on('message', (invocation: WorkerInvocation) => {
  currentRequestId = invocation.requestId
  const context = createContext(init.identity, init.logStreamName, invocation.requestId, invocation.deadline)
  callHandler(handler, invocation.event, context).then(
    (result) => reply({ ok: true, result }),
    (error: unknown) => reply({ ok: false, reason: 'error', error: errorInfo(error) }),
  )
})
port.postMessage(READY)

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
