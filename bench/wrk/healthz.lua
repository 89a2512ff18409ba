-- GET /healthz: measured while login.lua keeps the password hashing busy.
dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")

function init(args)
	seed()
end

function request()
	return wrk.format("GET", "/healthz")
end
