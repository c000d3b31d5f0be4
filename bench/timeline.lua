-- wrk script: counts responses per second (2xx and 3xx only), printed as "timeline <epoch> <n>"
-- lines when wrk ends, for the requests/s-over-time plot. Use with wrk -t1.
counts = {}

function response(status, headers, body)
  if status < 400 then
    local second = os.time()
    counts[second] = (counts[second] or 0) + 1
  end
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    for second, n in pairs(thread:get("counts")) do
      io.write(string.format("timeline %d %d\n", second, n))
    end
  end
end
