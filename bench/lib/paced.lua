-- wrk script for a paced (rate-limited) run: after each response a connection waits a random
-- 0 .. 2 × PACE_MS before its next request (uniform, so the connections do not fall into step),
-- so c connections offer about c / (PACE_MS + latency) requests per ms. A wrk2-like open loop is
-- not available on Debian; this holds the rate while latency stays well under PACE_MS, which is
-- the regime "p99 at half load" is about.
local pace = tonumber(os.getenv("PACE_MS"))
math.randomseed(os.time())
delay = function()
  return math.random(0, 2 * pace)
end
