// A rate-limited (open-ish loop) run with autocannon's overallRate, for "p99 at half load": wrk
// is a closed loop and cannot hold a rate. Run pinned to the load core by the orchestrator.
// Prints one JSON line: { rps, p50, p90, p99, non2xx, errors }.
import autocannon from 'autocannon'

const [url, rate, seconds, connections, authorization] = process.argv.slice(2)
const result = await autocannon({
  url: url!,
  connections: Number(connections),
  duration: Number(seconds),
  overallRate: Number(rate),
  headers: authorization ? { authorization } : {},
})
console.log(
  JSON.stringify({
    rps: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  }),
)
