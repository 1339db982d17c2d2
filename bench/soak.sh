#!/usr/bin/env bash
# (root) Soak runs (issue 12, item 3): nothing may grow without bound.
#
#   bench/soak.sh prober|exporter|all [MINUTES]      # MINUTES=10 by default (or $MINUTES)
#
# Every peer lives in a network namespace the script creates and deletes (its own loopback):
#   127.0.0.2  the deployment's wdm-server: nginx http :80 and https :443 (a certificate signed by a
#              CA made for the run, which the prober and the exporter are told to trust), FTP :21
#              and TDS :1433 greeters (bench/soak_peers.py)
#   127.0.0.3  hostile peers (bench/soak_peers.py): :7001 silent, :7002 garbage, :7003 one byte a
#              second, :7004 an endless header, :7005 accept then reset, :7006 a TLS handshake that
#              never ends; UDP :6969 silent (a TFTP server that is gone)
#   127.0.0.4  nginx https :443 with a self-signed certificate (the probe must flag it)
#   127.0.0.5  filtered: iptables DROPs every SYN to it
#   127.0.0.6  refused: nothing listens
#   127.0.10.0/28  thin clients (a device network): RFB greeting :5900 on .0-.7, .8-.15 dropped
# prober:   dev.wdmports.benchmarks.ProberSoak probes the mix back to back at full concurrency and
#           prints a line per 30 s (probes/s, p50/p99 per status, heap, threads, descriptors),
#           then the FLAT/GROWING verdict.
# exporter: the packaged exporter (./wdm-ports exporter) under one wrk per target kind, preflight
#           scrapes, /metrics, and slow clients (bench/slow_clients.py); every 30 s, per kind:
#           scrapes/s, p50/p99, statuses seen; the exporter's heap (jstat, then `jcmd GC.heap_info`
#           after `jcmd GC.run`), threads (/proc/PID/task), descriptors (/proc/PID/fd); then the verdict.
# The verdict (both): over the windows after the first, the last third's maximum of threads may
# exceed the first third's by 4, of descriptors by 16, of the heap after a full GC by 20 % + 4 MB;
# else GROWING and exit 1. Everything is cleaned up on exit, Ctrl-C included.
source "$(dirname "$0")/lib.sh"
mode="${1:-all}"
MINUTES="${2:-${MINUTES:-10}}"
WINDOW="${WINDOW:-30}"
case "$mode" in prober|exporter|all) ;; *) echo "usage: bench/soak.sh prober|exporter|all [MINUTES]" >&2; exit 2 ;; esac
[ "$(id -u)" = 0 ] || { echo "bench/soak.sh skipped: needs root (ip netns, iptables)" >&2; exit 2; }
for tool in ip iptables nginx openssl python3 wrk jcmd jstat curl; do
  command -v "$tool" >/dev/null || { echo "needs $tool: apt-get install -y iproute2 iptables nginx openssl python3 wrk curl (jcmd, jstat: the JDK)" >&2; exit 2; }
done
BENCH="$(cd "$(dirname "$0")" && pwd)"
bench_jar="$ROOT/wdm-ports-benchmarks/target/benchmarks.jar"

ns="wdmsoak-$$"; dir=$(mktemp -d)
cleanup() {
  trap - EXIT INT TERM
  ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
  for _ in $(seq 50); do [ -z "$(ip netns pids "$ns" 2>/dev/null)" ] && break; sleep 0.1; done
  ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$mode" != exporter ] && { [ ! -f "$bench_jar" ] || [ -n "$(cd "$ROOT" && find pom.xml wdm-ports-core \
    wdm-ports-probe wdm-ports-benchmarks -name target -prune -o \( -name pom.xml -o -path '*/src/main/*' \) \
    -newer "$bench_jar" -print -quit)" ]; }; then
  echo "soak: building $bench_jar..." >&2
  (cd "$ROOT" && ./mvnw -B -q -ntp -DskipTests -Djacoco.skip=true -pl wdm-ports-benchmarks -am package >&2)
fi
[ "$mode" = prober ] || ensure_cli

ip netns add "$ns"
in_ns() { ip netns exec "$ns" "$@"; }
in_ns ip link set lo up
in_ns iptables -w -A INPUT -p tcp --syn -d 127.0.0.5 -j DROP
in_ns iptables -w -A INPUT -p tcp --syn -d 127.0.10.8/29 -j DROP

# Certificates: a CA for the run and a server certificate it signs for 127.0.0.2; a self-signed one
# for 127.0.0.4. nginx's workers run as nobody: mktemp's directory is the owner's only.
chmod 755 "$dir"; mkdir -p "$dir/html"; echo ok > "$dir/html/index.html"
(
  cd "$dir"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=soak CA" \
    -addext basicConstraints=critical,CA:true -addext keyUsage=critical,keyCertSign,cRLSign \
    -keyout ca.key -out ca.pem
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=wdm-server" \
    -keyout server.key -out server.csr
  printf 'subjectAltName=IP:127.0.0.2\nextendedKeyUsage=serverAuth\n' > server.ext
  openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
    -extfile server.ext -out server.pem
  cat server.pem ca.pem > chain.pem
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=self" \
    -addext subjectAltName=IP:127.0.0.4 -keyout self.key -out self.pem
) >"$dir/openssl.log" 2>&1 || { cat "$dir/openssl.log" >&2; exit 3; }
cat > "$dir/nginx.conf" <<CONF
worker_processes 1; pid $dir/nginx.pid; error_log $dir/nginx-error.log; daemon off;
events { worker_connections 4096; }
http { access_log off; client_body_temp_path $dir/b; proxy_temp_path $dir/p; fastcgi_temp_path $dir/f; uwsgi_temp_path $dir/u; scgi_temp_path $dir/s;
  server { listen 127.0.0.2:80; root $dir/html; }
  server { listen 127.0.0.2:443 ssl; ssl_certificate $dir/chain.pem; ssl_certificate_key $dir/server.key; root $dir/html; }
  server { listen 127.0.0.4:443 ssl; ssl_certificate $dir/self.pem; ssl_certificate_key $dir/self.key; root $dir/html; } }
CONF
in_ns nginx -c "$dir/nginx.conf" -p "$dir" >"$dir/nginx.log" 2>&1 &
devices=(); for i in $(seq 0 7); do devices+=("127.0.10.$i:5900:vnc"); done
in_ns python3 -u "$BENCH/soak_peers.py" 127.0.0.2:21:ftp 127.0.0.2:1433:tds \
  127.0.0.3:7001:silent 127.0.0.3:7002:garbage 127.0.0.3:7003:trickle 127.0.0.3:7004:endless-header \
  127.0.0.3:7005:reset 127.0.0.3:7006:tls-stall 127.0.0.3:6969:udp-silent "${devices[@]}" \
  >"$dir/peers.log" 2>&1 &
await_ready() { for _ in $(seq 100); do grep -q ready "$1" 2>/dev/null && return 0; sleep 0.1; done; echo "not ready: $1" >&2; cat "$1" >&2; exit 3; }
await_tcp() { for _ in $(seq 100); do in_ns bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null && return 0; sleep 0.1; done; echo "nothing listens on $1:$2 in $ns; logs in $dir" >&2; cat "$dir"/*.log >&2; exit 3; }
await_ready "$dir/peers.log"
await_tcp 127.0.0.2 80; await_tcp 127.0.0.2 443; await_tcp 127.0.0.4 443

verdicts=0
run_prober() {
  echo "== prober soak, $MINUTES min, namespace $ns =="
  # shellcheck disable=SC2086
  in_ns java ${SOAK_JAVA_OPTS:--Xmx512m} -cp "$bench_jar" dev.wdmports.benchmarks.ProberSoak \
    --minutes "$MINUTES" --window-seconds "$WINDOW" --timeout 1s --ca-file "$dir/ca.pem" \
    open-tcp=127.0.0.2:80/tcp open-http=127.0.0.2:80/http open-https=127.0.0.2:443/https \
    self-signed=127.0.0.4:443/https refused=127.0.0.6:80/tcp refused-http=127.0.0.6:80/http \
    filtered=127.0.0.5:80/tcp filtered-https=127.0.0.5:443/https ftp=127.0.0.2:21/ftp \
    tds=127.0.0.2:1433/tds vnc=127.0.10.1:5900/vnc silent=127.0.0.3:7001/http \
    silent-tds=127.0.0.3:7001/tds garbage=127.0.0.3:7002/http garbage-ftp=127.0.0.3:7002/ftp \
    trickle=127.0.0.3:7003/http endless-header=127.0.0.3:7004/http reset=127.0.0.3:7005/http \
    reset-tcp=127.0.0.3:7005/tcp tls-stall=127.0.0.3:7006/https tftp-silent=127.0.0.3:6969/tftp \
    || verdicts=1
}

run_exporter() {
  echo "== exporter soak, $MINUTES min, namespace $ns =="
  cat > "$dir/site.yaml" <<YAML
name: soak
security: http-and-https
ports: {http: 80, https: 443, database: 1433}
hosts:
  - {name: wdm-server, address: 127.0.0.2, runs: [web-service, standard-service, database, master-repository]}
  - {name: admin, address: 127.0.0.1, runs: [gui]}
  - {name: thin-clients, address: 127.0.10.0/28, runs: [web-agent]}
YAML
  # --allow-any-target: the hostile, refused, filtered and self-signed peers are not the deployment's.
  # 64 scrapes at once: more than the wrk connections below, so that no scrape is rejected with 503.
  ip netns exec "$ns" "$CLI" exporter --deployment "$dir/site.yaml" --from admin --listen 127.0.0.1:9115 \
    --allow-any-target --max-concurrent-scrapes 64 --timeout 1s --ca-file "$dir/ca.pem" \
    >"$dir/exporter.log" 2>&1 &
  local pid=$!
  await_tcp 127.0.0.1 9115
  # `ip netns exec` and the launcher exec: $! is the JVM.
  grep -q java "/proc/$pid/comm" || { echo "pid $pid is $(cat "/proc/$pid/comm"), not the exporter's JVM" >&2; exit 3; }

  cat > "$dir/tally.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) seen = {} end
function response(status, headers, body)
  local s = body:match('wdmports_probe_status="([%u_]+)"} 1')
  if not s then
    local ok = body:match("\nprobe_success ([%d.]+)")
    if ok then s = (tonumber(ok) == 1) and "success" or "failure" else s = "http" .. status end
  end
  seen[s] = (seen[s] or 0) + 1
end
function done(summary, latency, requests)
  local all = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("seen")) do all[k] = (all[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(all) do table.insert(parts, k .. "=" .. v) end
  table.sort(parts)
  io.write("seen: " .. table.concat(parts, ",") .. "\n")
end
LUA
  local base="http://127.0.0.1:9115"
  # kind connections url
  local kinds=(
    "open-http 4 /probe?module=http&target=127.0.0.2:80"
    "open-https 4 /probe?module=https&target=127.0.0.2:443"
    "open-tcp 2 /probe?module=tcp&target=127.0.0.2:80"
    "ftp 1 /probe?module=ftp&target=127.0.0.2:21"
    "tds 1 /probe?module=tds&target=127.0.0.2:1433"
    "self-signed 2 /probe?module=https&target=127.0.0.4:443"
    "refused 2 /probe?module=tcp&target=127.0.0.6:80"
    "filtered 2 /probe?module=tcp&target=127.0.0.5:80"
    "silent 2 /probe?module=http&target=127.0.0.3:7001"
    "garbage 2 /probe?module=http&target=127.0.0.3:7002"
    "trickle 2 /probe?module=http&target=127.0.0.3:7003"
    "endless-header 2 /probe?module=http&target=127.0.0.3:7004"
    "reset 2 /probe?module=http&target=127.0.0.3:7005"
    "tls-stall 2 /probe?module=https&target=127.0.0.3:7006"
    "preflight-server 2 /probe?module=preflight&target=wdm-server"
    "preflight-devices 1 /probe?module=preflight&target=thin-clients"
    "metrics 1 /metrics"
  )
  ip netns exec "$ns" python3 -u "$BENCH/slow_clients.py" 127.0.0.1 9115 "${SLOW:-15}" '/probe?module=http&target=127.0.0.2:80' \
    >"$dir/slow.log" 2>&1 &
  local slow=$!
  await_ready "$dir/slow.log"
  local windows=$(( (MINUTES * 60 + WINDOW - 1) / WINDOW )) w
  : > "$dir/samples"
  printf '%6s %-18s %9s %9s %9s  %s\n' t kind scrapes/s p50_ms p99_ms statuses
  for w in $(seq "$windows"); do
    local k wrks=()
    for k in "${kinds[@]}"; do
      read -r name conns path <<<"$k"
      # Prometheus' header: a scrape deadline of 2 s - 0.5 s.
      ip netns exec "$ns" wrk -t1 -c"$conns" -d"${WINDOW}s" --timeout 10s --latency -s "$dir/tally.lua" \
        -H 'X-Prometheus-Scrape-Timeout-Seconds: 2' "$base$path" >"$dir/wrk-$name.out" 2>&1 &
      wrks+=($!)
    done
    # Threads and descriptors while the load runs, every half second: the window keeps the most.
    ( while kill -0 "${wrks[0]}" 2>/dev/null; do
        echo "$(ls "/proc/$pid/task" | wc -l) $(ls "/proc/$pid/fd" | wc -l)"; sleep 0.5
      done ) > "$dir/proc-$w" &
    local sampler=$!
    wait "${wrks[@]}" || true
    wait "$sampler" || true
    local heap after threads fds t=$((w * WINDOW))
    heap=$(jstat -gc "$pid" | awk 'NR==2 {printf "%.1f", ($3+$4+$6+$8)/1024}')
    # After the full GC, the heap as the JVM reports it (GC.heap_info): jstat's counters of eden are
    # sampled every 50 ms and may still show the heap before the collection.
    jcmd "$pid" GC.run >/dev/null
    after=$(jcmd "$pid" GC.heap_info | awk 'match($0, /total [0-9]+K, used [0-9]+K/) {
        split(substr($0, RSTART, RLENGTH), f, /[ K,]+/); kb += f[4] } END {printf "%.1f", kb / 1024}')
    read -r threads fds < <(awk '$1 > t { t = $1 } $2 > f { f = $2 } END { print t + 0, f + 0 }' "$dir/proc-$w")
    for k in "${kinds[@]}"; do
      read -r name conns path <<<"$k"
      awk -v t="$t" -v kind="$name" '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /Requests\/sec:/ { rate = $2 }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        /^seen:/ { seen = $2 }
        /Socket errors/ { errs = " " $0 }
        END { printf "%6s %-18s %9.1f %9.2f %9.2f  %s%s\n", t "s", kind, rate, p50, p99, seen, errs }' "$dir/wrk-$name.out"
    done
    local scrapes
    scrapes=$(in_ns curl -s "$base/metrics" | awk '/^wdmports_exporter_scrapes_total/ {gsub(/.*result="/, "", $1); gsub(/".*/, "", $1); printf "%s=%d ", $1, $2}')
    printf '%6s exporter: heap %s MB, after GC %s MB, at most %s threads and %s fds; scrapes_total %s\n' "${t}s" "$heap" "$after" "$threads" "$fds" "$scrapes"
    echo "$after $threads $fds" >> "$dir/samples"
  done
  kill "$slow"; wait "$slow" 2>/dev/null || true; cat "$dir/slow.log" | grep -v ready
  kill "$pid"; wait "$pid" 2>/dev/null || true
  grep -iE 'exception|error' "$dir/exporter.log" | head -5 || true
  # The verdict: the windows after the first, the last third against the first.
  awk -v TS=4 -v FS_=16 'NR > 1 || total <= 3 { a[++n] = $1; t[n] = $2; f[n] = $3 }
    END {
      third = int(n / 3); if (third < 1) third = 1
      for (i = 1; i <= third; i++) { if (a[i] > a0) a0 = a[i]; if (t[i] > t0) t0 = t[i]; if (f[i] > f0) f0 = f[i] }
      for (i = n - third + 1; i <= n; i++) { if (a[i] > a1) a1 = a[i]; if (t[i] > t1) t1 = t[i]; if (f[i] > f1) f1 = f[i] }
      th = (t1 <= t0 + TS); fd = (f1 <= f0 + FS_); hp = (a1 <= a0 * 1.2 + 4)
      printf "verdict: %s (max of the first and last third of %d windows: threads %d -> %d %s, fds %d -> %d %s, heap after GC %.1f -> %.1f MB %s)\n",
        (th && fd && hp) ? "FLAT" : "GROWING", n, t0, t1, th ? "flat" : "GROWING", f0, f1, fd ? "flat" : "GROWING", a0, a1, hp ? "flat" : "GROWING"
      exit !(th && fd && hp) }' total="$(wc -l < "$dir/samples")" "$dir/samples" || verdicts=1
}

case "$mode" in
  prober) run_prober ;;
  exporter) run_exporter ;;
  all) run_prober; run_exporter ;;
esac
exit "$verdicts"
