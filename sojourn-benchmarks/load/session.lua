-- wrk script for Sojourn's load benchmark (sojourn-benchmarks/load/run.sh): many client sessions,
-- each with its own cookie jar.
--
--   wrk -t 2 -c 64 -d 10s --latency -s session.lua http://127.0.0.1:PORT/read -- connect.sid 32
--
-- Arguments after "--": the session cookie's name (default connect.sid) and the number of client
-- sessions (cookie jars) per wrk thread (default 32; run.sh passes connections / threads, so there
-- are as many client sessions as connections).
--
-- How the jars work. wrk's Lua API has no connection identity (request() and response() are not
-- told which connection they serve, and responses of one thread's connections interleave), so the
-- jars belong to the thread: each thread owns N jars, and its connections take them round-robin,
-- one jar per request. Every request therefore carries exactly one client session's cookie, and
-- the thread's N sessions are used in turn.
--   * The first N requests of a thread (the first request of each of its connections when N is
--     connections / threads) go to /write without a cookie: each creates a session, and the
--     connect.sid its response sets fills one jar. Only after that does the thread send the route
--     under test, so /read and /write measure existing sessions.
--   * Every later Set-Cookie is checked against the jars: the same id again (a /write with a
--     maxAge cookie re-sends it) is fine; an unknown id means the server lost a session and
--     started a new one ("renewed", reported; run.sh fails the run when it is not 0).
--   * /read answers "{}" when it finds no session ("misses", reported; must be 0).
-- done() prints one machine-readable line starting with "SOJOURN " for run.sh, with
-- new_sessions: the sessions the server created during the run (the jars' first /write requests),
-- which run.sh uses to take their store calls out of the per-request figures.

local cookie_name = "connect.sid"
local jars_wanted = 32
local jars = {}          -- pre-formatted requests, one per client session
local known = {}         -- session cookie values seen (in a jar, or counted as new/renewed)
local creating = nil     -- the pre-formatted session-creating request
local next_jar = 0

-- per-thread counters, read by done() through thread:get()
creations = 0            -- session-creating requests made (wrk's own check of the script takes one
                         -- request() of the first thread and never sends it)
extra_creations = 0      -- of which made while no jar was filled yet
new_sessions = 0         -- distinct session ids the server sent (each one a session it created)
renewed = 0              -- of which unknown ids that arrived after the jars were full: lost sessions
misses = 0               -- /read answers without a session ("{}")
non_200 = 0              -- responses other than 200

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   if args[1] and args[1] ~= "" then
      cookie_name = args[1]
   end
   if args[2] then
      jars_wanted = tonumber(args[2])
   end
   creating = wrk.format("GET", "/write", {})
end

function request()
   if creations < jars_wanted then
      creations = creations + 1
      return creating
   end
   local count = #jars
   if count == 0 then
      -- a connection's first request arrived before any creation was answered
      creations = creations + 1
      extra_creations = extra_creations + 1
      return creating
   end
   next_jar = next_jar % count + 1
   return jars[next_jar]
end

function response(status, headers, body)
   if status ~= 200 then
      non_200 = non_200 + 1
   end
   local set_cookie = headers["Set-Cookie"] or headers["set-cookie"]
   if set_cookie then
      local prefix = cookie_name .. "="
      if set_cookie:sub(1, #prefix) == prefix then
         local value = set_cookie:sub(#prefix + 1):match("^[^;]*")
         if value ~= "" and not known[value] then
            known[value] = true
            new_sessions = new_sessions + 1
            if #jars < jars_wanted then
               jars[#jars + 1] = wrk.format(nil, nil, { ["Cookie"] = prefix .. value })
            elseif extra_creations > 0 then
               extra_creations = extra_creations - 1
            else
               renewed = renewed + 1
            end
         end
      end
   end
   if body == "{}" then
      misses = misses + 1
   end
end

function done(summary, latency, requests)
   local totals = { new_sessions = 0, renewed = 0, misses = 0, non_200 = 0 }
   for _, thread in ipairs(threads) do
      totals.new_sessions = totals.new_sessions + thread:get("new_sessions")
      totals.renewed = totals.renewed + thread:get("renewed")
      totals.misses = totals.misses + thread:get("misses")
      totals.non_200 = totals.non_200 + thread:get("non_200")
   end
   local errors = summary.errors
   io.write(string.format(
      "SOJOURN requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d "
         .. "new_sessions=%d renewed=%d misses=%d non_200=%d socket_errors=%d timeouts=%d\n",
      summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
      totals.new_sessions, totals.renewed, totals.misses, totals.non_200,
      errors.connect + errors.read + errors.write, errors.timeout))
end
