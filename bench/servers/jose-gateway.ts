// The baseline gateway: node:http + jose jwtVerify RS256 on every request, issuer and audience
// checked, no cache, no Lambda event (perf-baselines.md §3, "node:http + jose RS256, plain").
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { importJWK, jwtVerify } from 'jose'

const setup = JSON.parse(readFileSync(process.env.BENCH_SETUP!, 'utf8'))
const key = await importJWK(setup.publicJwk, 'RS256')
const hello = Buffer.from('{"message":"Hello user!"}')
const unauthorized = Buffer.from('{"message":"Unauthorized"}')
const options = { issuer: setup.issuer, audience: setup.clientId, algorithms: ['RS256'] }

const server = createServer(async (req, res) => {
  const auth = req.headers.authorization
  try {
    if (!auth?.startsWith('Bearer ')) throw new Error('no token')
    await jwtVerify(auth.slice(7), key, options)
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': hello.length })
    res.end(hello)
  } catch {
    res.writeHead(401, { 'content-type': 'application/json', 'content-length': unauthorized.length })
    res.end(unauthorized)
  }
})
server.listen(0, '127.0.0.1', () => console.log(`READY ${(server.address() as AddressInfo).port}`))

process.on('SIGTERM', () => process.exit(0))
