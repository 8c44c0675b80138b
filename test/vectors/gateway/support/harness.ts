// Runs a gateway behind a real node:http server on 127.0.0.1 with a recording fake Invoke.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { type Clock, type LogRecord, recordingLogger } from '../../../../src/core/index.js'
import {
  type ApiConfig,
  createGateway,
  type Gateway,
  type InvokeOutcome,
  type InvokeRequest,
} from '../../../../src/gateway/index.js'
import { type RawResponse, type RequestSpec, rawRequest, serialise } from './http.js'

export type FakeHandler = (event: APIGatewayProxyEventV2) => InvokeOutcome | Promise<InvokeOutcome>

export interface Harness {
  port: number
  gateway: Gateway
  /** Every Invoke call, in order: the handler ran iff it is here. */
  calls: InvokeRequest[]
  logs: LogRecord[]
  request(spec: RequestSpec | string): Promise<RawResponse>
  close(): Promise<void>
}

/** Echoes the event back as JSON, so a test can read what the handler received. */
export const echo: FakeHandler = (event) => ({
  ok: true,
  result: { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) },
})

export async function startGateway(
  config: ApiConfig,
  options: {
    handlers?: Record<string, FakeHandler>
    clock?: Clock
    fetch?: typeof fetch
    functionTimeoutMs?: (functionId: string) => number
    serverOptions?: { maxHeaderSize?: number }
    requestLog?: boolean
  } = {},
): Promise<Harness> {
  const calls: InvokeRequest[] = []
  const logs: LogRecord[] = []
  const gateway = createGateway(config, {
    invoke: async (request) => {
      calls.push(request)
      const handler = options.handlers?.[request.functionId] ?? echo
      return handler(request.event)
    },
    logger: recordingLogger(logs),
    clock: options.clock,
    fetch: options.fetch ?? (() => Promise.reject(new Error('this test allows no fetch'))),
    functionTimeoutMs: options.functionTimeoutMs,
    requestLog: options.requestLog,
  })
  const server: Server = createServer(options.serverOptions ?? {}, gateway.handle)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    port,
    gateway,
    calls,
    logs,
    request: (spec) => rawRequest(port, serialise(typeof spec === 'string' ? { target: spec } : spec)),
    close: async () => {
      gateway.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
