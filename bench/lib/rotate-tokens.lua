-- wrk script: each request carries the next token of TOKENS_FILE, so no token repeats within a
-- cycle longer than the gateway's verified-token cache.
local tokens = {}
for line in io.lines(os.getenv("TOKENS_FILE")) do
  if #line > 0 then tokens[#tokens + 1] = "Bearer " .. line end
end
local i = 0
local path = os.getenv("TARGET_PATH") or "/"
request = function()
  i = i + 1
  if i > #tokens then i = 1 end
  return wrk.format("GET", path, { ["Authorization"] = tokens[i] })
end
