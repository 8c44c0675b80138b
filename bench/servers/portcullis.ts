// Portcullis's gateway behind node:http, with a public and a JWT-protected route on one handler.
// BENCH_INVOKE names a module exporting `createInvoke(): Invoke | Promise<Invoke>` (default: in-process).
// First, as in the CLI: keeps the process off V8's slow path for process.nextTick (core/tick-objects.ts).
import '../../src/cli/preamble.js'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'
import { createCliLogger } from '../../src/cli/output.js'
import { type Logger, silentLogger } from '../../src/core/index.js'
import { createGateway, type Invoke } from '../../src/gateway/index.js'

const setup = JSON.parse(readFileSync(process.env.BENCH_SETUP!, 'utf8'))
const invokeModule = process.env.BENCH_INVOKE ?? new URL('./in-process-invoke.ts', import.meta.url).href
const { createInvoke } = (await import(
  invokeModule.startsWith('file:') ? invokeModule : pathToFileURL(invokeModule).href
)) as {
  createInvoke: () => Invoke | Promise<Invoke>
}
const jwks = JSON.stringify({ keys: [{ ...setup.publicJwk, kid: setup.kid, alg: 'RS256', use: 'sig' }] })
// BENCH_LOG=cli: the JSON request log of `portcullis start` (buffered pino), into /dev/null.
const logger: Logger = process.env.BENCH_LOG === 'cli' ? createCliLogger('json', '/dev/null') : silentLogger

const gateway = createGateway(
  {
    apiId: 'bench',
    name: 'bench',
    region: 'us-east-1',
    authorizers: [
      { name: 'jwt', issuer: setup.issuer, audience: [setup.clientId], jwksUri: `${setup.issuer}/jwks.json` },
    ],
    routes: [
      { routeKey: 'GET /public', functionId: 'hello' },
      { routeKey: 'GET /private', functionId: 'hello', authorizer: 'jwt' },
    ],
  },
  {
    invoke: await createInvoke(),
    logger,
    fetch: async () => new Response(jwks, { headers: { 'content-type': 'application/json' } }),
  },
)
const server = createServer({ maxHeaderSize: 16_384 }, gateway.handle)
server.listen(0, '127.0.0.1', () => console.log(`READY ${(server.address() as AddressInfo).port}`))

process.on('SIGTERM', () => process.exit(0))
