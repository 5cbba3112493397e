-- wrk script: POSTs one fixed form body (BODY_FILE) to the token or introspection endpoint
-- over keep-alive connections.
local path = os.getenv("BENCH_PATH")
local file = assert(io.open(os.getenv("BODY_FILE"), "r"))
local body = file:read("*a")
file:close()
wrk.method = "POST"
wrk.path = path
wrk.body = body
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
