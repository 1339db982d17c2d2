#!/usr/bin/env bash
# The exporter beside blackbox_exporter (fleet issue, "Measure 3"): scrapes per second of
# `/probe?module=http` against a local nginx at concurrency 16, and blackbox_exporter's `http_2xx`
# module on the same nginx under the same load, in the same run: `wrk -c16 -t2 -d${DURATION}s
# --latency`, interleaved runs, medians of scrapes/s and of p50/p99 latency. Every response is
# checked by a wrk script: a scrape counts only when it is HTTP 200 with `probe_success 1` (a fast
# failure is not a win); the script fails when any scrape is not. Loopback only.
#
#   bench/exporter.sh                      # RUNS=5 DURATION=15
#   RUNS=3 DURATION=10 bench/exporter.sh
#   EXPORTER_OPTS='--max-concurrent-scrapes 32' bench/exporter.sh
source "$(dirname "$0")/lib.sh"
DURATION="${DURATION:-15}"
CONNECTIONS="${CONNECTIONS:-16}"
BLACKBOX="${BLACKBOX:-$(command -v prometheus-blackbox-exporter || true)}"
for tool in nginx wrk curl; do
  command -v "$tool" >/dev/null || { echo "needs $tool: apt-get install -y nginx wrk curl" >&2; exit 2; }
done
[ -n "$BLACKBOX" ] || { echo "needs blackbox_exporter: apt-get install -y prometheus-blackbox-exporter" >&2; exit 2; }
ensure_cli

dir=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
await_tcp() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "nothing listens on 127.0.0.1:$1; logs in $dir" >&2; cat "$dir"/*.log >&2; exit 3; }

nginx_port=$(free_port); ours_port=$(free_port); theirs_port=$(free_port)
# nginx's workers run as nobody: mktemp's directory is the owner's only.
chmod 755 "$dir"; mkdir -p "$dir/html"; echo ok > "$dir/html/index.html"
cat > "$dir/nginx.conf" <<CONF
worker_processes 1; pid $dir/nginx.pid; error_log $dir/nginx-error.log; daemon off;
events { worker_connections 1024; }
http { access_log off; client_body_temp_path $dir/b; proxy_temp_path $dir/p; fastcgi_temp_path $dir/f; uwsgi_temp_path $dir/u; scgi_temp_path $dir/s;
  server { listen 127.0.0.1:$nginx_port; root $dir/html; } }
CONF
nginx -c "$dir/nginx.conf" -p "$dir" >"$dir/nginx.log" 2>&1 & pids+=($!)

# The deployment only has to name the exporter's own host; --allow-any-target lets it probe nginx.
# --max-concurrent-scrapes as many as wrk's connections: beyond the bound (8 by default) a scrape
# gets 503 at once, which the check would count as a failure.
cat > "$dir/site.yaml" <<YAML
name: bench
hosts:
  - name: this-host
    address: 127.0.0.1
    runs: [gui]
YAML
# shellcheck disable=SC2086
"$CLI" exporter --deployment "$dir/site.yaml" --from this-host --listen "127.0.0.1:$ours_port" \
  --allow-any-target --max-concurrent-scrapes "$CONNECTIONS" ${EXPORTER_OPTS:-} >"$dir/ours.log" 2>&1 & pids+=($!)

cat > "$dir/blackbox.yml" <<YAML
modules:
  http_2xx: {prober: http, timeout: 5s}
YAML
"$BLACKBOX" --config.file="$dir/blackbox.yml" --web.listen-address="127.0.0.1:$theirs_port" >"$dir/blackbox.log" 2>&1 & pids+=($!)
await_tcp "$nginx_port"; await_tcp "$ours_port"; await_tcp "$theirs_port"

ours_url="http://127.0.0.1:$ours_port/probe?module=http&target=127.0.0.1:$nginx_port"
theirs_url="http://127.0.0.1:$theirs_port/probe?module=http_2xx&target=http://127.0.0.1:$nginx_port/"
for url in "$ours_url" "$theirs_url"; do
  curl -fsS "$url" | grep -Eq '^probe_success 1(\.0)?$' || { echo "not a success: $url" >&2; curl -sS "$url" >&2; exit 3; }
done

# Counts the scrapes that are HTTP 200 with probe_success 1, over all of wrk's threads.
cat > "$dir/check.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) ok = 0; bad = 0 end
function response(status, headers, body)
  if status == 200 and body:find("\nprobe_success 1", 1, true) then ok = ok + 1 else bad = bad + 1 end
end
function done(summary, latency, requests)
  local o, b = 0, 0
  for _, t in ipairs(threads) do o = o + t:get("ok"); b = b + t:get("bad") end
  io.write(string.format("checked: %d success %d not\n", o, b))
end
LUA

# load URL SECONDS: prints "rate p50_ms p99_ms success not"
load() {
  wrk -c"$CONNECTIONS" -t2 -d"$2"s --latency -s "$dir/check.lua" "$1" > "$dir/wrk.out" 2>&1 || { cat "$dir/wrk.out" >&2; exit 3; }
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec:/ { rate = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /^checked:/ { ok = $2; bad = $4 }
    END { printf "%s %.2f %.2f %s %s\n", rate, p50, p99, ok, bad }' "$dir/wrk.out"
}

# A warm-up of both (the JVM compiles its hot paths; Go has nothing to warm), not counted.
load "$ours_url" 5 >/dev/null; load "$theirs_url" 5 >/dev/null
o_rate=(); o_p50=(); o_p99=(); t_rate=(); t_p50=(); t_p99=(); failures=0
for i in $(seq "$RUNS"); do
  # Alternate who goes first: the VM's speed drifts.
  if (( i % 2 )); then order=(ours theirs); else order=(theirs ours); fi
  for who in "${order[@]}"; do
    if [ "$who" = ours ]; then url=$ours_url; else url=$theirs_url; fi
    read -r rate p50 p99 ok bad < <(load "$url" "$DURATION")
    failures=$((failures + bad))
    if [ "$who" = ours ]; then o_rate+=("$rate"); o_p50+=("$p50"); o_p99+=("$p99"); name=wdm-ports
    else t_rate+=("$rate"); t_p50+=("$p50"); t_p99+=("$p99"); name=blackbox; fi
    echo "run $i $name: $rate scrapes/s, p50 $p50 ms, p99 $p99 ms ($ok success, $bad not)" >&2
  done
done
med() { printf '%s\n' "$@" | median; }
mo=$(med "${o_rate[@]}"); mt=$(med "${t_rate[@]}")
echo "exporter, $CONNECTIONS connections, median over $RUNS runs of ${DURATION}s:" \
  "wdm-ports $mo scrapes/s (p50 $(med "${o_p50[@]}") ms, p99 $(med "${o_p99[@]}") ms)," \
  "blackbox_exporter $mt scrapes/s (p50 $(med "${t_p50[@]}") ms, p99 $(med "${t_p99[@]}") ms)," \
  "ratio $(echo "scale=2; $mo / $mt" | bc)"
if [ "$failures" -ne 0 ]; then echo "$failures scrapes were not HTTP 200 with probe_success 1" >&2; exit 1; fi
