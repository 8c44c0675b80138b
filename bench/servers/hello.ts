// Raw node:http hello: the physical limit every ratio is taken against (perf-baselines.md §1).
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

const body = Buffer.from('{"message":"Hello user!"}')
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length })
  res.end(body)
})
server.listen(0, '127.0.0.1', () => console.log(`READY ${(server.address() as AddressInfo).port}`))

process.on('SIGTERM', () => process.exit(0))
