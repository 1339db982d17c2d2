#!/usr/bin/env bash
# HTTP handshakes against a local nginx: wdm-ports probes per second at concurrency 64 (10,000
# probes, each a fresh connection, request, status line) against `ab -n 10000 -c 64` (no
# keep-alive), the ceiling for fresh-connection HTTP on this machine. Interleaved runs, medians.
source "$(dirname "$0")/lib.sh"
ensure_cli
command -v nginx >/dev/null && command -v ab >/dev/null || { echo "needs nginx and ab: apt-get install -y nginx apache2-utils" >&2; exit 2; }
dir=$(mktemp -d); port=$(free_port)
mkdir -p "$dir/html"; echo ok > "$dir/html/index.html"
cat > "$dir/nginx.conf" <<CONF
worker_processes 2; pid $dir/nginx.pid; error_log $dir/error.log; daemon off;
events { worker_connections 4096; }
http { access_log off; client_body_temp_path $dir/b; proxy_temp_path $dir/p; fastcgi_temp_path $dir/f; uwsgi_temp_path $dir/u; scgi_temp_path $dir/s;
  server { listen 127.0.0.1:$port; root $dir/html; } }
CONF
nginx -c "$dir/nginx.conf" -p "$dir" & NGINX=$!
trap 'kill $NGINX 2>/dev/null; rm -rf "$dir"' EXIT
for i in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
targets=(); for i in $(seq 10000); do targets+=("127.0.0.1:$port/http"); done
ours=(); theirs=()
for i in $(seq "$RUNS"); do
  t0=$(now); "$CLI" probe "${targets[@]}" --concurrency 64 --format summary > /tmp/wdm-http.out || true; t1=$(now)
  ms=$(awk '/^elapsed:/ {print $2}' /tmp/wdm-http.out)
  ours+=("$(echo "scale=1; 10000 * 1000 / $ms" | bc)")
  theirs+=("$(ab -q -n 10000 -c 64 "http://127.0.0.1:$port/" 2>/dev/null | awk '/Requests per second/ {print $4}')")
  echo "run $i: wdm-ports ${ours[-1]} probes/s (process $(echo "$t1 - $t0" | bc) s, $(grep -E '^OPEN' /tmp/wdm-http.out)), ab ${theirs[-1]} req/s" >&2
done
mo=$(printf '%s\n' "${ours[@]}" | median); mt=$(printf '%s\n' "${theirs[@]}" | median)
echo "HTTP median over $RUNS runs: wdm-ports ${mo} probes/s, ab ${mt} req/s, ratio $(echo "scale=2; $mo / $mt" | bc)"
