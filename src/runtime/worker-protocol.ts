import type { MessagePort } from 'node:worker_threads'
import type { LambdaIdentity } from './lambda-identity.js'

/** `workerData` of an isolated-mode worker: one deployed function. */
export interface WorkerInit {
  bundleUrl: string
  exportName: string
  /** Handler file as the user wrote it, for load errors. */
  sourceFile: string
  identity: LambdaIdentity
  logStreamName: string
  /** The function's own timeout: a run's deadline is the earlier of this from its start and the request's. */
  timeoutMs: number
  /** Worker → main: READY, log lines and outcomes, in the order they happened. */
  replies: MessagePort
  /** Claim words over a SharedArrayBuffer, `CLAIM_SLOTS` of them (see `claim`). */
  claims: Int32Array
}

/** Main → worker: one invocation. `deadline` is the request's, in epoch ms. */
export interface WorkerInvocation {
  event: unknown
  requestId: string
  deadline: number
  ticket: number
}

/**
 * Main → worker messages are batches (`WorkerInvocation[]`). The worker runs them one at a time,
 * in order, as Lambda runs one invocation per environment at a time; a batch only saves the main
 * thread a message and the worker a wake-up per invocation.
 *
 * An invocation handed to a busy worker has not started, and the main thread may take it back
 * (its deadline passed, another worker went idle, the deployment retired, the worker died). Each
 * ticket has a claim word, `ticket * 4 + state`, in slot `ticket % CLAIM_SLOTS`: the main thread
 * sets POSTED, then exactly one compare-and-swap wins, the worker's to STARTED or the main
 * thread's to CANCELLED. The ticket in the word keeps a reused slot from being mistaken for an old
 * ticket's. A worker never has more than `CLAIM_SLOTS` tickets outstanding.
 */
export const CLAIM_SLOTS = 64
export const POSTED = 1
export const STARTED = 2
export const CANCELLED = 3

const TICKET_MASK = 0x1fffffff

export function claimSlot(ticket: number): number {
  return ticket % CLAIM_SLOTS
}

export function claim(ticket: number, state: number): number {
  return ((ticket & TICKET_MASK) << 2) | state
}

/** Worker → main, once, when the module is loaded and the export found. */
export const READY = 'ready'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/** Worker → main: one console call of the handler, already formatted. */
export type LogLine = [level: LogLevel, requestId: string, text: string]

// Worker → main otherwise: an InvokeOutcome, the answer to the oldest started invocation.
