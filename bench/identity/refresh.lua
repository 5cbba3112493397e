-- wrk script: refresh-token grants with rotation. Each thread starts from its share of the
-- pre-minted refresh tokens in TOKENS_FILE (one per line) and replaces every token it spends
-- with the new one from the response, so no token is ever presented twice.
local path = os.getenv("BENCH_PATH")
local prefix = os.getenv("BODY_PREFIX")
local threads = {}
local counter = 0

function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  tokens = {}
  local count = tonumber(os.getenv("THREADS"))
  local n = 0
  for line in io.lines(os.getenv("TOKENS_FILE")) do
    if n % count == index then table.insert(tokens, line) end
    n = n + 1
  end
  last = tokens[1]
end

function request()
  local token = table.remove(tokens) or last
  return wrk.format("POST", path, {["Content-Type"] = "application/x-www-form-urlencoded"}, prefix .. token)
end

function response(status, headers, body)
  if status == 200 then
    local token = body:match('"refresh_token":"([^"]+)"')
    if token then table.insert(tokens, 1, token); last = token end
  end
end
