import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { UserFacingError } from '../core/index.js'

/** Listens and resolves with the bound port; a taken port is a clear user-facing error. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening)
      reject(
        error.code === 'EADDRINUSE'
          ? new UserFacingError(
              `Port ${port} on ${host} is already in use. Choose another with --port, or --port 0 for a free one.`,
            )
          : error,
      )
    }
    const onListening = () => {
      server.off('error', onError)
      resolve((server.address() as AddressInfo).port)
    }
    server.once('error', onError)
    server.once('listening', onListening)
    server.listen(port, host)
  })
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

/** `http://127.0.0.1:9229`; IPv6 hosts are bracketed. */
export function originOf(host: string, port: number, protocol = 'http'): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host
  return `${protocol}://${shown.includes(':') ? `[${shown}]` : shown}:${port}`
}
