-- POST /v1/sessions: a random rights holder of logins.txt (bench.draw_login: all 5,000) logs
-- in with the benchmark password.
dofile(os.getenv("BENCH_WRK_DIR") .. "/common.lua")

function init(args)
	seed()
	emails = lines("logins.txt")
	password = os.getenv("BENCH_PASSWORD")
end

function request()
	return wrk.format("POST", "/v1/sessions", {["Content-Type"] = "application/json"},
		'{"email": "' .. pick(emails) .. '", "password": "' .. password .. '"}')
end
